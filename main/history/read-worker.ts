/**
 * History reads on a worker thread, for a process that also polls (the desktop app): a month's chart series takes
 * tens to hundreds of milliseconds of synchronous SQLite work (see the bench), which on the polling thread would
 * delay the reading of NTP replies and so distort their timing. The CLI reads on its own thread: it polls nothing.
 */
import { Worker } from 'node:worker_threads';
import type { ChartRange, HistoryRange, OpenFailure, Series } from './reader.js';
import { HistoryReadError } from './reader.js';
import type { HistoryRow } from './rows.js';

export type ReadRequest = { id: number } & ({ kind: 'series'; range: ChartRange } | { kind: 'rows'; range: HistoryRange } | { kind: 'close' });
export type ReadReply = { id: number } & ({ ok: true; value: Series[] | HistoryRow[] } | { ok: false; failure: OpenFailure });

export class HistoryReadWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private nextId = 0;

  /** Starts the thread; a file that cannot be read is reported by the first request (HistoryReadError). */
  constructor(file: string) {
    this.worker = new Worker(new URL('./reader-thread.js', import.meta.url), { workerData: { file } });
    this.worker.on('message', (reply: ReadReply) => {
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (reply.ok) waiting?.resolve(reply.value);
      else waiting?.reject(new HistoryReadError(reply.failure));
    });
    // A thread that dies (out of memory, a bug) fails what waits instead of leaving it hanging.
    const failAll = (error: Error) => {
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    this.worker.on('error', failAll);
    this.worker.on('exit', () => failAll(new Error('the history reader thread ended')));
  }

  /** Chart series (see HistoryReader.series), computed off this thread. */
  series(range: ChartRange): Promise<Series[]> {
    return this.request({ kind: 'series', range }) as Promise<Series[]>;
  }

  /** Rows of a range (see HistoryReader.rows), gathered off this thread: for ranges a window shows, not exports. */
  rows(range: HistoryRange): Promise<HistoryRow[]> {
    return this.request({ kind: 'rows', range }) as Promise<HistoryRow[]>;
  }

  /** Closes the file and ends the thread. */
  async close(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage({ id: this.nextId++, kind: 'close' } satisfies ReadRequest);
    await exited;
  }

  private request(body: { kind: 'series'; range: ChartRange } | { kind: 'rows'; range: HistoryRange }): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, ...body } satisfies ReadRequest);
    });
  }
}

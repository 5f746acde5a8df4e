/**
 * History reads on a worker thread, for a process that also polls (the desktop app): a month's chart series takes
 * tens to hundreds of milliseconds of synchronous SQLite work (see the bench), which on the polling thread would
 * delay the reading of NTP replies and so distort their timing. The CLI reads on its own thread: it polls nothing.
 */
import { Worker } from 'node:worker_threads';
import type { Series } from '../contract.js';
import type { ChartRange, HistoryRange, OpenFailure } from './reader.js';
import { HistoryReadError } from './reader.js';
import type { HistoryRow } from './rows.js';

export type ReadRequest = { id: number } & ({ kind: 'series'; range: ChartRange } | { kind: 'rows'; range: HistoryRange } | { kind: 'close' });
export type ReadReply = { id: number } & ({ ok: true; value: Series[] | HistoryRow[] } | { ok: false; failure: OpenFailure });

/** Starts the reader thread for a file (the default); the tests pass their own to kill it or break its script. */
export type StartThread = (file: string) => Worker;

/** The built reader-thread.js next to this file, given the file to read. */
export const startReaderThread: StartThread = (file) => new Worker(new URL('./reader-thread.js', import.meta.url), { workerData: { file } });

/** One running thread and what it was asked; `exited` settles when it is gone, however it went. */
interface Thread {
  worker: Worker;
  pending: Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>;
  answered: boolean;
  exited: Promise<void>;
}

export class HistoryReadWorker {
  private thread: Thread | undefined;
  /** Set when a thread died asked but before answering anything (its script did not load): none is started again. */
  private broken: Error | undefined;
  private closed = false;
  private nextId = 0;

  /** Starts the thread; a file that cannot be read is reported by the first request (HistoryReadError). */
  constructor(
    private readonly file: string,
    private readonly start: StartThread = startReaderThread,
  ) {
    this.thread = this.open();
  }

  /** Chart series (see HistoryReader.series), computed off this thread. */
  series(range: ChartRange): Promise<Series[]> {
    return this.request({ kind: 'series', range }) as Promise<Series[]>;
  }

  /** Rows of a range (see HistoryReader.rows), gathered off this thread: for ranges a window shows, not exports. */
  rows(range: HistoryRange): Promise<HistoryRow[]> {
    return this.request({ kind: 'rows', range }) as Promise<HistoryRow[]>;
  }

  /** Closes the file and ends the thread; at once when the thread is already gone. */
  async close(): Promise<void> {
    this.closed = true;
    const thread = this.thread;
    if (!thread) return;
    thread.worker.postMessage({ id: this.nextId++, kind: 'close' } satisfies ReadRequest);
    await thread.exited;
  }

  private request(body: { kind: 'series'; range: ChartRange } | { kind: 'rows'; range: HistoryRange }): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('the history reader is closed'));
    if (this.broken) return Promise.reject(this.broken);
    // A thread that crashed after serving requests is replaced on the next request: the status window keeps working.
    const thread = (this.thread ??= this.open());
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      thread.pending.set(id, { resolve, reject });
      thread.worker.postMessage({ id, ...body } satisfies ReadRequest);
    });
  }

  private open(): Thread {
    const worker = this.start(this.file);
    let lastError: Error | undefined;
    let ended!: () => void;
    const thread: Thread = { worker, pending: new Map(), answered: false, exited: new Promise((resolve) => (ended = resolve)) };
    worker.on('message', (reply: ReadReply) => {
      thread.answered = true;
      const waiting = thread.pending.get(reply.id);
      thread.pending.delete(reply.id);
      if (reply.ok) waiting?.resolve(reply.value);
      else waiting?.reject(new HistoryReadError(reply.failure));
    });
    // Without a listener an 'error' would be thrown on this thread; the exit that follows fails what waits.
    worker.on('error', (error) => (lastError = error));
    worker.on('exit', (code) => {
      // Remembered at once, so nothing is posted to a dead thread and close() never waits for this exit again.
      if (this.thread === thread) this.thread = undefined;
      const error = new Error(`the history reader thread ended (exit code ${code})${lastError ? `: ${lastError.message}` : ''}`);
      if (!thread.answered && thread.pending.size > 0 && !this.closed) this.broken = error;
      for (const waiting of thread.pending.values()) waiting.reject(error);
      thread.pending.clear();
      ended();
    });
    return thread;
  }
}

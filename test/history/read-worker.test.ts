import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker as Thread } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import type { HistoryReadWorker as Worker, StartThread } from '../../main/history/read-worker.js';
import { HistoryReader } from '../../main/history/reader.js';
import { failureResult, sampleResult } from '../support/results.js';
import { eventOf, openStore, tempDir } from './helpers.js';

// The thread runs the built JavaScript, as in the app: the worker file has to exist as .js.
const BUILT = resolve('dist/main/history/read-worker.js');
const tmp = tempDir();
afterAll(() => tmp.remove());

type Built = typeof import('../../main/history/read-worker.js');

async function built(): Promise<Built> {
  if (!existsSync(BUILT)) throw new Error(`${BUILT} is missing: run \`npm run build\` first (npm test does).`);
  return (await import(pathToFileURL(BUILT).href)) as Built;
}

async function workerFor(file: string, start?: StartThread): Promise<Worker> {
  const { HistoryReadWorker } = await built();
  return new HistoryReadWorker(file, start);
}

/** Fails with `what` instead of letting a promise that never settles run into the test's timeout. */
function within<T>(promise: Promise<T>, what: string, ms = 5_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: still waiting after ${ms} ms`)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

async function historyFile(name: string): Promise<{ file: string; range: { from: number; to: number; budget: number } }> {
  const file = tmp.path(name);
  const { store } = await openStore(file);
  const t0 = Date.UTC(2026, 10, 1);
  for (let i = 0; i < 20; i++) store.onResult(eventOf(sampleResult('w.test', i / 10, t0 + i * 64_000)));
  store.close();
  return { file, range: { from: t0, to: t0 + 20 * 64_000, budget: 10 } };
}

describe('HistoryReadWorker', () => {
  it('answers series and rows from its own thread exactly as the reader does on this one', async () => {
    const file = tmp.path('worker.sqlite');
    const { store } = await openStore(file);
    const t0 = Date.UTC(2026, 10, 1);
    for (let i = 0; i < 3_000; i++) {
      const at = t0 + i * 64_000;
      store.onResult(eventOf(i % 97 === 0 ? failureResult('w.test', 'timeout', undefined, at) : sampleResult('w.test', Math.cos(i / 40) * 3, at)));
    }
    store.close();
    const range = { from: t0, to: t0 + 3_000 * 64_000, budget: 300 };
    const reader = await HistoryReader.open(file);
    const expected = { series: reader.series(range), rows: [...reader.rows({ from: t0, to: t0 + 640_000 })] };
    reader.close();

    const worker = await workerFor(file);
    try {
      expect(await worker.series(range)).toEqual(expected.series);
      expect(await worker.rows({ from: t0, to: t0 + 640_000 })).toEqual(expected.rows);
      expect(expected.rows).toHaveLength(10);
    } finally {
      await worker.close();
    }
  });

  it('rejects each request with the reason when the file cannot be read', async () => {
    const worker = await workerFor(tmp.path('missing.sqlite'));
    await expect(worker.series({ from: 0, to: 1, budget: 1 })).rejects.toMatchObject({ failure: { kind: 'missing' } });
    // Still alive after the failure, and a later request gets the same answer from it.
    await expect(worker.rows({ from: 0, to: 1 })).rejects.toMatchObject({ failure: { kind: 'missing' } });
    await within(worker.close(), 'close() of a thread whose file never opened');
  });

  it('fails what waits on a killed thread, starts a new one on the next request, and closes without waiting on the dead one', async () => {
    const { file, range } = await historyFile('killed.sqlite');
    const { startReaderThread } = await built();
    const threads: Thread[] = [];
    const worker = await workerFor(file, (f) => {
      const thread = startReaderThread(f);
      threads.push(thread);
      return thread;
    });
    const expected = await within(worker.series(range), 'first answer');
    expect(expected[0]!.server).toBe('w.test');

    // The thread is told to stop before the request is posted, so the request cannot be answered first (under load
    // a quick thread did answer a request posted before terminate()).
    const dying = threads[0]!.terminate();
    const waiting = worker.series(range);
    await dying;
    await expect(within(waiting, 'request waiting when the thread died')).rejects.toThrow(/history reader thread ended/);

    expect(await within(worker.series(range), 'request after the death')).toEqual(expected);
    expect(threads).toHaveLength(2);

    await threads[1]!.terminate();
    await within(worker.close(), 'close() after the thread died');
    await expect(worker.series(range)).rejects.toThrow(/closed/);
    expect(threads).toHaveLength(2);
  });

  it('rejects every request at once when the thread cannot start (its script fails to load), and starts no more', async () => {
    const { file, range } = await historyFile('no-script.sqlite');
    let started = 0;
    const worker = await workerFor(file, () => (started++, new Thread("throw new Error('Cannot find module reader-thread.js')", { eval: true })));
    await expect(within(worker.series(range), 'first request')).rejects.toThrow(/thread ended \(exit code 1\): Cannot find module/);
    await expect(within(worker.rows(range), 'second request')).rejects.toThrow(/Cannot find module/);
    expect(started).toBe(1);
    await within(worker.close(), 'close() of a thread that never started');
  });
});

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { HistoryReadWorker as Worker } from '../../main/history/read-worker.js';
import { HistoryReader } from '../../main/history/reader.js';
import { failureResult, sampleResult } from '../support/results.js';
import { eventOf, openStore, tempDir } from './helpers.js';

// The thread runs the built JavaScript, as in the app: the worker file has to exist as .js.
const BUILT = resolve('dist/main/history/read-worker.js');
const tmp = tempDir();
afterAll(() => tmp.remove());

async function workerFor(file: string): Promise<Worker> {
  if (!existsSync(BUILT)) throw new Error(`${BUILT} is missing: run \`npm run build\` first (npm test does).`);
  const { HistoryReadWorker } = (await import(pathToFileURL(BUILT).href)) as typeof import('../../main/history/read-worker.js');
  return new HistoryReadWorker(file);
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
    await worker.close();
  });
});

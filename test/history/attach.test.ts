import { afterAll, describe, expect, it } from 'vitest';
import { attachHistory } from '../../main/history/attach.js';
import { HistoryReader } from '../../main/history/reader.js';
import { Scheduler } from '../../main/scheduler/scheduler.js';
import { defaultSettings } from '../../main/settings/settings.js';
import { sampleResult } from '../support/results.js';
import { tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.remove());

async function offsetsIn(file: string): Promise<number[]> {
  const reader = await HistoryReader.open(file);
  const offsets = [...reader.rows({ from: 0, to: Number.MAX_SAFE_INTEGER })].map((r) => r.offsetMs!);
  reader.close();
  return offsets;
}

describe('attachHistory', () => {
  it('records every scheduler result, follows a change of file and of retention, and stops when the file is cleared', async () => {
    let offset = 0;
    const settings = defaultSettings(['192.0.2.1']);
    const scheduler = new Scheduler(settings, { query: async (server) => sampleResult(++offset, server.text, Date.now()) });
    const first = tmp.path('first.sqlite');
    const second = tmp.path('second.sqlite');
    const told: string[] = [];
    const history = await attachHistory(scheduler, { historyFile: first, historyRetentionDays: 30 }, { language: 'en', onTrouble: (m) => told.push(m) });
    await scheduler.checkNow();
    await history.update({ historyFile: first, historyRetentionDays: 7 }, 'en');
    expect(history.store?.retentionDays).toBe(7);
    await scheduler.checkNow();
    await history.update({ historyFile: second, historyRetentionDays: 7 }, 'en');
    await scheduler.checkNow();
    await history.update({ historyFile: '', historyRetentionDays: 7 }, 'en');
    expect(history.store).toBeUndefined();
    await scheduler.checkNow();
    history.close();
    await scheduler.stop();
    expect(await offsetsIn(first)).toEqual([1, 2]);
    expect(await offsetsIn(second)).toEqual([3]);
    expect(told).toEqual([]);
  });

  it('opens nothing while the settings name no file', async () => {
    const scheduler = new Scheduler(defaultSettings(['192.0.2.1']), { query: async (server) => sampleResult(1, server.text) });
    const history = await attachHistory(scheduler, { historyFile: '', historyRetentionDays: 30 }, { language: 'en', onTrouble: () => undefined });
    await scheduler.checkNow();
    expect(history.store).toBeUndefined();
    history.close();
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { MonitorHistory } from '../../main/history/monitor-history.js';
import { HistoryReader } from '../../main/history/reader.js';
import { Monitor } from '../../main/monitor/monitor.js';
import { defaultSettings, type Settings } from '../../main/settings/settings.js';
import { sampleResult } from '../support/results.js';
import { checked } from '../support/settings.js';
import { tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.remove());

async function offsetsIn(file: string): Promise<number[]> {
  const reader = await HistoryReader.open(file);
  const offsets = [...reader.rows({ from: 0, to: Number.MAX_SAFE_INTEGER })].map((r) => r.offsetMs!);
  reader.close();
  return offsets;
}

describe('MonitorHistory, a listener of the monitor core', () => {
  it('records every result, follows a change of file and of retention, and stops when the file is cleared', async () => {
    let offset = 0;
    const first = tmp.path('first.sqlite');
    const second = tmp.path('second.sqlite');
    const settings = (change: Partial<Settings>) => checked({ ...defaultSettings(['192.0.2.1']), ...change });
    const told: string[] = [];
    const history = await MonitorHistory.open(settings({ historyFile: first }).settings, { language: 'en', onTrouble: (m) => told.push(m) });
    const monitor = new Monitor(settings({ historyFile: first }), {
      query: async (server) => sampleResult(server, ++offset, Date.now()),
      listeners: [history],
    });
    await monitor.checkNow();
    await monitor.apply(settings({ historyFile: first, historyRetentionDays: 7 }));
    expect(history.store?.retentionDays).toBe(7);
    await monitor.checkNow();
    await monitor.apply(settings({ historyFile: second, historyRetentionDays: 7 }));
    await monitor.checkNow();
    await monitor.apply(settings({ historyFile: '' }));
    expect(history.store).toBeUndefined();
    await monitor.checkNow();
    await monitor.stop();
    expect(await offsetsIn(first)).toEqual([1, 2]);
    expect(await offsetsIn(second)).toEqual([3]);
    expect(offset).toBe(4);
    expect(told).toEqual([]);
  });

  it('opens nothing while the settings name no file', async () => {
    const history = await MonitorHistory.open(defaultSettings(), { language: 'en', onTrouble: () => undefined });
    expect(history.store).toBeUndefined();
    await history.close();
  });
});

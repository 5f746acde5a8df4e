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

  it('records with each result how the selection saw the server and the verdict on this computer as it stood then', async () => {
    const file = tmp.path('why.sqlite');
    // Three servers agree at +0.2 ms around 0; d.test is 150 ms ahead of them: a falseticker, confirmed at once (confirm 1).
    const offsets: Record<string, number> = { 'a.test': 0.2, 'b.test': 0.4, 'c.test': 0, 'd.test': 150 };
    const setting = checked({ ...defaultSettings(Object.keys(offsets)), historyFile: file, confirm: 1 });
    const history = await MonitorHistory.open(setting.settings, { language: 'en', onTrouble: () => undefined });
    const monitor = new Monitor(setting, { query: async (server) => sampleResult(server, offsets[server.text]!, Date.now()), listeners: [history] });
    await monitor.checkNow();
    await monitor.checkNow();
    await monitor.stop();
    const reader = await HistoryReader.open(file);
    const rows = [...reader.rows({ from: 0, to: Number.MAX_SAFE_INTEGER })];
    reader.close();
    expect(rows).toHaveLength(8);
    const second = rows.slice(4);
    expect(second.map((r) => [r.server, r.selection, r.falseticker, r.authenticated, r.clockState])).toEqual([
      ['a.test', 'truechimer', false, false, 'ok'],
      ['b.test', 'truechimer', false, false, 'ok'],
      ['c.test', 'truechimer', false, false, 'ok'],
      ['d.test', 'falseticker', true, false, 'ok'],
    ]);
    // The consensus of the three that agree: about 0.2 ms ahead of this computer, whatever the liar says.
    for (const row of second) expect(row.consensusOffsetMs).toBeCloseTo(0.2, 1);
    expect(rows.every((r) => r.errorCode === null && r.errorKind === null)).toBe(true);
  });

  it('opens nothing while the settings name no file', async () => {
    const history = await MonitorHistory.open(defaultSettings(), { language: 'en', onTrouble: () => undefined });
    expect(history.store).toBeUndefined();
    await history.close();
  });
});

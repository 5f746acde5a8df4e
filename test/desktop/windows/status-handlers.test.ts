/** The status window's IPC handlers: every request checked before the history is read, the budget capped, export. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { VerdictView } from '../../../main/consensus/clock-verdict.js';
import { CHART_RANGES, MAX_CHART_POINTS, STATUS_CHANNELS } from '../../../main/contract.js';
import { checkSpan, createStatusHandlers, exportName, MAX_SPAN_MS, type HistorySource, type StatusHost } from '../../../main/desktop/windows/status-handlers.js';
import { CSV_HEADER } from '../../../main/history/export.js';
import type { ChartRange, HistoryRange } from '../../../main/history/reader.js';
import type { HistoryRow } from '../../../main/history/rows.js';
import { NOT_RECORDED } from '../../history/helpers.js';

const NOW = Date.UTC(2026, 10, 24, 8, 0, 0);
const NO_VERDICT: VerdictView = { state: 'unknown', consensusOffsetMs: null, agree: 0, voters: 0, total: 2, falsetickers: [], leap: 0 };
const SERVERS = ['a.test', 'b.test:1123'];
let dir: string;
let asked: ChartRange[];
let rowsAsked: HistoryRange[];

const row = (at: number, server: string, offsetMs: number | null): HistoryRow => ({
  at,
  server,
  state: offsetMs === null ? 'unreachable' : 'ok',
  ok: offsetMs !== null,
  offsetMs,
  delayMs: offsetMs === null ? null : 12.5,
  jitterMs: null,
  stratum: offsetMs === null ? null : 2,
  errorKind: offsetMs === null ? 'timeout' : null,
  errorMessage: offsetMs === null ? 'No reply from b.test, "quoted", within 1000 ms.' : null,
  ...NOT_RECORDED,
});

const history: HistorySource = {
  series(range) {
    asked.push(range);
    return (range.servers ?? []).map((server) => ({ server, buckets: [] }));
  },
  *rows(range) {
    rowsAsked.push(range);
    yield row(NOW - 60_000, 'a.test', 1.25);
    yield row(NOW - 30_000, 'b.test:1123', null);
  },
};

function host(overrides: Partial<StatusHost> = {}): StatusHost {
  return {
    view: () => ({ servers: [], verdict: NO_VERDICT, overall: 'unknown', warningMs: 100, criticalMs: 1000, paused: false, language: 'en', historyAvailable: true }),
    servers: () => SERVERS,
    history: async () => history,
    now: () => NOW,
    chooseFile: async () => join(dir, 'out.csv'),
    openSettings: () => {},
    snooze: () => {},
    check: async () => true,
    copyDiagnostics: () => '',
    ...overrides,
  };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ntp-monitor-status-ipc-'));
  asked = [];
  rowsAsked = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('checkSpan', () => {
  it('turns each named range into from/to back from now, all configured servers by default', () => {
    for (const [name, ms] of Object.entries(CHART_RANGES)) {
      expect(checkSpan({ range: name }, SERVERS, NOW)).toEqual({ ok: true, value: { from: NOW - ms, to: NOW, servers: SERVERS } });
    }
  });

  it('takes a bounded from/to and a subset of the configured servers', () => {
    expect(checkSpan({ from: NOW - 5000, to: NOW, servers: ['b.test:1123'] }, SERVERS, NOW)).toEqual({ ok: true, value: { from: NOW - 5000, to: NOW, servers: ['b.test:1123'] } });
  });

  it.each([
    ['not an object', 'range=1h', 'status.bad-request'],
    ['null', null, 'status.bad-request'],
    ['an array', ['1h'], 'status.bad-request'],
    ['an unknown range', { range: '1y' }, 'status.bad-range'],
    ['a range from the prototype', { range: 'toString' }, 'status.bad-range'],
    ['from after to', { from: NOW, to: NOW - 5000 }, 'status.bad-span'],
    ['a span below a second', { from: NOW - 10, to: NOW }, 'status.bad-span'],
    ['a span longer than the longest range', { from: NOW - MAX_SPAN_MS - 1, to: NOW }, 'status.bad-span'],
    ['a span in the future', { from: NOW + 3_600_000, to: NOW + 7_200_000 }, 'status.bad-span'],
    ['fractional times', { from: NOW - 5000.5, to: NOW }, 'status.bad-span'],
    ['times as text', { from: String(NOW - 5000), to: String(NOW) }, 'status.bad-span'],
    ['no range at all', {}, 'status.bad-span'],
    ['an unconfigured server', { range: '1h', servers: ['evil.test'] }, 'status.unknown-server'],
    ['a server that is not text', { range: '1h', servers: [{ toString: 1 }] }, 'status.unknown-server'],
    ['servers that are not a list', { range: '1h', servers: 'a.test' }, 'status.bad-servers'],
    ['more servers than configured', { range: '1h', servers: ['a.test', 'a.test', 'a.test'] }, 'status.bad-servers'],
  ])('refuses %s', (_name, payload, key) => {
    const result = checkSpan(payload, SERVERS, NOW);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map((e) => e.key)).toContain(key);
  });
});

describe('status handlers', () => {
  it('asks the history for the checked span at the window width, never above the cap', async () => {
    const handlers = createStatusHandlers(host());
    expect(await handlers[STATUS_CHANNELS.series]({ range: '6h', width: 812.7 })).toEqual({
      ok: true,
      from: NOW - CHART_RANGES['6h'],
      to: NOW,
      series: SERVERS.map((server) => ({ server, buckets: [] })),
    });
    expect(asked.at(-1)).toEqual({ from: NOW - CHART_RANGES['6h'], to: NOW, servers: SERVERS, budget: 812 });
    await handlers[STATUS_CHANNELS.series]({ range: '30d', width: 1e9 });
    expect(asked.at(-1)!.budget).toBe(MAX_CHART_POINTS);
  });

  it.each([[0], [-5], [Number.NaN], ['800'], [undefined]])('refuses width %s without reading the history', async (width) => {
    const response = await createStatusHandlers(host())[STATUS_CHANNELS.series]({ range: '1h', width });
    expect(response).toMatchObject({ ok: false, errors: [{ key: 'status.bad-width' }] });
    expect(asked).toEqual([]);
  });

  it('says so when history is off, for charts and export alike', async () => {
    const handlers = createStatusHandlers(host({ history: async () => undefined }));
    expect(await handlers[STATUS_CHANNELS.series]({ range: '1h', width: 100 })).toMatchObject({ ok: false, errors: [{ key: 'status.no-history' }] });
    expect(await handlers[STATUS_CHANNELS.exportCsv]({ range: '1h' })).toMatchObject({ ok: false, errors: [{ key: 'status.no-history' }] });
  });

  it('answers a history that fails to read with the reason, not an exception', async () => {
    const broken: HistorySource = { series: async () => Promise.reject(new Error('database disk image is malformed')), rows: history.rows };
    const response = await createStatusHandlers(host({ history: async () => broken }))[STATUS_CHANNELS.series]({ range: '1h', width: 100 });
    expect(response).toEqual({ ok: false, errors: [{ path: 'history', key: 'status.read-failed', params: { reason: 'database disk image is malformed' } }] });
  });

  it('exports the span as CSV to the file chosen in the dialog', async () => {
    const names: string[] = [];
    const handlers = createStatusHandlers(host({ chooseFile: async (name) => (names.push(name), join(dir, 'out.csv')) }));
    const response = await handlers[STATUS_CHANNELS.exportCsv]({ from: NOW - 3_600_000, to: NOW, servers: ['a.test', 'b.test:1123'] });
    expect(response).toEqual({ ok: true, file: join(dir, 'out.csv'), rows: 2 });
    expect(names).toEqual(['ntp-monitor-20261124T0700-20261124T0800.csv']);
    expect(rowsAsked).toEqual([{ from: NOW - 3_600_000, to: NOW, servers: SERVERS }]);
    expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toBe(
      `${CSV_HEADER}\r\n2026-11-24T07:59:00.000Z,a.test,ok,1.25,12.5,,2,,,,,,,,\r\n2026-11-24T07:59:30.000Z,b.test:1123,unreachable,,,,,"timeout: No reply from b.test, ""quoted"", within 1000 ms.",,,,,,timeout,\r\n`,
    );
  });

  it('writes nothing when the dialog is cancelled, and names the file when it cannot be written', async () => {
    const cancelled = createStatusHandlers(host({ chooseFile: async () => undefined }));
    expect(await cancelled[STATUS_CHANNELS.exportCsv]({ range: '1h' })).toEqual({ ok: false, canceled: true });
    expect(rowsAsked).toEqual([]);
    const intoDirectory = createStatusHandlers(host({ chooseFile: async () => dir }));
    const response = await intoDirectory[STATUS_CHANNELS.exportCsv]({ range: '1h' });
    expect(response).toMatchObject({ ok: false, errors: [{ key: 'status.export-failed', params: { file: dir } }] });
  });

  it('refuses a bad export request before any dialog opens', async () => {
    let dialogs = 0;
    const handlers = createStatusHandlers(host({ chooseFile: async () => (dialogs++, join(dir, 'x.csv')) }));
    expect(await handlers[STATUS_CHANNELS.exportCsv]({ range: '1h', servers: ['../../etc'] })).toMatchObject({ ok: false, errors: [{ key: 'status.unknown-server' }] });
    expect(dialogs).toBe(0);
  });

  it('names files by the span in UTC', () => {
    expect(exportName({ from: Date.UTC(2026, 0, 2, 3, 4), to: Date.UTC(2026, 0, 9, 3, 4), servers: [] })).toBe('ntp-monitor-20260102T0304-20260109T0304.csv');
  });
});

describe('the snooze channel', () => {
  it('passes on only 1h, tomorrow and off, answering with the view; anything else is refused untouched', async () => {
    const asked: unknown[] = [];
    const handlers = createStatusHandlers(host({ snooze: (request) => void asked.push(request) }));
    for (const request of ['1h', 'tomorrow', 'off']) expect(await handlers[STATUS_CHANNELS.snooze](request)).toMatchObject({ ok: true, view: { servers: [] } });
    for (const bad of [undefined, 'forever', 3_600_000, ['1h'], { toString: '1h' }, '1H']) {
      expect(await handlers[STATUS_CHANNELS.snooze](bad)).toMatchObject({ ok: false, errors: [{ path: 'snooze', key: 'status.bad-snooze' }] });
    }
    expect(asked).toEqual(['1h', 'tomorrow', 'off']);
  });
});

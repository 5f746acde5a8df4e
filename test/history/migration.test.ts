/**
 * Schema 2 (why each row is as it is) over a file of schema 1: the file written by the store as it was on main before
 * schema 2 (fixtures/history-v1.sql, dumped from such a file), read as it is, then migrated by a writer, every row kept.
 */
import { readFileSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import type { VerdictView } from '../../main/consensus/clock-verdict.js';
import { csvRecord, jsonLine } from '../../main/history/export.js';
import { HistoryReader } from '../../main/history/reader.js';
import type { HistoryRow } from '../../main/history/rows.js';
import { appliedVersion, SCHEMA_VERSION } from '../../main/history/schema.js';
import { runCli } from '../support/cli.js';
import { failureResult, sampleResult } from '../support/results.js';
import { eventOf, NOT_RECORDED, openStore, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.remove());

const T0 = Date.UTC(2026, 10, 19, 8);
const EVERYTHING = { from: 0, to: Number.MAX_SAFE_INTEGER };

/** The rows the fixture holds, as schema 1 recorded them. */
const V1_ROWS: HistoryRow[] = [
  { at: T0, server: 'a.test', state: 'unknown', ok: true, offsetMs: 1.25, delayMs: 12.5, jitterMs: 0, stratum: 2, errorKind: null, errorMessage: null },
  { at: T0 + 1, server: 'b.test:123', state: 'ok', ok: true, offsetMs: -0.5, delayMs: 12.5, jitterMs: 0.125, stratum: 2, errorKind: null, errorMessage: null },
  { at: T0 + 2, server: 'nts://c.test', state: 'ok', ok: true, offsetMs: 0.75, delayMs: 12.5, jitterMs: 0, stratum: 2, errorKind: null, errorMessage: null },
  { at: T0 + 64_000, server: 'a.test', state: 'ok', ok: false, offsetMs: null, delayMs: null, jitterMs: null, stratum: null, errorKind: 'timeout', errorMessage: 'No reply from a.test within 5000 ms.' },
  { at: T0 + 64_001, server: 'b.test:123', state: 'unreachable', ok: false, offsetMs: null, delayMs: null, jitterMs: null, stratum: null, errorKind: 'kod', errorMessage: 'b.test:123 refused with kiss code RATE.' },
  { at: T0 + 128_000, server: 'a.test', state: 'warning', ok: true, offsetMs: 1500.5, delayMs: 12.5, jitterMs: 2.5, stratum: 2, errorKind: null, errorMessage: null },
  { at: T0 + 3_600_000, server: 'nts://c.test', state: 'critical', ok: true, offsetMs: -4000, delayMs: 12.5, jitterMs: 0, stratum: 2, errorKind: null, errorMessage: null },
].map((row) => ({ ...row, ...NOT_RECORDED }) as HistoryRow);

/** A new file holding the fixture: schema 1, seven rows of three servers, their rollup buckets. */
function v1File(name: string): string {
  const file = tmp.path(name);
  const db = new DatabaseSync(file);
  db.exec(readFileSync(new URL('./fixtures/history-v1.sql', import.meta.url), 'utf8'));
  expect(appliedVersion(db)).toBe(1);
  db.close();
  return file;
}

async function read<T>(file: string, work: (reader: HistoryReader) => T): Promise<T> {
  const reader = await HistoryReader.open(file);
  try {
    return work(reader);
  } finally {
    reader.close();
  }
}

describe('a history file of schema 1', () => {
  it('is read as it is, before any writer migrated it: every row, the new columns null (not recorded)', async () => {
    const file = v1File('unmigrated.sqlite');
    expect(await read(file, (r) => [...r.rows(EVERYTHING)])).toEqual(V1_ROWS);
    const db = new DatabaseSync(file, { readOnly: true });
    expect(appliedVersion(db)).toBe(1);
    db.close();
  });

  it('is migrated by the next writer with every row and rollup bucket kept; new rows say why', async () => {
    const file = v1File('migrated.sqlite');
    const seriesBefore = await read(file, (r) => r.series({ ...EVERYTHING, from: T0 - 3_600_000, to: T0 + 7_200_000, budget: 10 }));
    const { store, told } = await openStore(file);
    const failed = eventOf(failureResult('b.test:123', 'kod', 'DENY', T0 + 3_600_001), 'unreachable');
    const verdict: VerdictView = { state: 'warning', consensusOffsetMs: -1200.25, agree: 3, voters: 3, total: 3, falsetickers: ['a.test'], leap: 0 };
    store.onResult({ ...failed, status: { ...failed.status, selection: null, falseticker: false } }, verdict);
    const sample = sampleResult('nts://c.test', -1200.5, T0 + 3_600_002);
    if (sample.ok) sample.sample.authenticated = true;
    const good = eventOf(sample, 'warning');
    store.onResult({ ...good, status: { ...good.status, selection: 'truechimer', falseticker: false } }, verdict);
    store.close();
    expect(told).toEqual([]);

    const db = new DatabaseSync(file, { readOnly: true });
    expect(appliedVersion(db)).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBe(2);
    // Version 1's record is kept as it was; version 2's is added beside it.
    expect(db.prepare('SELECT version, applied_at AS at FROM schema_migrations ORDER BY version').all()).toEqual([
      { version: 1, at: 1796578690770 },
      { version: 2, at: expect.any(Number) },
    ]);
    db.close();

    const rows = await read(file, (r) => [...r.rows(EVERYTHING)]);
    expect(rows.slice(0, V1_ROWS.length)).toEqual(V1_ROWS);
    expect(rows.slice(V1_ROWS.length)).toEqual([
      {
        at: T0 + 3_600_001, server: 'b.test:123', state: 'unreachable', ok: false, offsetMs: null, delayMs: null, jitterMs: null, stratum: null,
        errorKind: 'kod', errorMessage: "The server refuses to serve us (Kiss-o'-Death DENY); no more queries until its settings change.", selection: null, falseticker: false, authenticated: null, clockState: 'warning',
        consensusOffsetMs: -1200.25, errorCode: 'DENY',
      },
      {
        at: T0 + 3_600_002, server: 'nts://c.test', state: 'warning', ok: true, offsetMs: -1200.5, delayMs: 0.4, jitterMs: 0, stratum: 2,
        errorKind: null, errorMessage: null, selection: 'truechimer', falseticker: false, authenticated: true, clockState: 'warning',
        consensusOffsetMs: -1200.25, errorCode: null,
      },
    ]);
    // The charts' rollup still holds the old rows' buckets: the migration touched no row of any table.
    const seriesAfter = await read(file, (r) => r.series({ ...EVERYTHING, from: T0 - 3_600_000, to: T0 + 7_200_000, budget: 10 }));
    const counts = (series: typeof seriesBefore) => Object.fromEntries(series.map((s) => [s.server, s.buckets.reduce((n, b) => n + b.samples + b.failures, 0)]));
    expect(counts(seriesBefore)).toEqual({ 'a.test': 3, 'b.test:123': 2, 'nts://c.test': 2 });
    expect(counts(seriesAfter)).toEqual({ 'a.test': 3, 'b.test:123': 3, 'nts://c.test': 3 });
  });

  it('exports old and new rows with the first eight columns where they were, and the why after them', async () => {
    const file = v1File('export.sqlite');
    const { store } = await openStore(file);
    const good = eventOf(sampleResult('a.test', 2.5, T0 + 3_600_000), 'ok');
    store.onResult({ ...good, status: { ...good.status, selection: 'falseticker', falseticker: true } }, {
      state: 'ok', consensusOffsetMs: 0.125, agree: 2, voters: 3, total: 3, falsetickers: ['a.test'], leap: 0,
    });
    store.close();
    const run = await runCli(['history', '--history', file, '--since', '2026-11-19', '--until', '2026-11-20']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const lines = run.stdout.split('\r\n');
    expect(lines[0]).toBe('at,server,state,offsetMs,delayMs,jitterMs,stratum,error,selection,falseticker,authenticated,clockState,consensusOffsetMs,errorKind,errorCode');
    // Schema 1's rows as schema 1 exported them, then seven empty columns (the kind of a failure is known: it was recorded).
    expect(lines[1]).toBe('2026-11-19T08:00:00.000Z,a.test,unknown,1.25,12.5,0,2,,,,,,,,');
    expect(lines[5]).toBe('2026-11-19T08:01:04.001Z,b.test:123,unreachable,,,,,kod: b.test:123 refused with kiss code RATE.,,,,,,kod,');
    expect(lines).toContain('2026-11-19T09:00:00.000Z,a.test,ok,2.5,0.4,0,2,,falseticker,true,false,ok,0.125,,');
    const json = await runCli(['history', '--history', file, '--json', '--server', 'b.test:123', '--since', '2026-11-19', '--until', '2026-11-20']);
    expect(json.stdout.trimEnd().split('\n').map((line) => JSON.parse(line)).at(-1)).toEqual({
      at: '2026-11-19T08:01:04.001Z', server: 'b.test:123', state: 'unreachable', ok: false, offsetMs: null, delayMs: null, jitterMs: null, stratum: null,
      error: { kind: 'kod', message: 'b.test:123 refused with kiss code RATE.', code: null },
      selection: null, falseticker: null, authenticated: null, clockState: null, consensusOffsetMs: null,
    });
  });
});

describe('the export of the why', () => {
  const row: HistoryRow = {
    at: T0, server: 'x.test', state: 'unreachable', ok: false, offsetMs: null, delayMs: null, jitterMs: null, stratum: null,
    errorKind: 'local', errorMessage: 'no buffer', selection: 'truechimer', falseticker: false, authenticated: null, clockState: 'critical',
    consensusOffsetMs: 2000.0004, errorCode: 'ENOBUFS\n,"x"',
  };

  it('keeps the code in CSV as printable text, quoted, and in JSON as it is, beside the kind', () => {
    expect(csvRecord(row)).toBe('2026-11-19T08:00:00.000Z,x.test,unreachable,,,,,local: no buffer,truechimer,false,,critical,2000,local,"ENOBUFS\\n,""x"""\r\n');
    expect(JSON.parse(jsonLine(row))).toMatchObject({ error: { kind: 'local', message: 'no buffer', code: 'ENOBUFS\n,"x"' }, consensusOffsetMs: 2000, clockState: 'critical' });
  });
});

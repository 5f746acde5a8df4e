import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import type { Series } from '../../main/contract.js';
import { HistoryReader } from '../../main/history/reader.js';
import type { HistoryRow } from '../../main/history/rows.js';
import { appliedVersion, migrate, MIGRATIONS, SCHEMA_VERSION } from '../../main/history/schema.js';
import { failureResult, sampleResult } from '../support/results.js';
import { eventOf, NOT_RECORDED, openStore, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.remove());
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 1);

function row(at: number, server: string, offsetMs: number | null, extra: Partial<HistoryRow> = {}): HistoryRow {
  const ok = offsetMs !== null;
  return {
    at, server, state: 'ok', ok, offsetMs, delayMs: ok ? 10 : null, jitterMs: null, stratum: ok ? 2 : null,
    errorKind: ok ? null : 'timeout', errorMessage: ok ? null : `No reply from ${server} within 5000 ms.`, ...NOT_RECORDED, ...extra,
  };
}

/** node:sqlite whose connections are all read-only: a file this process may not write, even as root (which ignores file modes). */
function readOnlySqlite(): typeof import('node:sqlite') {
  class ReadOnlyDatabase extends DatabaseSync {
    constructor(path: string) {
      super(path, { readOnly: true });
    }
  }
  return { DatabaseSync: ReadOnlyDatabase } as unknown as typeof import('node:sqlite');
}

async function readAll(file: string, range = { from: 0, to: Number.MAX_SAFE_INTEGER }): Promise<HistoryRow[]> {
  const reader = await HistoryReader.open(file);
  try {
    return [...reader.rows(range)];
  } finally {
    reader.close();
  }
}

describe('writing and reading', () => {
  it('stores each scheduler result with the state after it, and reads ranges and servers back', async () => {
    const file = tmp.path('basic.sqlite');
    const { store, told } = await openStore(file);
    const burst = sampleResult('a.test:123', -1.25, T0);
    if (burst.ok) burst.sample.jitterMs = 0.25;
    store.onResult(eventOf(burst, 'warning'));
    store.onResult(eventOf(failureResult('b.test', 'kod', 'RATE', T0 + 1), 'unreachable'));
    store.onResult(eventOf(sampleResult('b.test', 3.5, T0 + 2), 'ok'));
    store.close();
    expect(told).toEqual([]);

    expect(await readAll(file)).toEqual([
      { at: T0, server: 'a.test:123', state: 'warning', ok: true, offsetMs: -1.25, delayMs: 0.4, jitterMs: 0.25, stratum: 2, errorKind: null, errorMessage: null, ...NOT_RECORDED, authenticated: false },
      { at: T0 + 1, server: 'b.test', state: 'unreachable', ok: false, offsetMs: null, delayMs: null, jitterMs: null, stratum: null, errorKind: 'kod', errorMessage: "The server asks us to query less often (Kiss-o'-Death RATE); backing off.", ...NOT_RECORDED, errorCode: 'RATE' },
      { at: T0 + 2, server: 'b.test', state: 'ok', ok: true, offsetMs: 3.5, delayMs: 0.4, jitterMs: 0, stratum: 2, errorKind: null, errorMessage: null, ...NOT_RECORDED, authenticated: false },
    ]);
    const reader = await HistoryReader.open(file);
    expect([...reader.rows({ from: T0 + 1, to: T0 + 2 })].map((r) => r.at)).toEqual([T0 + 1]);
    expect([...reader.rows({ from: 0, to: T0 + 10, servers: ['a.test:123'] })].map((r) => r.server)).toEqual(['a.test:123']);
    expect(reader.servers()).toEqual(['a.test:123', 'b.test']);
    reader.close();
  });

  it('keeps writing across a reopen, and the reader never creates a file', async () => {
    const file = tmp.path('reopen.sqlite');
    const first = await openStore(file);
    first.store.record(row(T0, 's', 1));
    first.store.close();
    const second = await openStore(file);
    second.store.record(row(T0 + 1, 's', 2));
    second.store.close();
    expect((await readAll(file)).map((r) => r.offsetMs)).toEqual([1, 2]);
    await expect(HistoryReader.open(tmp.path('never-written.sqlite'))).rejects.toMatchObject({ failure: { kind: 'missing' } });
    expect(existsSync(tmp.path('never-written.sqlite'))).toBe(false);
  });
});

describe('chart series', () => {
  // A month of 3 servers every 64 s with a few spikes and failures: long enough to go through the rollup.
  const servers = ['a', 'b', 'c'];
  const rows: HistoryRow[] = [];
  for (let at = T0, i = 0; at < T0 + 30 * DAY; at += 64_000, i++) {
    for (const [k, server] of servers.entries()) {
      const spike = i % 997 === 13 * (k + 1);
      rows.push(i % 331 === k ? row(at + k, server, null) : row(at + k, server, spike ? 5_000 * (k + 1) : Math.sin(i / 50) * (k + 1)));
    }
  }
  const file = tmp.path('series.sqlite');
  const ready = (async () => {
    const { store } = await openStore(file);
    for (const r of rows) store.record(r);
    store.close();
  })();

  /** The oracle: every row lies in the last bucket starting at or before it, within its min..max; counts add up. */
  function checkAgainstRows(series: Series[], from: number, to: number, budget: number) {
    for (const server of servers) {
      const buckets = series.find((s) => s.server === server)?.buckets ?? [];
      const mine = rows.filter((r) => r.server === server && r.at >= from && r.at < to);
      expect(buckets.length).toBeGreaterThan(0);
      expect(buckets.length).toBeLessThanOrEqual(budget);
      // The data covers the whole range, so at least half the budget is used (rows every 64 s allowing).
      expect(buckets.length).toBeGreaterThanOrEqual(Math.min(budget / 2, mine.length));
      expect(buckets.reduce((n, b) => n + b.samples, 0)).toBe(mine.filter((r) => r.ok).length);
      expect(buckets.reduce((n, b) => n + b.failures, 0)).toBe(mine.filter((r) => !r.ok).length);
      const offsets = mine.filter((r) => r.ok).map((r) => r.offsetMs!);
      expect(Math.max(...buckets.map((b) => b.offsetMax ?? -Infinity))).toBe(Math.max(...offsets));
      expect(Math.min(...buckets.map((b) => b.offsetMin ?? Infinity))).toBe(Math.min(...offsets));
      let index = 0;
      for (const r of mine) {
        while (index + 1 < buckets.length && buckets[index + 1]!.at <= r.at) index++;
        const bucket = buckets[index]!;
        expect(bucket.at).toBeLessThanOrEqual(r.at);
        if (r.ok) {
          expect(r.offsetMs).toBeGreaterThanOrEqual(bucket.offsetMin!);
          expect(r.offsetMs).toBeLessThanOrEqual(bucket.offsetMax!);
        } else {
          expect(bucket.failureKinds).toEqual(['timeout']);
        }
      }
    }
  }

  it('cuts a month into at most the budget per server, through the rollup, keeping every spike and failure', async () => {
    await ready;
    const reader = await HistoryReader.open(file);
    // Range ends off the 10-minute grid, so both partial ends are read from the rows.
    const from = T0 + 123_457;
    const to = T0 + 30 * DAY - 98_765;
    const series = reader.series({ from, to, budget: 500 });
    reader.close();
    expect(series.map((s) => s.server)).toEqual(servers);
    checkAgainstRows(series, from, to, 500);
    // The spikes of 5 s, 10 s and 15 s are each still there.
    expect(series.map((s) => Math.max(...s.buckets.map((b) => b.offsetMax ?? -Infinity)))).toEqual([5_000, 10_000, 15_000]);
  });

  it('groups a short range from the rows, five days from the 10-minute rollup, and honours a tiny budget and a server filter', async () => {
    await ready;
    const reader = await HistoryReader.open(file);
    const from = T0 + 2 * DAY + 5;
    const to = from + 6 * 3_600_000;
    checkAgainstRows(reader.series({ from, to, budget: 800 }), from, to, 800);
    const days = { from: T0 + 3 * DAY + 77_777, to: T0 + 8 * DAY - 33_333 };
    checkAgainstRows(reader.series({ ...days, budget: 800 }), days.from, days.to, 800);
    const one = reader.series({ from: T0, to: T0 + 30 * DAY, budget: 1, servers: ['b'] });
    reader.close();
    expect(one).toHaveLength(1);
    expect(one[0]!.buckets).toHaveLength(1);
    expect(one[0]!.buckets[0]!.samples + one[0]!.buckets[0]!.failures).toBe(rows.filter((r) => r.server === 'b').length);
  });
});

describe('retention', () => {
  it('prunes rows (and their rollup) older than the retention in small batches, keeping the rest', async () => {
    const file = tmp.path('retention.sqlite');
    const now = T0 + 40 * DAY;
    const { store } = await openStore(file, { retentionDays: 30, pruneBatch: 7, now: () => now });
    for (let day = 0; day < 40; day++) for (const server of ['x', 'y']) store.record(row(T0 + day * DAY, server, day));
    // 10 old days x 2 servers = 20 rows, 20 ten-minute and 20 hourly rollup buckets, at most 7 a step.
    const steps: number[] = [];
    for (let deleted = store.pruneOnce(); deleted > 0; deleted = store.pruneOnce()) steps.push(deleted);
    store.close();
    expect(steps).toEqual([7, 7, 7, 7, 7, 7, 7, 7, 4]);
    const left = await readAll(file);
    expect(left).toHaveLength(60);
    expect(Math.min(...left.map((r) => r.at))).toBe(T0 + 10 * DAY);
    const reader = await HistoryReader.open(file);
    const series = reader.series({ from: T0, to: T0 + 10 * DAY, budget: 10 });
    reader.close();
    expect(series).toEqual([]);
  });

  it('prunes on its own timer soon after opening', async () => {
    const file = tmp.path('retention-timer.sqlite');
    const { store } = await openStore(file, { retentionDays: 1, now: () => T0 + 5 * DAY });
    store.record(row(T0, 'x', 1));
    store.record(row(T0 + 5 * DAY - 1, 'x', 2));
    await expect.poll(async () => (await readAll(file)).length, { timeout: 10_000 }).toBe(1);
    store.close();
  });
});

describe('schema migrations', () => {
  it('creates the current schema in a new file, records it once, and leaves a reopened file alone', async () => {
    const file = tmp.path('schema.sqlite');
    (await openStore(file)).store.close();
    (await openStore(file)).store.close();
    const db = new DatabaseSync(file);
    expect(db.prepare('SELECT version FROM schema_migrations').all().map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
    db.close();
  });

  it('brings a file of each earlier version up to the next, keeping its rows', () => {
    for (const [index, migration] of MIGRATIONS.entries()) {
      const db = new DatabaseSync(':memory:');
      migrate(db, MIGRATIONS.slice(0, index));
      const previous = index === 0 ? 0 : MIGRATIONS[index - 1]!.version;
      expect(appliedVersion(db)).toBe(previous);
      const schema = () => db.prepare("SELECT group_concat(sql, ';') AS s FROM sqlite_schema WHERE name != 'schema_migrations'").get()!.s;
      const before = schema();
      expect(migrate(db, MIGRATIONS.slice(0, index + 1))).toEqual({ ok: true, from: previous, to: migration.version });
      expect(appliedVersion(db)).toBe(migration.version);
      expect(schema()).not.toBe(before);
      db.close();
    }
  });

  it('reads the applied version inside its write transaction: a second connection migrating the same new file first leaves nothing to do', () => {
    const file = tmp.path('race.sqlite');
    const loser = new DatabaseSync(file);
    const winner = new DatabaseSync(file);
    // The winner migrates at the moment the loser asks for the write lock, as a second process would.
    const racing = new Proxy(loser, {
      get(target, key) {
        const value = Reflect.get(target, key, target);
        if (typeof value !== 'function') return value;
        if (key !== 'exec') return value.bind(target);
        return (sql: string) => {
          if (/^BEGIN/.test(sql) && appliedVersion(winner) === 0) migrate(winner);
          return target.exec(sql);
        };
      },
    });
    expect(migrate(racing)).toEqual({ ok: true, from: SCHEMA_VERSION, to: SCHEMA_VERSION });
    expect(loser.prepare('SELECT version FROM schema_migrations').all().map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
    loser.close();
    winner.close();
  });

  it('rolls a failing migration back whole, leaving the version where it was', () => {
    const db = new DatabaseSync(':memory:');
    migrate(db);
    const broken = [...MIGRATIONS, { version: SCHEMA_VERSION + 1, description: 'broken', sql: 'CREATE TABLE half (x); INSERT INTO nowhere VALUES (1);' }];
    expect(() => migrate(db, broken)).toThrow(/no such table: nowhere/);
    expect(appliedVersion(db)).toBe(SCHEMA_VERSION);
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE name = 'half'").get()).toBeUndefined();
    db.close();
  });

  it('never touches a file written by a newer version: history off, one message, the file byte for byte as it was', async () => {
    const file = tmp.path('newer.sqlite');
    const db = new DatabaseSync(file);
    migrate(db, [...MIGRATIONS, { version: SCHEMA_VERSION + 1, description: 'from the future', sql: 'CREATE TABLE future (x)' }]);
    db.close();
    const bytes = readFileSync(file);
    const { store, told } = await openStore(file);
    store.record(row(T0, 's', 1));
    store.close();
    expect(store.active).toBe(false);
    expect(told).toEqual([
      `History is off: ${file} was written by a newer NTP Monitor (schema version ${SCHEMA_VERSION + 1}; this one knows up to ${SCHEMA_VERSION}). The file is left untouched; monitoring goes on.`,
    ]);
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });
});

describe('a file that cannot be used never stops monitoring', () => {
  it('keeps a corrupt file aside as <file>.bad-<time>, starts a new one and says so once (zh-CN too)', async () => {
    const dir = tmp.path('corrupt');
    mkdirSync(dir);
    const file = `${dir}/history.sqlite`;
    writeFileSync(file, 'this is not a database, it is a plain text file that happens to sit here'.repeat(100));
    const { store, told } = await openStore(file, { language: 'zh-CN', now: () => Date.UTC(2026, 10, 24, 8, 0, 0) });
    store.record(row(T0, 's', 1));
    store.close();
    const backup = `${file}.bad-2026-11-24T08-00-00.000Z`;
    expect(told).toEqual([`历史数据库 ${file} 无法使用（file is not a database）；已保留为 ${backup}，并新建了一个数据库。监视继续进行。`]);
    expect(readFileSync(backup, 'utf8')).toMatch(/^this is not a database/);
    expect((await readAll(file)).map((r) => r.offsetMs)).toEqual([1]);
  });

  it('never renames a file locked by another process: the results wait and land in it once the lock is gone, told once', async () => {
    const file = tmp.path('locked.sqlite');
    const { store, told } = await openStore(file, { busyTimeoutMs: 50 });
    store.record(row(T0, 's', 1));
    const other = new DatabaseSync(file);
    other.exec('BEGIN EXCLUSIVE');
    store.record(row(T0 + 1, 's', 2));
    store.record(row(T0 + 2, 's', 3));
    expect(store.active).toBe(true);
    expect(told).toEqual([
      `The history database ${file} is locked by another program (database is locked); results wait in memory (up to 1000) and are written once it is free. Monitoring goes on.`,
    ]);
    other.exec('ROLLBACK');
    other.close();
    store.record(row(T0 + 3, 's', 4));
    store.close();
    expect(told).toHaveLength(1);
    expect(readdirSync(tmp.path('')).filter((name) => name.startsWith('locked.sqlite.bad-'))).toEqual([]);
    expect((await readAll(file)).map((r) => r.offsetMs)).toEqual([1, 2, 3, 4]);
  });

  it('never renames a file that is sound but cannot be written (read-only): history off, one message, the file as it was', async () => {
    const file = tmp.path('read-only.sqlite');
    (await openStore(file)).store.close();
    const bytes = readFileSync(file);
    const { store, told } = await openStore(file, { sqlite: readOnlySqlite() });
    store.record(row(T0, 's', 1));
    store.close();
    expect(store.active).toBe(false);
    expect(told).toEqual([`History is off: the history database ${file} cannot be used (attempt to write a readonly database). Monitoring goes on without it.`]);
    expect(readdirSync(tmp.path('')).filter((name) => name.startsWith('read-only.sqlite.bad-'))).toEqual([]);
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it('turns history off with one message when the folder cannot be written (a file where the folder should be)', async () => {
    const blocker = tmp.path('not-a-folder');
    writeFileSync(blocker, '');
    const file = `${blocker}/history.sqlite`;
    const { store, told } = await openStore(file);
    store.record(row(T0, 's', 1));
    store.close();
    expect(store.active).toBe(false);
    expect(told).toEqual([expect.stringMatching(new RegExp(`^History is off: the history database ${file} cannot be used \\((ENOTDIR|EEXIST)\\)\\. Monitoring goes on without it\\.$`))]);
  });

  it('never moves a folder that stands where the file should be', async () => {
    const file = tmp.path('a-folder.sqlite');
    mkdirSync(file);
    const { store, told } = await openStore(file);
    store.close();
    expect(store.active).toBe(false);
    expect(told).toEqual([expect.stringMatching(/^History is off: .* cannot be used \(unable to open database file\)/)]);
    expect(readdirSync(tmp.path('')).filter((name) => name.startsWith('a-folder.sqlite'))).toEqual(['a-folder.sqlite']);
  });

  it('turns history off with one message where the runtime has no SQLite (Node 20)', async () => {
    const { store, told } = await openStore(tmp.path('no-sqlite.sqlite'), { sqlite: null });
    store.record(row(T0, 's', 1));
    store.close();
    expect(told).toEqual([`History is off: it needs Node.js 22.13 or later (built-in SQLite), and this is Node ${process.version}. Monitoring goes on.`]);
    expect(existsSync(tmp.path('no-sqlite.sqlite'))).toBe(false);
  });
});

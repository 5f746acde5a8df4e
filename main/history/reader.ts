/**
 * Reads the history on a connection of its own (the writer is never blocked: WAL), for `ntp-monitor history` and the
 * charts: the rows of a time range, and chart series downsampled to a pixel budget in SQL.
 */
import { statSync } from 'node:fs';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { pathToFileURL } from 'node:url';
import { fileKind, type FileKind } from '../files/read-bounded.js';
import { closeQuietly, DEFAULT_BUSY_TIMEOUT_MS } from './database.js';
import type { HistoryRow } from './rows.js';
import { failureKinds, maskOfKindSql, orAggregate } from './failure-mask.js';
import { OLDEST_READABLE_VERSION, ROLLUP_WIDTHS, SCHEMA_VERSION } from './schema.js';
import type { Series, SeriesBucket } from '../contract.js';
import { cannotOpenWal, loadSqlite, reasonOf, type SqliteModule } from './sqlite.js';

export interface HistoryRange {
  /** Unix ms, inclusive. */
  from: number;
  /** Unix ms, exclusive. */
  to: number;
  /** Only these servers (as written in the settings); all when absent or empty. */
  servers?: string[];
}

export interface ChartRange extends HistoryRange {
  /** At most this many buckets per server: the chart's width in pixels, say. */
  budget: number;
}

/**
 * Why a file cannot be read, each with its own message in the CLI. `wal-unreplayed`: the file's write-ahead log holds
 * rows not yet in it, and this user cannot create the `-shm` file that replaying them needs.
 */
export type OpenFailure =
  | { kind: 'missing' }
  | { kind: 'not-regular'; what: FileKind }
  | { kind: 'unavailable' }
  | { kind: 'wal-unreplayed' }
  | { kind: 'unreadable'; reason: string };

export class HistoryReadError extends Error {
  constructor(readonly failure: OpenFailure) {
    super(failure.kind === 'unreadable' ? failure.reason : failure.kind);
  }
}

const ROW_COLUMNS = `samples.at AS at, servers.name AS server, state, ok, offset_ms AS offsetMs, delay_ms AS delayMs,
  jitter_ms AS jitterMs, stratum, error_kind AS errorKind, error_message AS errorMessage`;
/** Why each row is as it is (schema 2); a file of schema 1, not yet migrated by a writer, reads NULL: not recorded. */
const WHY_COLUMNS = `selection, falseticker, authenticated, clock_state AS clockState, consensus_offset_ms AS consensusOffsetMs,
  error_code AS errorCode`;
const WHY_NOT_RECORDED = `NULL AS selection, NULL AS falseticker, NULL AS authenticated, NULL AS clockState,
  NULL AS consensusOffsetMs, NULL AS errorCode`;
/** Passing the server list as one JSON parameter keeps every statement prepared once, whatever the list's length. */
const SERVER_FILTER = `(? = '[]' OR servers.name IN (SELECT value FROM json_each(?)))`;

type BucketRow = Omit<SeriesBucket, 'at' | 'failureKinds'> & { id: number; slot: number; kinds: number };

/** The chart bucket of a time: parameters origin and width. SQLite divides integers only when both operands are. */
const slotOf = (time: string) => `(${time} - CAST(? AS INTEGER)) / CAST(? AS INTEGER) AS slot`;
/** Parameters of both: origin, width, from, to (the rollup's: also its width first), server ids as JSON. */
const RAW_BUCKETS = `SELECT server_id AS id, ${slotOf('at')},
    min(offset_ms) AS offsetMin, max(offset_ms) AS offsetMax, min(delay_ms) AS delayMin, max(delay_ms) AS delayMax,
    sum(ok) AS samples, sum(1 - ok) AS failures, ${orAggregate(`(${maskOfKindSql('error_kind')})`)} AS kinds
  FROM samples WHERE at >= ? AND at < ? AND server_id IN (SELECT value FROM json_each(?))
  GROUP BY server_id, slot`;
const ROLLUP_BUCKETS = `SELECT server_id AS id, ${slotOf('bucket * width_ms')},
    min(offset_min) AS offsetMin, max(offset_max) AS offsetMax, min(delay_min) AS delayMin, max(delay_max) AS delayMax,
    sum(samples) AS samples, sum(failures) AS failures, ${orAggregate('failure_mask')} AS kinds
  FROM rollup WHERE width_ms = ? AND bucket >= ? AND bucket < ? AND server_id IN (SELECT value FROM json_each(?))
  GROUP BY server_id, slot`;

/** One bucket from two sources (rollup and the rows at the range's ends): the wider of both. */
function mergeBuckets(a: SeriesBucket | undefined, b: SeriesBucket): SeriesBucket {
  if (!a) return b;
  const pick = (f: (x: number, y: number) => number, x: number | null, y: number | null) => (x === null ? y : y === null ? x : f(x, y));
  return {
    at: a.at,
    offsetMin: pick(Math.min, a.offsetMin, b.offsetMin),
    offsetMax: pick(Math.max, a.offsetMax, b.offsetMax),
    delayMin: pick(Math.min, a.delayMin, b.delayMin),
    delayMax: pick(Math.max, a.delayMax, b.delayMax),
    samples: a.samples + b.samples,
    failures: a.failures + b.failures,
    failureKinds: [...new Set([...a.failureKinds, ...b.failureKinds])],
  };
}

export class HistoryReader {
  private readonly statements: Partial<Record<'raw' | 'rollup', StatementSync>> = {};

  private constructor(private readonly db: DatabaseSync, private readonly version: number) {}

  /**
   * Opens an existing history file for reading; throws HistoryReadError (never creates the file, never writes it).
   * Only a regular file is opened: opening a FIFO read-only would wait for a writer for ever. Read-only WAL needs the
   * `-shm` file, which a user who cannot write the folder cannot create once the writer has stopped; then, if the WAL
   * is empty (the writer folded it in when it closed), the file alone is the whole database and is read as immutable.
   */
  static async open(file: string, sqliteModule?: SqliteModule | null): Promise<HistoryReader> {
    const stats = statSync(file, { throwIfNoEntry: false });
    if (!stats) throw new HistoryReadError({ kind: 'missing' });
    if (!stats.isFile()) throw new HistoryReadError({ kind: 'not-regular', what: fileKind(stats) });
    const sqlite = sqliteModule === undefined ? await loadSqlite() : sqliteModule;
    if (!sqlite) throw new HistoryReadError({ kind: 'unavailable' });
    try {
      return new HistoryReader(...connect(sqlite, file));
    } catch (error) {
      if (!cannotOpenWal(error)) throw new HistoryReadError({ kind: 'unreadable', reason: reasonOf(error) });
      if ((statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0) > 0) throw new HistoryReadError({ kind: 'wal-unreplayed' });
      try {
        const immutable = pathToFileURL(file);
        immutable.searchParams.set('immutable', '1');
        return new HistoryReader(...connect(sqlite, immutable));
      } catch (again) {
        throw new HistoryReadError({ kind: 'unreadable', reason: reasonOf(again) });
      }
    }
  }

  /** Every server the file has rows for, by name. */
  servers(): string[] {
    return (this.db.prepare('SELECT name FROM servers ORDER BY name').all() as { name: string }[]).map((r) => r.name);
  }

  /** The rows of the range, oldest first, one at a time (a month of ten servers is 400,000 rows). */
  *rows(range: HistoryRange): Generator<HistoryRow> {
    const list = JSON.stringify(range.servers ?? []);
    const statement = this.db.prepare(
      `SELECT ${ROW_COLUMNS}, ${this.version >= 2 ? WHY_COLUMNS : WHY_NOT_RECORDED} FROM samples JOIN servers ON servers.id = samples.server_id
       WHERE samples.at >= ? AND samples.at < ? AND ${SERVER_FILTER} ORDER BY samples.at, samples.rowid`,
    );
    for (const raw of statement.iterate(range.from, range.to, list, list)) {
      type Flags = 'ok' | 'falseticker' | 'authenticated';
      const row = raw as unknown as Omit<HistoryRow, Flags> & { ok: number; falseticker: number | null; authenticated: number | null };
      yield { ...row, ok: row.ok === 1, falseticker: flag(row.falseticker), authenticated: flag(row.authenticated) };
    }
  }

  /**
   * Chart series: for each server, the range cut into at most `budget` equal buckets, each with the min and max of
   * offset and delay (so a spike inside a bucket still shows) and its failures (drawn as marks); empty buckets are
   * left out. A short range is grouped from the rows. A long one is grouped from the writer's rollup (10 minutes or
   * 1 hour: the widest no more than twice the width the budget asks for, so there are between half the budget and
   * the budget of buckets), with the rows only for the partial rollup buckets at either end: a month of ten servers
   * reads 7,200 hourly rollup rows instead of 405,000 samples.
   */
  series(range: ChartRange): Series[] {
    const budget = Math.max(1, Math.floor(range.budget));
    const ids = this.serverIds(range.servers);
    const merged = new Map<string, Map<number, SeriesBucket>>();
    const add = (origin: number, width: number, rows: Iterable<unknown>) => {
      for (const raw of rows) {
        const r = raw as BucketRow;
        const server = ids.get(r.id)!;
        const buckets = merged.get(server) ?? new Map<number, SeriesBucket>();
        merged.set(server, buckets);
        const at = origin + r.slot * width;
        buckets.set(at, mergeBuckets(buckets.get(at), { ...r, at, failureKinds: failureKinds(r.kinds) }));
      }
    };
    const list = JSON.stringify([...ids.keys()]);
    const rawWidth = Math.max(1, Math.ceil((range.to - range.from) / budget));
    const level = ROLLUP_WIDTHS.findLast((w) => w <= 2 * rawWidth);
    if (level === undefined) {
      add(range.from, rawWidth, this.statement('raw').iterate(range.from, rawWidth, range.from, range.to, list));
    } else {
      // Buckets are whole multiples of the rollup, counted from a rollup boundary, so no rollup row straddles two.
      const origin = Math.floor(range.from / level) * level;
      const width = Math.ceil((range.to - origin) / budget / level) * level;
      const innerFrom = Math.ceil(range.from / level);
      const innerTo = Math.floor(range.to / level);
      add(origin, width, this.statement('rollup').iterate(origin, width, level, innerFrom, innerTo, list));
      add(origin, width, this.statement('raw').iterate(origin, width, range.from, Math.min(range.to, innerFrom * level), list));
      add(origin, width, this.statement('raw').iterate(origin, width, Math.max(range.from, innerTo * level), range.to, list));
    }
    return [...merged]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([server, buckets]) => ({ server, buckets: [...buckets.values()].sort((a, b) => a.at - b.at) }));
  }

  /** Ids of the servers asked for (all when none are named), with their names. */
  private serverIds(names: string[] | undefined): Map<number, string> {
    const all = this.db.prepare('SELECT id, name FROM servers').all() as { id: number; name: string }[];
    const wanted = names && names.length > 0 ? new Set(names) : undefined;
    return new Map(all.filter((s) => !wanted || wanted.has(s.name)).map((s) => [s.id, s.name]));
  }

  private statement(kind: 'raw' | 'rollup'): StatementSync {
    this.statements[kind] ??= this.db.prepare(kind === 'raw' ? RAW_BUCKETS : ROLLUP_BUCKETS);
    return this.statements[kind];
  }

  close(): void {
    closeQuietly(this.db);
  }
}

/** A stored flag (0/1) as a boolean; NULL stays null (not recorded). */
function flag(value: number | null): boolean | null {
  return value === null ? null : value === 1;
}

/**
 * A read-only connection and its schema version, one this version reads: ours, or an older one a writer has not
 * migrated yet (reading never migrates: it may not write). Throws what SQLite throws, or a version mismatch.
 */
function connect(sqlite: SqliteModule, location: string | URL): [DatabaseSync, number] {
  const db = new sqlite.DatabaseSync(location, { readOnly: true });
  try {
    db.exec(`PRAGMA busy_timeout = ${DEFAULT_BUSY_TIMEOUT_MS}`);
    const version = (db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0;
    if (version < OLDEST_READABLE_VERSION || version > SCHEMA_VERSION) {
      throw new Error(`schema version ${version}, this version reads ${OLDEST_READABLE_VERSION} to ${SCHEMA_VERSION}`);
    }
    return [db, version];
  } catch (error) {
    closeQuietly(db);
    throw error;
  }
}

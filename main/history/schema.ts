/**
 * The history database's schema and its migrations. Each migration runs once, in its own transaction, and is
 * recorded in `schema_migrations`; a file from a newer version (a version we do not know) is never touched.
 */
import type { DatabaseSync } from 'node:sqlite';

export interface Migration {
  version: number;
  /** What it changes, stored beside the version for whoever opens the file with the sqlite3 shell. */
  description: string;
  sql: string;
}

/**
 * Append only: never edit a migration that has shipped. Server names are stored once in `servers` and referred to
 * by id, which halves the size of every row and of the (server, at) index that range scans and charts use.
 * Times are Unix ms; offsets follow RFC 5905 (positive when the server is ahead of this computer).
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'samples and failures, indexed by server and time',
    sql: `
      CREATE TABLE servers (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
      CREATE TABLE samples (
        at INTEGER NOT NULL,              -- Unix ms: when the reply (or the failure) came
        server_id INTEGER NOT NULL REFERENCES servers(id),
        state TEXT NOT NULL,              -- the server's state after this result
        ok INTEGER NOT NULL,              -- 1 sample, 0 failure
        offset_ms REAL,
        delay_ms REAL,
        jitter_ms REAL,
        stratum INTEGER,
        error_kind TEXT,
        error_message TEXT
      );
      CREATE INDEX samples_by_server_time ON samples(server_id, at);
      -- Per server, per 10-minute and per 1-hour bucket, kept by the writer in the same transaction as each row:
      -- charts of long ranges read these instead of every row (a month of 10 servers: 7,200 hourly buckets instead
      -- of 405,000 rows).
      CREATE TABLE rollup (
        server_id INTEGER NOT NULL REFERENCES servers(id),
        width_ms INTEGER NOT NULL,        -- one of ROLLUP_WIDTHS
        bucket INTEGER NOT NULL,          -- at / width_ms
        offset_min REAL, offset_max REAL, delay_min REAL, delay_max REAL,
        samples INTEGER NOT NULL,
        failures INTEGER NOT NULL,
        failure_mask INTEGER NOT NULL,    -- bit i set: a failure of kind FAILURE_KINDS[i] in the bucket
        PRIMARY KEY (server_id, width_ms, bucket)
      ) WITHOUT ROWID;`,
  },
  {
    version: 2,
    description: 'why each row is as it is: selection, NTS authentication, the verdict on this computer, the failure code',
    // ADD COLUMN changes only the schema, never a row: a month-old file migrates at once, its rows reading NULL
    // (not recorded) in the new columns. Flags are 0/1 integers, which SQLite stores in the row header alone.
    sql: `
      ALTER TABLE samples ADD COLUMN selection TEXT;          -- the latest selection: truechimer, falseticker; NULL: did not vote
      ALTER TABLE samples ADD COLUMN falseticker INTEGER;     -- 1: confirmed falseticker (its alarm), 0: not
      ALTER TABLE samples ADD COLUMN authenticated INTEGER;   -- a sample: 1 authenticated with NTS, 0 plain NTP
      ALTER TABLE samples ADD COLUMN clock_state TEXT;        -- the verdict on this computer's clock after this result
      ALTER TABLE samples ADD COLUMN consensus_offset_ms REAL; -- the servers' consensus minus this computer; NULL: no verdict
      ALTER TABLE samples ADD COLUMN error_code TEXT;         -- a failure's detail: kiss code, errno, failed check`,
  },
];

export const SCHEMA_VERSION = MIGRATIONS.at(-1)!.version;

/** The oldest schema the reader still reads (its rows lack what later versions added): a file not yet migrated. */
export const OLDEST_READABLE_VERSION = 1;

/** The widths of the `rollup` buckets, narrowest first: 10 minutes and 1 hour. */
export const ROLLUP_WIDTHS = [600_000, 3_600_000] as const;

export type MigrationResult = { ok: true; from: number; to: number } | { ok: false; newer: number };

/** The highest version applied to this database; 0 for a new, empty one. Reads only. */
export function appliedVersion(db: DatabaseSync): number {
  const table = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (!table) return 0;
  const row = db.prepare('SELECT max(version) AS version FROM schema_migrations').get() as { version: number | null };
  return row.version ?? 0;
}

/**
 * Applies the migrations this database lacks, oldest first; refuses (changing nothing) a newer schema. The applied
 * version is read inside each migration's write transaction: another process opening the same new file at the same
 * moment waits there for ours to commit and then finds nothing left to do, instead of running it a second time.
 */
export function migrate(db: DatabaseSync, migrations: readonly Migration[] = MIGRATIONS, now: () => number = Date.now): MigrationResult {
  const known = migrations.at(-1)?.version ?? 0;
  let from: number | undefined;
  for (;;) {
    db.exec('BEGIN IMMEDIATE');
    try {
      const applied = appliedVersion(db);
      from ??= applied;
      const next = migrations.find((m) => m.version > applied);
      if (applied > known || !next) {
        db.exec('COMMIT');
        return applied > known ? { ok: false, newer: applied } : { ok: true, from, to: Math.max(from, known) };
      }
      db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at INTEGER NOT NULL)');
      db.exec(next.sql);
      db.prepare('INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)').run(next.version, next.description, now());
      db.exec('COMMIT');
    } catch (error) {
      if (db.isTransaction) db.exec('ROLLBACK');
      throw error;
    }
  }
}

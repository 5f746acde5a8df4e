/** Opens a history database file the way every connection to it must be opened: WAL, a busy timeout, migrated. */
import type { DatabaseSync } from 'node:sqlite';
import { appliedVersion, migrate, type Migration, MIGRATIONS } from './schema.js';
import type { SqliteModule } from './sqlite.js';

/**
 * How long a statement waits for another process's lock before it fails with SQLITE_BUSY. Short, because a write
 * runs on the polling thread: a wait there would hold back the reading of NTP replies and so distort their timing.
 */
export const DEFAULT_BUSY_TIMEOUT_MS = 200;

/**
 * The wait while opening: another process may hold the write lock for a moment (two `watch` starting on one new
 * file migrate it one after the other). Opening is rare (start, a new file in the settings) and waits only while
 * another process holds that lock, whereas giving up would leave this process without history.
 */
const OPEN_BUSY_TIMEOUT_MS = 5_000;

export type Opened = { ok: true; db: DatabaseSync } | { ok: false; newer: number };

/**
 * Opens (creating) the file for writing. WAL lets readers (the CLI, charts) run beside the writer without blocking
 * it; synchronous=NORMAL commits without an fsync each time: a killed process loses nothing committed (the WAL is
 * in the OS's hands), only a power cut can lose the last moments. Throws what SQLite throws; a newer schema is
 * returned, not thrown, and the file is left as it was.
 */
export function openForWriting(sqlite: SqliteModule, file: string, busyTimeoutMs: number, migrations: readonly Migration[] = MIGRATIONS): Opened {
  const db = new sqlite.DatabaseSync(file);
  try {
    db.exec(`PRAGMA busy_timeout = ${Math.max(OPEN_BUSY_TIMEOUT_MS, Math.round(busyTimeoutMs))}`);
    // A newer version's file is checked for before anything (even the journal mode) is written to it.
    const found = appliedVersion(db);
    const known = migrations.at(-1)?.version ?? 0;
    if (found > known) {
      db.close();
      return { ok: false, newer: found };
    }
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = NORMAL');
    migrate(db, migrations);
    db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.round(busyTimeoutMs))}`);
    return { ok: true, db };
  } catch (error) {
    closeQuietly(db);
    throw error;
  }
}

/** Closing a connection that has already failed may fail again; there is nothing more to do about it. */
export function closeQuietly(db: DatabaseSync | undefined): void {
  try {
    db?.close();
  } catch {
    // already closed, or the file is gone: either way the connection is released
  }
}

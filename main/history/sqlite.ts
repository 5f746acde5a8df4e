/** Loads Node's built-in SQLite (`node:sqlite`) on demand, without its "experimental" warning on the user's stderr. */
import type { DatabaseSync } from 'node:sqlite';

export type SqliteModule = typeof import('node:sqlite');

let loaded: Promise<SqliteModule | null> | undefined;

/**
 * The module, or null where this runtime has none (Node < 22.5; before 22.13 it needs a flag). Node 22 prints an
 * ExperimentalWarning when the module loads: harmless for us (we use the stable core: prepare, run, all), and noise
 * for an operator reading stderr, so that one warning is held back while the module loads.
 */
export function loadSqlite(): Promise<SqliteModule | null> {
  loaded ??= (async () => {
    const emitWarning = process.emitWarning;
    process.emitWarning = function (this: NodeJS.Process, warning: string | Error, ...rest: unknown[]) {
      const type = typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: string } | undefined)?.type;
      if (type === 'ExperimentalWarning' && /sqlite/i.test(String(warning))) return;
      return (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
    } as typeof process.emitWarning;
    try {
      return await import('node:sqlite');
    } catch {
      return null;
    } finally {
      process.emitWarning = emitWarning;
    }
  })();
  return loaded;
}

/** A short reason for messages: SQLite's own words ("database is locked"), a file system code (EACCES), or else. */
export function reasonOf(error: unknown): string {
  const e = error as { code?: unknown; message?: unknown } | null;
  if (typeof e?.code === 'string' && e.code !== 'ERR_SQLITE_ERROR') return e.code;
  return typeof e?.message === 'string' ? e.message : String(error);
}

export type { DatabaseSync };

/** SQLite's extended result code of a failed call, or undefined for any other error. */
function extendedCode(error: unknown): number | undefined {
  const errcode = (error as { errcode?: unknown } | null)?.errcode;
  return typeof errcode === 'number' ? errcode : undefined;
}

/** SQLite's primary result code of a failed call (SQLITE_BUSY is 5), or undefined for any other error. */
function sqliteCode(error: unknown): number | undefined {
  const code = extendedCode(error);
  return code === undefined ? undefined : code & 0xff;
}

/** The file itself is damaged or is not a database (SQLITE_CORRUPT, SQLITE_NOTADB): the only reason to set it aside. */
export function isCorrupt(error: unknown): boolean {
  const code = sqliteCode(error);
  return code === 11 || code === 26;
}

/** Another connection holds a lock beyond the busy timeout (SQLITE_BUSY, SQLITE_LOCKED): it passes. */
export function isBusy(error: unknown): boolean {
  const code = sqliteCode(error);
  return code === 5 || code === 6;
}

/**
 * A read-only connection could not set up WAL: SQLITE_READONLY_DIRECTORY (no `-shm` can be made in the folder) or
 * SQLITE_CANTOPEN (of the `-shm` or `-wal`).
 */
export function cannotOpenWal(error: unknown): boolean {
  return extendedCode(error) === 1544 || sqliteCode(error) === 14;
}

/**
 * The history writer: every result of the scheduler becomes one row in an SQLite file, written at once (a killed
 * process loses at most the result in flight), and rows older than the retention are pruned in small batches on a
 * timer of their own. A file that cannot be used never stops monitoring: a corrupt one is kept aside as
 * `<file>.bad-<time>` and a new one started; while another process locks it, results wait in memory for the next
 * write; anything else (or a second corrupt file) turns history off. Either way the user is told once.
 */
import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { VerdictView } from '../consensus/clock-verdict.js';
import { backupPath } from '../files/backup-path.js';
import { translate, type Language } from '../i18n/translate.js';
import type { ResultEvent } from '../judging/events.js';
import { closeQuietly, DEFAULT_BUSY_TIMEOUT_MS, openForWriting } from './database.js';
import { rowFromEvent, type HistoryRow } from './rows.js';
import { failureMask } from './failure-mask.js';
import { ROLLUP_WIDTHS, SCHEMA_VERSION } from './schema.js';
import { isBusy, isCorrupt, loadSqlite, reasonOf, type SqliteModule } from './sqlite.js';

export const DEFAULT_RETENTION_DAYS = 30;
const DAY_MS = 86_400_000;
/** Results held while another process locks the file (about 16 hours of one server at 64 s); beyond, history is off. */
const MAX_WAITING = 1_000;

export interface HistoryStoreOptions {
  file: string;
  retentionDays?: number;
  language: Language;
  /** Told, once per trouble, when the file had to be replaced or history is off; one sentence in `language`. */
  onTrouble: (message: string) => void;
  busyTimeoutMs?: number;
  /** How often old rows are pruned (default 10 min); the first prune runs soon after opening. */
  pruneEveryMs?: number;
  /** Rows deleted per server in one prune step, so one step never holds the polling thread for long. */
  pruneBatch?: number;
  now?: () => number;
  /** For tests: the SQLite module to use instead of node:sqlite, or null to act as a runtime without one. */
  sqlite?: SqliteModule | null;
}

interface Statements {
  insert: StatementSync;
  rollup: StatementSync;
  pruneRollup: StatementSync;
  serverId: StatementSync;
  addServer: StatementSync;
  servers: StatementSync;
  pruneServer: StatementSync;
}

export class HistoryStore {
  /** The file being written, or undefined while history is off. */
  private db: DatabaseSync | undefined;
  private statements: Statements | undefined;
  private readonly serverIds = new Map<string, number | bigint>();
  /** Results not yet written, oldest first: only ever more than the one in hand while the file is locked. */
  private readonly waiting: HistoryRow[] = [];
  /** The user has been told the file is locked; told again only after a write has worked in between. */
  private toldBusy = false;
  /** Set once a file has been kept aside: a second failure in the same run turns history off instead of looping. */
  private replaced = false;
  private sqlite: SqliteModule | undefined;
  private pruneTimer: NodeJS.Timeout | undefined;
  private readonly now: () => number;
  retentionDays: number;
  /** The language a failure's words are stored in and troubles told in; follows the settings. */
  language: Language;

  /** Never rejects: a store whose file cannot be used is returned off, the reason already told. */
  static async open(options: HistoryStoreOptions): Promise<HistoryStore> {
    const sqlite = options.sqlite === undefined ? await loadSqlite() : options.sqlite;
    const store = new HistoryStore(options);
    if (!sqlite) store.tell('history.unavailable', { version: process.version });
    else store.start(sqlite);
    return store;
  }

  private constructor(private readonly options: HistoryStoreOptions) {
    this.now = options.now ?? Date.now;
    this.retentionDays = options.retentionDays ?? DEFAULT_RETENTION_DAYS;
    this.language = options.language;
  }

  get file(): string {
    return this.options.file;
  }

  /** False once history is off: no runtime SQLite, or neither the file nor a new one could be used. */
  get active(): boolean {
    return this.db !== undefined;
  }

  /** A monitor's result, with its verdict across servers as it stood after it (none when polled without one). */
  onResult(event: ResultEvent, verdict?: VerdictView): void {
    this.record(rowFromEvent(event, this.language, verdict));
  }

  /** Writes one row now, after any still waiting. Never throws: see the class comment for what a failure does. */
  record(row: HistoryRow): void {
    if (!this.db) return;
    this.waiting.push(row);
    this.flush();
  }

  /**
   * One prune step: deletes at most `pruneBatch` rows and rollup rows older than the retention, server by server
   * through the (server, at) index, so one step never holds the polling thread for long. Returns how many it
   * deleted; the timer calls it again at once while it finds any.
   */
  pruneOnce(): number {
    let deleted = 0;
    this.guarded(() => {
      const s = this.statements!;
      const cutoff = this.now() - this.retentionDays * DAY_MS;
      const batch = this.options.pruneBatch ?? 500;
      for (const { id } of s.servers.all() as { id: number }[]) {
        if (deleted < batch) deleted += Number(s.pruneServer.run(id, cutoff, batch - deleted).changes);
        for (const width of ROLLUP_WIDTHS) {
          if (deleted < batch) deleted += Number(s.pruneRollup.run(id, width, Math.floor(cutoff / width), batch - deleted).changes);
        }
      }
    });
    return deleted;
  }

  /** Stops pruning and closes the file; everything recorded is in it, unless a lock outlasts a last try. */
  close(): void {
    if (this.pruneTimer) clearTimeout(this.pruneTimer);
    this.pruneTimer = undefined;
    if (this.waiting.length > 0) this.flush();
    this.shutDown();
  }

  private start(sqlite: SqliteModule): void {
    this.sqlite = sqlite;
    const file = this.options.file;
    try {
      mkdirSync(dirname(file), { recursive: true });
      const opened = openForWriting(sqlite, file, this.options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS);
      if (!opened.ok) return this.tell('history.newer', { file, found: opened.newer, known: SCHEMA_VERSION });
      this.use(opened.db);
    } catch (error) {
      return isCorrupt(error) ? this.replace(sqlite, error) : this.off(error);
    }
    this.schedulePrune(1_000);
  }

  private use(db: DatabaseSync): void {
    this.serverIds.clear();
    this.statements = {
      insert: db.prepare(
        `INSERT INTO samples (at, server_id, state, ok, offset_ms, delay_ms, jitter_ms, stratum, error_kind, error_message,
           selection, falseticker, authenticated, clock_state, consensus_offset_ms, error_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      rollup: db.prepare(
        `INSERT INTO rollup (server_id, width_ms, bucket, offset_min, offset_max, delay_min, delay_max, samples, failures, failure_mask)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (server_id, width_ms, bucket) DO UPDATE SET
           offset_min = min(coalesce(offset_min, excluded.offset_min), coalesce(excluded.offset_min, offset_min)),
           offset_max = max(coalesce(offset_max, excluded.offset_max), coalesce(excluded.offset_max, offset_max)),
           delay_min = min(coalesce(delay_min, excluded.delay_min), coalesce(excluded.delay_min, delay_min)),
           delay_max = max(coalesce(delay_max, excluded.delay_max), coalesce(excluded.delay_max, delay_max)),
           samples = samples + excluded.samples, failures = failures + excluded.failures,
           failure_mask = failure_mask | excluded.failure_mask`,
      ),
      pruneRollup: db.prepare(
        'DELETE FROM rollup WHERE server_id = ?1 AND width_ms = ?2 AND bucket IN (SELECT bucket FROM rollup WHERE server_id = ?1 AND width_ms = ?2 AND bucket < ?3 LIMIT ?4)',
      ),
      serverId: db.prepare('SELECT id FROM servers WHERE name = ?'),
      // Another process writing the same file may add the same name between our look-up and this insert.
      addServer: db.prepare('INSERT INTO servers (name) VALUES (?) ON CONFLICT (name) DO NOTHING'),
      servers: db.prepare('SELECT id FROM servers'),
      pruneServer: db.prepare('DELETE FROM samples WHERE rowid IN (SELECT rowid FROM samples WHERE server_id = ? AND at < ? LIMIT ?)'),
    };
    this.db = db;
  }

  /** The row and its rollup buckets in one transaction, so that a kill between them never leaves them apart. */
  private insert(row: HistoryRow): void {
    const s = this.statements!;
    // Whole ms, cut as Date cuts them, so a row shows the same time as the sample log line for it.
    const at = Math.trunc(row.at);
    const id = this.idOf(row.server);
    const mask = row.errorKind ? failureMask(row.errorKind) : 0;
    this.db!.exec('BEGIN IMMEDIATE');
    try {
      s.insert.run(
        at, id, row.state, row.ok ? 1 : 0, row.offsetMs, row.delayMs, row.jitterMs, row.stratum, row.errorKind, row.errorMessage,
        row.selection, flag(row.falseticker), flag(row.authenticated), row.clockState, row.consensusOffsetMs, row.errorCode,
      );
      for (const width of ROLLUP_WIDTHS) {
        s.rollup.run(id, width, Math.floor(at / width), row.offsetMs, row.offsetMs, row.delayMs, row.delayMs, row.ok ? 1 : 0, row.ok ? 0 : 1, mask);
      }
      this.db!.exec('COMMIT');
    } catch (error) {
      if (this.db!.isTransaction) this.db!.exec('ROLLBACK');
      throw error;
    }
  }

  private flush(): void {
    this.guarded(() => {
      while (this.waiting.length > 0) {
        this.insert(this.waiting[0]!);
        this.waiting.shift();
      }
    });
  }

  private idOf(server: string): number | bigint {
    let id = this.serverIds.get(server);
    if (id === undefined) {
      this.statements!.addServer.run(server);
      id = (this.statements!.serverId.get(server) as { id: number }).id;
      this.serverIds.set(server, id);
    }
    return id;
  }

  /**
   * Runs `work` on the open file. A lock held by another process is waited out by the next call; a corrupt file is
   * replaced (the first time) and `work` tried once more; any other error turns history off.
   */
  private guarded(work: () => void): void {
    if (!this.db) return;
    try {
      work();
      this.toldBusy = false;
    } catch (error) {
      if (isBusy(error)) return this.waitForLock(error);
      if (!isCorrupt(error) || this.replaced || !this.sqlite) return this.off(error);
      this.shutDown();
      this.replace(this.sqlite, error);
      if (!this.db) return;
      try {
        work();
      } catch (again) {
        this.off(again);
      }
    }
  }

  /** The file cannot be used: keep it (and its WAL) aside for whoever wants to look, and start a new one. */
  private replace(sqlite: SqliteModule, error: unknown): void {
    const file = this.options.file;
    const reason = reasonOf(error);
    this.replaced = true;
    const backup = backupPath(file, new Date(this.now()));
    try {
      // Only a file is ever moved: a folder (or nothing) where the file should be is the user's, not ours.
      if (!existsSync(file) || !statSync(file).isFile()) throw error;
      for (const suffix of ['', '-wal', '-shm']) if (existsSync(file + suffix)) renameSync(file + suffix, backup + suffix);
      const opened = openForWriting(sqlite, file, this.options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS);
      if (!opened.ok) throw new Error(`schema version ${opened.newer}`);
      this.use(opened.db);
    } catch (again) {
      return this.tell('history.off', { file, reason: again === error ? reason : `${reason}; ${reasonOf(again)}` });
    }
    this.tell('history.recovered', { file, reason, backup });
    this.schedulePrune(1_000);
  }

  /** The rows stay in `waiting` for the next write, within MAX_WAITING; the user is told once per locked spell. */
  private waitForLock(error: unknown): void {
    if (this.waiting.length > MAX_WAITING) return this.off(error);
    if (!this.toldBusy) this.tell('history.busy', { file: this.options.file, reason: reasonOf(error), max: MAX_WAITING });
    this.toldBusy = true;
  }

  private off(error: unknown): void {
    this.waiting.length = 0;
    this.shutDown();
    this.tell('history.off', { file: this.options.file, reason: reasonOf(error) });
  }

  private shutDown(): void {
    closeQuietly(this.db);
    this.db = undefined;
    this.statements = undefined;
  }

  /** Off the polling path: its own timer, unref'd so it never keeps a process alive, a bounded batch per step. */
  private schedulePrune(delayMs: number): void {
    if (this.pruneTimer) clearTimeout(this.pruneTimer);
    this.pruneTimer = setTimeout(() => {
      // While a step finds old rows, the next one follows at once (after whatever else waits on the loop).
      const deleted = this.pruneOnce();
      if (this.db) this.schedulePrune(deleted > 0 ? 0 : (this.options.pruneEveryMs ?? 600_000));
    }, delayMs);
    this.pruneTimer.unref();
  }

  private tell(key: 'history.unavailable' | 'history.recovered' | 'history.off' | 'history.newer' | 'history.busy', params: Record<string, string | number>): void {
    this.options.onTrouble(translate(this.language, key, params));
  }
}

/** A flag as SQLite stores it (0/1, NULL when not recorded). */
function flag(value: boolean | null): number | null {
  return value === null ? null : value ? 1 : 0;
}

/**
 * Snoozed notifications: until when the desktop keeps its notifications to itself while monitoring, history, the
 * icon, the webhook and metrics go on. Kept in a small file of its own (not a setting: nobody wants a snooze in a
 * config.ini), read back at start so it survives a restart, and ended by a timer so it stops by itself.
 * No Electron here; desktop.ts wires it.
 */
import { readFileSync, statSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import type { SnoozeChoice } from '../../contract.js';


/** "Until tomorrow" ends at this local hour of the next day: the start of a working day, not midnight. */
export const TOMORROW_HOUR = 8;
/** The longest snooze a choice can give (tomorrow 08:00 from just after midnight is 32 h): a longer one read back is a bad file. */
export const MAX_SNOOZE_MS = 33 * 3_600_000;

/** When a snooze chosen at `now` ends (Unix ms). */
export function snoozeEnd(choice: SnoozeChoice, now: number): number {
  if (choice === '1h') return now + 3_600_000;
  const end = new Date(now);
  end.setDate(end.getDate() + 1);
  end.setHours(TOMORROW_HOUR, 0, 0, 0);
  return end.getTime();
}

export interface SnoozeOptions {
  /** The file that keeps the snooze across restarts. */
  file: string;
  now: () => number;
  /** Called when the snooze starts, ends by itself or is ended: the tray and status window redraw. */
  onChange: () => void;
  log: (message: string) => void;
}

/** The snooze of a running desktop: read at start, changed from the tray or the status window. */
export class Snooze {
  private until: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly options: SnoozeOptions) {
    this.until = readUntil(options.file, options.now());
    this.arm();
  }

  /** The end of the snooze under way, or undefined when notifications are on. */
  get snoozedUntil(): number | undefined {
    return this.until !== undefined && this.until > this.options.now() ? this.until : undefined;
  }

  /** Snoozes from now; a second choice replaces the first. */
  start(choice: SnoozeChoice): void {
    this.change(snoozeEnd(choice, this.options.now()));
  }

  /** Notifications on again at once. */
  end(): void {
    this.change(undefined);
  }

  /** Stops the timer (quitting); the file keeps the snooze for the next start. Resolves once the last write is done. */
  dispose(): Promise<void> {
    clearTimeout(this.timer);
    return this.writing;
  }

  private change(until: number | undefined): void {
    this.until = until;
    this.arm();
    const text = JSON.stringify({ until: until ?? null });
    // Writes in order, each whole (a temporary file renamed): a crash mid-write leaves the previous snooze, never half a file.
    this.writing = this.writing
      .then(async () => {
        await writeFile(`${this.options.file}.tmp`, text);
        await rename(`${this.options.file}.tmp`, this.options.file);
      })
      .catch((error: unknown) => this.options.log(`The snooze could not be saved: ${String(error)}`));
    this.options.onChange();
  }

  /** One timer at the end; setTimeout's 24.8-day limit is far beyond MAX_SNOOZE_MS. */
  private arm(): void {
    clearTimeout(this.timer);
    const left = this.snoozedUntil === undefined ? undefined : this.snoozedUntil - this.options.now();
    if (left === undefined) return;
    this.timer = setTimeout(() => {
      this.until = undefined;
      this.options.onChange();
    }, left);
    this.timer.unref?.();
  }
}

/** The saved end, if the file holds one still to come and no further off than a choice can give; anything else is no snooze. */
function readUntil(file: string, now: number): number | undefined {
  let parsed: unknown;
  try {
    // Only a small regular file is read: a FIFO or a device put there must not hang the start.
    const stat = statSync(file);
    if (!stat.isFile() || stat.size > 1024) return undefined;
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  const until = (parsed as { until?: unknown } | null)?.until;
  return typeof until === 'number' && Number.isSafeInteger(until) && until > now && until - now <= MAX_SNOOZE_MS ? until : undefined;
}

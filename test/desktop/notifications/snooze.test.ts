/** Snoozed notifications: when a snooze ends, that it is kept across a restart, ends by itself, and that a bad file is no snooze. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_SNOOZE_MS, Snooze, snoozeEnd, TOMORROW_HOUR } from '../../../main/desktop/notifications/snooze.js';

let dir: string;
let file: string;
let now: number;
let changes: number;
let logged: string[];

const make = () => new Snooze({ file, now: () => now, onChange: () => void changes++, log: (m) => void logged.push(m) });

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  dir = mkdtempSync(join(tmpdir(), 'ntp-monitor-snooze-'));
  file = join(dir, 'snooze.json');
  now = new Date(2026, 11, 6, 15, 4, 30).getTime();
  changes = 0;
  logged = [];
});
afterEach(() => {
  vi.useRealTimers();
  rmSync(dir, { recursive: true, force: true });
});

describe('snoozeEnd', () => {
  it('ends an hour later, or at 08:00 of the next calendar day whatever the hour now', () => {
    expect(snoozeEnd('1h', now) - now).toBe(3_600_000);
    for (const hour of [0, 7, 9, 23]) {
      const start = new Date(2026, 11, 31, hour, 30).getTime();
      const end = new Date(snoozeEnd('tomorrow', start));
      expect([end.getFullYear(), end.getMonth(), end.getDate(), end.getHours(), end.getMinutes()]).toEqual([2027, 0, 1, TOMORROW_HOUR, 0]);
      expect(end.getTime() - start).toBeLessThanOrEqual(MAX_SNOOZE_MS);
    }
  });
});

describe('Snooze', () => {
  it('is kept across a restart, and ends by itself at its end, telling the app so', async () => {
    const first = make();
    expect(first.snoozedUntil).toBeUndefined();
    first.start('1h');
    expect(first.snoozedUntil).toBe(now + 3_600_000);
    expect(changes).toBe(1);
    await first.dispose();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ until: now + 3_600_000 });

    now += 600_000;
    const second = make();
    expect(second.snoozedUntil).toBe(now + 3_000_000);
    now += 3_000_000 - 1;
    await vi.advanceTimersByTimeAsync(2_999_999);
    expect([second.snoozedUntil, changes]).toEqual([now + 1, 1]);
    now += 1;
    await vi.advanceTimersByTimeAsync(1);
    expect([second.snoozedUntil, changes]).toEqual([undefined, 2]);
    await second.dispose();
  });

  it('ends at once when asked, for this run and the next', async () => {
    const snooze = make();
    snooze.start('tomorrow');
    snooze.end();
    await snooze.dispose();
    expect(snooze.snoozedUntil).toBeUndefined();
    expect(make().snoozedUntil).toBeUndefined();
  });

  it('reads a file that is garbage, in the past, too far ahead, or not a regular file as no snooze', () => {
    for (const text of ['nonsense', '{"until":"soon"}', `{"until":${now - 1}}`, `{"until":${now + MAX_SNOOZE_MS + 1}}`, 'null', `{"until":${now + 0.5}}`]) {
      writeFileSync(file, text);
      expect(make().snoozedUntil, text).toBeUndefined();
    }
    rmSync(file);
    mkdirSync(file);
    expect(make().snoozedUntil).toBeUndefined();
    rmSync(file, { recursive: true });
    execFileSync('mkfifo', [file]);
    expect(make().snoozedUntil).toBeUndefined();
  });

  it('keeps snoozing for this run when the file cannot be written, and says why', async () => {
    file = join(dir, 'missing-folder', 'snooze.json');
    const snooze = make();
    snooze.start('1h');
    await snooze.dispose();
    expect(snooze.snoozedUntil).toBe(now + 3_600_000);
    expect(logged).toEqual([expect.stringMatching(/^The snooze could not be saved: .*ENOENT/)]);
  });
});

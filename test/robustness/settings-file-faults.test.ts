/**
 * The desktop settings file corrupted on disk in arbitrary ways (random bytes, truncated or bit-flipped JSON, valid
 * JSON of the wrong shape): opening it never throws, always yields settings the engine accepts, and what the user
 * wrote in a file it cannot use is kept in a backup. conf stands in for electron-store, as in test/desktop.
 */
import Conf from 'conf';
import fc from 'fast-check';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSettingsStore } from '../../main/desktop/platform/settings-recovery.js';
import { settingsJsonSchema } from '../../main/settings/json-schema.js';
import { defaultSettings } from '../../main/settings/settings.js';
import { validateSettings } from '../../main/settings/validate.js';

const defaults = defaultSettings(['127.0.0.1:9123']);
const root = mkdtempSync(join(tmpdir(), 'ntp-monitor-settings-faults-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let runs = 0;
function freshDir(): string {
  const dir = join(root, String(runs++));
  mkdirSync(dir);
  return dir;
}

function open(dir: string) {
  const path = join(dir, 'config.json');
  return openSettingsStore(() => new Conf({ cwd: dir, configName: 'config', schema: settingsJsonSchema, defaults }), path);
}

const good = { ...defaults, servers: ['a.example', '[::1]:123'], warningSeconds: 0.25 };
const goodBytes = new TextEncoder().encode(JSON.stringify(good, null, 2));

/** Files that must be kept as they are: the good one, and any subset of its keys (an older or hand-written file). */
const usable: fc.Arbitrary<Uint8Array> = fc
  .subarray(Object.keys(good) as (keyof typeof good)[])
  .map((keys) => new TextEncoder().encode(JSON.stringify(Object.fromEntries(keys.map((k) => [k, good[k]])))));

const corrupted: fc.Arbitrary<Uint8Array> = fc.oneof(
  usable,
  fc.uint8Array({ maxLength: 400, size: 'max' }),
  fc.nat({ max: goodBytes.length }).map((n) => goodBytes.slice(0, n)),
  fc.array(fc.tuple(fc.nat({ max: goodBytes.length - 1 }), fc.nat({ max: 255 })), { minLength: 1, maxLength: 5 }).map((edits) => {
    const copy = Uint8Array.from(goodBytes);
    for (const [at, value] of edits) copy[at] = value;
    return copy;
  }),
  fc
    .tuple(fc.constantFrom(...Object.keys(defaults)), fc.jsonValue())
    .map(([key, value]) => new TextEncoder().encode(JSON.stringify({ ...defaults, [key]: value }))),
  fc.jsonValue().map((value) => new TextEncoder().encode(JSON.stringify(value) ?? '')),
);

function parseJson(bytes: Uint8Array): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(Buffer.from(bytes).toString('utf8')) };
  } catch {
    return { ok: false };
  }
}

/**
 * The backup keeps what the user wrote: the exact bytes of a file that is not JSON; for a JSON object, every key
 * and value (conf may already have rewritten such a file with the defaults merged in before validation refused it).
 */
function expectNothingLost(original: Uint8Array, backup: Buffer): void {
  const parsed = parseJson(original);
  if (!parsed.ok) return void expect(Buffer.compare(backup, Buffer.from(original))).toBe(0);
  if (typeof parsed.value === 'object' && parsed.value !== null && !Array.isArray(parsed.value)) {
    expect(JSON.parse(backup.toString('utf8'))).toMatchObject(parsed.value as object);
  }
}

describe('settings file corrupted on disk', () => {
  it('opening never throws, yields valid settings, and backs up an unusable file without losing what it held', () => {
    let recovered = 0;
    let kept = 0;
    fc.assert(
      fc.property(corrupted, (bytes) => {
        const dir = freshDir();
        writeFileSync(join(dir, 'config.json'), bytes);
        const opened = open(dir);
        expect(validateSettings(opened.settings).ok).toBe(true);
        if (opened.recovery) {
          recovered++;
          expect(opened.settings).toEqual(defaults);
          expect(opened.recovery.reason.length).toBeGreaterThan(0);
          expectNothingLost(bytes, readFileSync(opened.recovery.backup));
        } else {
          kept++;
        }
        // Whatever happened, the file on disk is now one that opens cleanly to the same settings.
        const again = open(dir);
        expect(again.recovery).toBeUndefined();
        expect(again.settings).toEqual(opened.settings);
      }),
      { numRuns: 120 },
    );
    // Both outcomes occurred, so neither branch above is vacuous.
    expect(recovered).toBeGreaterThan(0);
    expect(kept).toBeGreaterThan(0);
  });

  it('a directory where the settings file should be is moved aside, and the app starts from the defaults', () => {
    const dir = freshDir();
    mkdirSync(join(dir, 'config.json'));
    const opened = open(dir);
    expect(opened.settings).toEqual(defaults);
    expect(opened.recovery).toBeDefined();
    expect(readdirSync(dir).filter((n) => n.startsWith('config.json.bad-'))).toHaveLength(1);
    expect(existsSync(join(dir, 'config.json'))).toBe(true);
  });
});

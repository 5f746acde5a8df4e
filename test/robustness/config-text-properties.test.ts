/**
 * Any text given to `--config` (INI or JSON, random bytes, proto-named keys, control characters, huge inputs) is read
 * without throwing, yields at most MAX_PROBLEMS problems plus a count, and no problem message holds a control or
 * bidirectional character that could forge a line or reorder a terminal.
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { problemWords } from '../../main/i18n/problem-words.js';
import type { Language } from '../../main/i18n/translate.js';
import { MAX_PROBLEMS, parseConfigText, readConfigFile, settingsFromLayers, type ConfigRead } from '../../main/settings/config-file.js';
import { defaultSettings } from '../../main/settings/settings.js';

const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;
const dir = mkdtempSync(join(tmpdir(), 'ntp-monitor-config-props-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const hostileKey = fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'server_addr', 'interval', 'servers', 'k\n', 'a\u202eb', '\u001b[2J');
const hostileValue = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('0x1f4', ' 5 ', '1e3', '192.0.2.1\nFORGED 0', '\u202e1.0.2.291', 'http://u:p@h/?t=1;x#y', '{}', '-0'),
);
const iniText = fc
  .tuple(
    fc.array(
    fc.oneof(
      fc.tuple(hostileKey, fc.constantFrom(' = ', ':', '='), hostileValue).map(([k, d, v]) => `${k}${d}${v}`),
      fc.constantFrom('[ntp_server]', '[DEFAULT]', '[__proto__]', '[constructor]', '  continued', '; comment', ''),
      fc.string({ unit: 'binary', maxLength: 30 }),
    ),
      { maxLength: 30 },
    ),
    fc.constantFrom('\n', '\r\n', '\r'),
  )
  .map(([lines, eol]) => lines.join(eol));
const jsonText = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v) ?? ''),
  fc.dictionary(hostileKey, fc.jsonValue(), { maxKeys: 8 }).map((o) => JSON.stringify({ servers: ['192.0.2.1'], ...o })),
  fc.tuple(hostileKey, hostileValue).map(([k, v]) => `{"servers": ["192.0.2.1"], ${JSON.stringify(k)}: ${JSON.stringify(v)}}`),
);
const anyText = fc.oneof(iniText, jsonText, fc.string({ unit: 'binary', maxLength: 300 }), fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('latin1')));
const anyPath = fc.constantFrom('config.ini', 'settings.json', 'a\nb.ini', '\u202eini.json');

/** Reads as `watch` does (file, then validation) and checks every message that would be printed. */
function expectPrintable(read: ConfigRead, lang: Language = 'en'): void {
  const problems = read.ok ? settingsFromLayers([read.layer], defaultSettings()) : read;
  if (problems.ok) return;
  expect(problems.problems.length).toBeGreaterThan(0);
  expect(problems.problems.length).toBeLessThanOrEqual(MAX_PROBLEMS + 1);
  for (const problem of problems.problems) expect(problemWords(problem, lang), JSON.stringify(problem)).not.toMatch(UNPRINTABLE);
}

describe('config text under arbitrary input', () => {
  it('never throws, caps the problems, and never prints a control character', () => {
    fc.assert(
      fc.property(anyText, anyPath, (text, path) => {
        for (const lang of ['en', 'zh-CN'] as const) expectPrintable(parseConfigText(text, path), lang);
      }),
      { numRuns: 1_500 },
    );
  });

  it('reads random bytes from disk without throwing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), async (bytes) => {
        const path = join(dir, 'random.ini');
        writeFileSync(path, bytes);
        expectPrintable(await readConfigFile(path));
      }),
      { numRuns: 200 },
    );
  });

  it('handles near-limit inputs: a 1 MiB file of unknown keys, one huge line, deep JSON', async () => {
    const keys = `[ntp_server]\n${'constructor_x = 1\n'.repeat(58_000)}`;
    const path = join(dir, 'huge.ini');
    writeFileSync(path, keys);
    const read = await readConfigFile(path);
    expect(!read.ok && problemWords(read.problems.at(-1)!)).toMatch(/^… and \d+ more problems\.$/);
    expectPrintable(read);
    expectPrintable(parseConfigText(`[ntp_server]\nserver_addr = ${'a'.repeat(1_000_000)}\n`, 'long.ini'));
    expectPrintable(parseConfigText(`${'['.repeat(5_000)}${']'.repeat(5_000)}`, 'deep.json'));
  });
});

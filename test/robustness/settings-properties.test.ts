/**
 * Bad settings never crash: for any input (any JSON, settings with one field replaced by anything, random server
 * strings), validateSettings and parseServerAddress never throw, every problem has a complete message in English and
 * Simplified Chinese, and whatever is accepted lies within LIMITS.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { messageTemplate, type MessageKey } from '../../main/i18n/translate.js';
import { LANGUAGES } from '../../main/i18n/translate.js';
import { parseServerAddress } from '../../main/ntp/address.js';
import { defaultSettings, LIMITS, SETTING_KEYS, type Settings } from '../../main/settings/settings.js';
import { problemWords } from '../../main/i18n/problem-words.js';
import { validateSettings } from '../../main/settings/validate.js';

const base = defaultSettings(['127.0.0.1:123', 'ntp.example.org']);

const anyInput = fc.oneof(
  fc.constant(base),
  fc.anything(),
  fc.jsonValue(),
  fc.tuple(fc.constantFrom(...SETTING_KEYS), fc.oneof(fc.anything(), fc.double(), fc.integer(), fc.string())).map(([key, value]) => ({ ...base, [key]: value })),
  fc.dictionary(fc.string(), fc.jsonValue()).map((extra) => ({ ...base, ...extra })),
  fc.array(fc.string(), { maxLength: 60, size: 'max' }).map((servers) => ({ ...base, servers })),
);

/** Placeholders of the message template that were left unfilled (and are not simply echoed from the input). */
function unfilled(message: string, key: string, inputText: string): string[] {
  const template = messageTemplate('en', key as MessageKey) ?? '';
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[0]).filter((p) => message.includes(p) && !inputText.includes(p));
}

function within(settings: Settings): void {
  for (const key of ['intervalSeconds', 'warningSeconds', 'criticalSeconds', 'confirm', 'failuresBeforeUnreachable', 'timeoutMs'] as const) {
    expect(settings[key]).toBeGreaterThanOrEqual(LIMITS[key].min);
    expect(settings[key]).toBeLessThanOrEqual(LIMITS[key].max);
  }
  expect(settings.criticalSeconds).toBeGreaterThanOrEqual(settings.warningSeconds);
  expect(settings.servers.length).toBeGreaterThan(0);
  expect(settings.servers.length).toBeLessThanOrEqual(LIMITS.servers.max);
  for (const server of settings.servers) expect(parseServerAddress(server).ok).toBe(true);
}

describe('settings validation under arbitrary input', () => {
  it('never throws; problems read fully in both languages; accepted settings are within LIMITS', () => {
    let accepted = 0;
    fc.assert(
      fc.property(anyInput, (input) => {
        const result = validateSettings(input);
        if (result.ok) {
          accepted++;
          within(result.settings);
          return;
        }
        expect(result.problems.length).toBeGreaterThan(0);
        let inputText = '';
        try {
          inputText = JSON.stringify(input) ?? '';
        } catch {
          inputText = String(Object.prototype.toString.call(input));
        }
        for (const problem of result.problems) {
          for (const lang of LANGUAGES) {
            const message = problemWords(problem, lang);
            expect(typeof message).toBe('string');
            expect(message.trim().length).toBeGreaterThan(0);
            expect(unfilled(message, problem.key, inputText)).toEqual([]);
          }
        }
      }),
      { numRuns: 2_000 },
    );
    expect(accepted).toBeGreaterThan(0);
  });

  it('parseServerAddress never throws and every accepted address has a usable host and port', () => {
    const text = fc.oneof(
      fc.string(),
      fc.string({ unit: fc.constantFrom(...'0123456789abcdef:.[]-'.split('')) }),
      fc.tuple(fc.ipV4(), fc.integer({ min: -5, max: 70_000 })).map(([ip, port]) => `${ip}:${port}`),
      fc.tuple(fc.ipV6(), fc.integer({ min: -5, max: 70_000 })).map(([ip, port]) => `[${ip}]:${port}`),
      fc.domain(),
    );
    fc.assert(
      fc.property(text, (input) => {
        const parsed = parseServerAddress(input);
        if (!parsed.ok) return void expect(['empty', 'bad-port', 'bad-host']).toContain(parsed.problem);
        expect(parsed.address.host.length).toBeGreaterThan(0);
        expect(Number.isInteger(parsed.address.port)).toBe(true);
        expect(parsed.address.port).toBeGreaterThanOrEqual(1);
        expect(parsed.address.port).toBeLessThanOrEqual(65_535);
      }),
      { numRuns: 3_000 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { settingsJsonSchema } from '../../main/settings/json-schema.js';
import { withDefaults } from '../../main/settings/with-defaults.js';
import { defaultSettings, SETTING_KEYS } from '../../main/settings/settings.js';
import { parseListenAddress } from '../../main/settings/listen-address.js';
import { problemWords } from '../../main/i18n/problem-words.js';
import { levelProblems, validateSettings } from '../../main/settings/validate.js';

const good = { ...defaultSettings(['127.0.0.1:11123', '[::1]:11123', 'time.example.com']) };

function problems(overrides: Record<string, unknown>) {
  const v = validateSettings({ ...good, ...overrides });
  return v.ok ? [] : v.problems.map((p) => ({ path: p.path, message: problemWords(p) }));
}

describe('validateSettings', () => {
  it('accepts the defaults and a typical configuration', () => {
    expect(validateSettings(defaultSettings()).ok).toBe(true);
    // The addresses come parsed, in order, so nothing downstream parses the strings again.
    expect(validateSettings(good)).toEqual({ ok: true, settings: good, addresses: good.servers.map((text) => expect.objectContaining({ text })) });
    expect(validateSettings({ ...good, warningSeconds: 0.05, criticalSeconds: 0.05, intervalSeconds: 15 }).ok).toBe(true);
  });

  it('returns every problem at once, each saying what is wrong and what is accepted', () => {
    const found = problems({ intervalSeconds: 5, warningSeconds: 'abc', confirm: 1.5, servers: ['ok.example', 'bad host'], colour: 'red' });
    expect(found).toEqual([
      { path: 'colour', message: expect.stringMatching(/"colour" is not a setting\. Known settings: .*servers/) },
      { path: 'servers.1', message: expect.stringMatching(/"bad host" is not a server address\. Accepted: /) },
      { path: 'intervalSeconds', message: 'Check interval must be between 15 and 86400 s, got 5.' },
      { path: 'warningSeconds', message: 'Warning threshold must be a number, got "abc". Accepted: 0.001 to 86400 s.' },
      { path: 'confirm', message: 'Confirmations must be a whole number from 1 to 10, got 1.5.' },
    ]);
  });

  it('requires critical >= warning', () => {
    expect(problems({ warningSeconds: 2, criticalSeconds: 1 })).toEqual([
      { path: 'criticalSeconds', message: 'Critical threshold (1 s) must be at least the warning threshold (2 s).' },
    ]);
  });

  it('checks the server list: not empty, no duplicates (however written), at most 50', () => {
    expect(problems({ servers: [] })[0]!.message).toBe('Add at least one server.');
    expect(problems({ servers: ['::1', '[::1]:123'] })).toEqual([{ path: 'servers.1', message: '"[::1]:123" is listed twice.' }]);
    expect(problems({ servers: Array.from({ length: 51 }, (_, i) => `s${i}.example`) })[0]!.path).toBe('servers');
    expect(problems({ servers: 'time.example.com' })[0]!.message).toBe('Servers must be a list of addresses.');
  });

  it('takes servers switched off only from the list, as written there, once, and never all of them', () => {
    expect(problems({ disabledServers: ['time.example.com'] })).toEqual([]);
    expect(problems({ disabledServers: ['other.example', 'time.example.com', 'time.example.com', 7] })).toEqual([
      { path: 'disabledServers.0', message: 'Servers switched off: "other.example" is not one of the servers listed; switch off only a listed server, written the same way.' },
      { path: 'disabledServers.2', message: '"time.example.com" is listed twice.' },
      { path: 'disabledServers.3', message: expect.stringMatching(/^Servers switched off: "7" is not one of the servers listed/) },
    ]);
    expect(problems({ disabledServers: good.servers })).toEqual([{ path: 'disabledServers', message: expect.stringMatching(/every server is switched off; keep at least one on/) }]);
    expect(problems({ disabledServers: 'time.example.com' })[0]!.message).toMatch(/^Servers switched off must be a list of servers/);
    // A file written before the setting existed still loads: the key takes its default.
    const { disabledServers: _new, ...older } = good;
    expect(validateSettings(withDefaults(older))).toMatchObject({ ok: true, settings: { disabledServers: [] } });
  });

    it('accepts only http(s) webhooks and host:port metrics addresses', () => {
    expect(problems({ webhookUrl: 'https://hooks.example/ntp' })).toEqual([]);
    expect(problems({ webhookUrl: 'file:///etc/passwd' })[0]!.message).toMatch(/http:\/\/ or https:\/\//);
    expect(problems({ webhookUrl: 'javascript:alert(1)' })).toHaveLength(1);
    expect(problems({ metricsListen: '9123' })).toEqual([]);
    expect(problems({ metricsListen: '0.0.0.0:9123' })).toEqual([]);
    expect(problems({ metricsListen: 'nine' })).toHaveLength(1);
  });

  it('refuses what is not an object', () => {
    for (const input of [null, 42, 'x', []]) expect(validateSettings(input)).toMatchObject({ ok: false, problems: [{ key: 'settings.not-object' }] });
  });

  it('speaks Chinese', () => {
    const v = validateSettings({ ...good, intervalSeconds: 5 });
    expect(v.ok).toBe(false);
    if (!v.ok) expect(problemWords(v.problems[0]!, 'zh-CN')).toBe('检查间隔必须在 15 到 86400 秒 之间，当前为 5。');
  });

  it('agrees with the JSON schema electron-store enforces', () => {
    const ajv = new Ajv({ allErrors: true });
    const check = ajv.compile({ type: 'object', properties: settingsJsonSchema, additionalProperties: false });
    expect(check(good)).toBe(true);
    for (const bad of [{ intervalSeconds: 5 }, { confirm: 0 }, { servers: [] }, { language: 'fr' }, { extra: 1 }]) {
      expect(validateSettings({ ...good, ...bad }).ok).toBe(false);
      expect(check({ ...good, ...bad })).toBe(false);
    }
  });

  it('migrates an older file by filling new keys with defaults and keeping what the user set', () => {
    const old = { servers: ['ntp.example.org'], intervalSeconds: 300 };
    const migrated = withDefaults(old);
    expect(validateSettings(migrated)).toMatchObject({ ok: true, settings: { servers: ['ntp.example.org'], intervalSeconds: 300, confirm: 2 } });
  });
});

describe('levelProblems (one rule for the general thresholds and each server row of the window)', () => {
  it('places each problem under its prefix and names the level, not the list it sits in', () => {
    const found = levelProblems('abc', 0, 'serverThresholds.3.');
    expect(found.map((p) => p.path)).toEqual(['serverThresholds.3.warningSeconds', 'serverThresholds.3.criticalSeconds']);
    expect(problemWords(found[0]!)).toBe('Warning threshold must be a number, got "abc". Accepted: 0.001 to 86400 s.');
    expect(problemWords(found[1]!)).toBe('Critical threshold must be between 0.001 and 86400 s, got 0.');
  });

  it('wants critical at least warning, and is silent when both are good', () => {
    expect(levelProblems(2, 1).map((p) => [p.path, p.key])).toEqual([['criticalSeconds', 'settings.critical-below-warning']]);
    expect(levelProblems(1, 1)).toEqual([]);
    // The general thresholds go through the same rule inside validateSettings.
    const validation = validateSettings({ ...defaultSettings(['a.example']), warningSeconds: 2, criticalSeconds: 1 });
    expect(validation.ok ? [] : validation.problems.map((p) => p.key)).toEqual(['settings.critical-below-warning']);
  });
});

describe('parseListenAddress', () => {
  it('binds a bare port to loopback only', () => {
    expect(parseListenAddress('9123')).toEqual({ host: '127.0.0.1', port: 9123 });
    expect(parseListenAddress('[::1]:9123')).toEqual({ host: '::1', port: 9123 });
    expect(parseListenAddress('localhost')).toBeNull();
    expect(parseListenAddress('70000')).toBeNull();
  });
});

describe('validateSettings on hostile values', () => {
  it('quotes an object whose toString is not a function instead of throwing', () => {
    const hostile = JSON.parse('{"toString": {}}');
    const v = validateSettings({ ...defaultSettings(), timeoutMs: hostile, language: hostile });
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.problems.map((p) => problemWords(p))).toEqual([
      'Reply timeout must be a number, got "{"toString":{}}". Accepted: 100 to 60000 ms.',
      'Language must be one of: system, en, zh-CN; got "{"toString":{}}".',
    ]);
  });
});

describe('issue 10 settings: samples, limits, family, per-server thresholds', () => {
  it('accepts them, and null for a limit that is off', () => {
    const settings = { ...good, samples: 8, maxStratum: null, maxRootDistanceSeconds: 1.5, family: 'ipv6', serverThresholds: [{ server: 'time.example.com', warningSeconds: 0.5, criticalSeconds: 2 }] };
    expect(validateSettings(settings).ok).toBe(true);
  });

  it('names each bad value and what is accepted', () => {
    const texts = (overrides: Record<string, unknown>) => {
      const v = validateSettings({ ...good, ...overrides });
      return v.ok ? [] : v.problems.map((p) => problemWords(p));
    };
    expect(texts({ samples: 9 })).toEqual(['Samples per server must be between 1 and 8, got 9.']);
    expect(texts({ maxStratum: 16 })).toEqual(['Maximum stratum must be between 1 and 15, got 16.']);
    expect(texts({ family: 'ipx' })).toEqual(['Address family must be one of: any, ipv4, ipv6; got "ipx".']);
    expect(texts({ serverThresholds: [{ server: 'other.example.com', warningSeconds: 1, criticalSeconds: 2 }] })).toEqual([
      'Per-server thresholds: "other.example.com" is not one of the servers listed; give thresholds only to a listed server, written the same way.',
    ]);
    expect(texts({ serverThresholds: [{ server: 'time.example.com', warningSeconds: 2, criticalSeconds: 1 }] })[0]).toMatch(
      /^Per-server thresholds of "time\.example\.com" must be .*critical at least warning; got \{"server":"time\.example\.com","warningSeconds":2,"criticalSeconds":1\}\.$/,
    );
    expect(texts({ serverThresholds: {} })[0]).toMatch(/^Per-server thresholds must be a list of/);
  });

  it('the JSON schema agrees on a good per-server entry and refuses an extra key', () => {
    const validate = new Ajv({ strict: false }).compile({ type: 'object', properties: settingsJsonSchema });
    expect(validate({ ...good, serverThresholds: [{ server: 'time.example.com', warningSeconds: 0.5, criticalSeconds: 2 }], maxStratum: null })).toBe(true);
    expect(validate({ ...good, serverThresholds: [{ server: 'a', warningSeconds: 0.5, criticalSeconds: 2, x: 1 }] })).toBe(false);
  });
});

describe('every setting can be named in a problem', () => {
  it('a wrong value of any setting gives a message in English and in Chinese, never a crash (issue 20: logFormat had no name)', () => {
    for (const key of SETTING_KEYS) {
      if (key === 'schemaVersion') continue;
      const v = validateSettings({ ...good, [key]: { not: 'a setting value' } });
      expect(v.ok, key).toBe(false);
      if (v.ok) continue;
      for (const lang of ['en', 'zh-CN'] as const) for (const problem of v.problems) expect(problemWords(problem, lang)).not.toMatch(/\{field\}|undefined/);
    }
  });
});

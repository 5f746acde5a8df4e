import { describe, expect, it } from 'vitest';
import { problemWords } from '../../main/i18n/problem-words.js';
import { caProblem } from '../../main/settings/ca-file.js';
import { settingsFromLayers } from '../../main/settings/config-file.js';
import { defaultSettings } from '../../main/settings/settings.js';

describe('problemWords: a settings problem worded from its key and parameters', () => {
  it('names the deepest setting in the path, and the unit with its leading space', () => {
    const problem = { path: 'serverThresholds.2.warningSeconds', key: 'settings.out-of-range', params: { value: 0, min: 0.001, max: 86400, unit: 'unit.seconds' } } as const;
    expect(problemWords(problem)).toBe('Warning threshold must be between 0.001 and 86400 s, got 0.');
    expect(problemWords({ ...problem, params: { ...problem.params, unit: 'unit.none' } })).toBe('Warning threshold must be between 0.001 and 86400, got 0.');
  });

  it('puts where it was found first, control characters made visible', () => {
    const problem = { path: '', key: 'config.unknown-key', params: { key: 'x', known: 'a, b' }, where: 'c\u001b.ini: [ntp_server] x' } as const;
    expect(problemWords(problem)).toBe('c\\u001b.ini: [ntp_server] x: "x" is not a known key. Known keys: a, b.');
  });

  it('words a file kind in the language asked, for a settings file and a CA file alike', () => {
    const ca = caProblem('--ca', '/tmp/d', { key: 'ca.not-regular', params: { kind: 'directory' } });
    expect(problemWords(ca)).toMatch(/^--ca: \/tmp\/d: It is a directory, not a regular file\./);
    expect(problemWords({ path: '', key: 'config.not-regular', params: { kind: 'fifo' } }, 'zh-CN')).toContain('命名管道');
    expect(problemWords(ca, 'zh-CN')).toContain('目录');
  });

  it('says "the default" for an origin a levels conflict leaves out, in each language', () => {
    const result = settingsFromLayers([{ values: { warningSeconds: 2 }, origin: () => '--warning' }], defaultSettings());
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]!.params).not.toHaveProperty('criticalFrom');
    expect(problemWords(result.problems[0]!)).toContain('1 s (the default)');
    expect(problemWords(result.problems[0]!, 'zh-CN')).toContain('默认值');
  });

  it('keeps a list of accepted values a problem brings, and adds the accepted address forms to an address problem', () => {
    expect(problemWords({ path: 'range', key: 'status.bad-range', params: { value: '1y', accepted: '1h, 24h' } })).toBe('"1y" is not a chart range. Accepted: 1h, 24h.');
    expect(problemWords({ path: 'servers', key: 'address.bad-port', params: { input: 'a:0' } })).toMatch(/^"a:0" has an invalid port\. Accepted: a host name/);
  });
});

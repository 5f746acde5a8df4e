import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfigText, readConfigFile, settingsFromLayers, type SettingsLayer } from '../../main/settings/config-file.js';
import { defaultSettings } from '../../main/settings/settings.js';

const SEED_INI = `[ntp_server]
server_addr = 139.199.215.251
interval = 60
threshold = 3600
`;

const dir = mkdtempSync(join(tmpdir(), 'ntp-monitor-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Reads a file as `watch --config` does: the file over the defaults, validated. */
function load(path: string, flags?: SettingsLayer) {
  const read = readConfigFile(path, 'en');
  if (!read.ok) return read;
  return settingsFromLayers([read.layer, ...(flags ? [flags] : [])], defaultSettings(), 'en');
}

describe('the original script’s config.ini', () => {
  it('parses exactly as shipped: one server, 60 s, one threshold that is both warning and critical', () => {
    const result = load(file('config.ini', SEED_INI));
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    expect(result.settings.servers).toEqual(['139.199.215.251']);
    expect(result.settings.intervalSeconds).toBe(60);
    expect(result.settings.warningSeconds).toBe(3600);
    expect(result.settings.criticalSeconds).toBe(3600);
    // Everything the file does not say keeps the defaults.
    expect(result.settings.confirm).toBe(defaultSettings().confirm);
    expect(result.settings.webhookUrl).toBe('');
  });

  it('lists several servers separated by commas (spaces around them or instead of them too)', () => {
    const result = load(file('many.ini', '[ntp_server]\nserver_addr = 192.0.2.1, ntp.example.com:1123,[::1]:123  192.0.2.9\n'));
    expect(result.ok && result.settings.servers).toEqual(['192.0.2.1', 'ntp.example.com:1123', '[::1]:123', '192.0.2.9']);
  });

  it('takes keys in any case, as Python’s configparser did, and the flag-named extras', () => {
    const text =
      '[ntp_server]\nSERVER_ADDR = 192.0.2.1\nwarning = 0.5\ncritical = 2\nconfirm = 3\nwebhook = http://127.0.0.1:9/hook\nmetrics_listen = 9464\n' +
      'history = /var/lib/ntp-monitor/history.sqlite\nhistory_retention_days = 90\n';
    const result = load(file('extras.ini', text));
    expect(result.ok && result.settings).toMatchObject({
      servers: ['192.0.2.1'],
      warningSeconds: 0.5,
      criticalSeconds: 2,
      confirm: 3,
      webhookUrl: 'http://127.0.0.1:9/hook',
      metricsListen: '9464',
      historyFile: '/var/lib/ntp-monitor/history.sqlite',
      historyRetentionDays: 90,
    });
  });

  it('keeps history off by default and names a bad retention with what is accepted', () => {
    const plain = load(file('no-history.ini', SEED_INI));
    expect(plain.ok && [plain.settings.historyFile, plain.settings.historyRetentionDays]).toEqual(['', 30]);
    const path = file('bad-retention.ini', `${SEED_INI}history_retention_days = forever\n`);
    const bad = load(path);
    expect(bad.ok === false && bad.problems).toEqual([
      `${path}: [ntp_server] history_retention_days: History kept must be a number, got "forever". Accepted: 1 to 3650 days.`,
    ]);
  });

  it('lets command-line flags override the file', () => {
    const flags: SettingsLayer = { values: { intervalSeconds: 120, warningSeconds: 1 }, origin: (key) => `--${key}` };
    const result = load(file('seed.ini', SEED_INI), flags);
    expect(result.ok && [result.settings.intervalSeconds, result.settings.warningSeconds, result.settings.criticalSeconds]).toEqual([120, 1, 3600]);
  });
});

describe('broken INI files', () => {
  it('names the file, section and key of every bad value, with what is accepted', () => {
    const path = file('bad-values.ini', '[ntp_server]\nserver_addr = 192.0.2.1, 300.1.2.3\ninterval = 5\nthreshold = soon\n');
    const result = load(path);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(4);
    const [servers, interval, warning, critical] = result.problems;
    expect(servers).toBe(`${path}: [ntp_server] server_addr: "300.1.2.3" is not a server address. ${acceptedAddresses()}`);
    expect(interval).toBe(`${path}: [ntp_server] interval: Check interval must be between 15 and 86400 s, got 5.`);
    expect(warning).toBe(`${path}: [ntp_server] threshold: Warning threshold must be a number, got "soon". Accepted: 0.001 to 86400 s.`);
    expect(critical).toBe(`${path}: [ntp_server] threshold: Critical threshold must be a number, got "soon". Accepted: 0.001 to 86400 s.`);
  });

  it('reports unknown keys and sections, keys outside the section, and threshold mixed with warning/critical, all at once', () => {
    const path = file('bad-shape.ini', 'stray = 1\n[ntp_server]\nserver_addr = 192.0.2.1\nintervall = 60\nthreshold = 10\nwarning = 1\n[alarm]\nmail = root\n');
    const result = readConfigFile(path, 'en');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      `${path}: stray: "stray" is outside any section; put it under [ntp_server].`,
      `${path}: [alarm]: [alarm] is not a known section; the only one is [ntp_server].`,
      `${path}: [ntp_server] intervall: "intervall" is not a known key. Known keys: server_addr, interval, threshold, warning, critical, confirm, webhook, metrics_listen, history, history_retention_days.`,
      `${path}: [ntp_server] threshold: threshold sets both the warning and the critical threshold; give either threshold or warning/critical, not both.`,
    ]);
  });

  it('says what a file without the [ntp_server] section should look like', () => {
    const path = file('empty.ini', '# nothing here\n');
    const result = readConfigFile(path, 'en');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems[0]).toMatch(new RegExp(`^${escape(path)}: It has no \\[ntp_server\\] section\\. Accepted: .*server_addr, interval, threshold`));
  });

  it('treats a bare server_addr (no value) as no server at all, not as a host named "true"', () => {
    const path = file('bare.ini', '[ntp_server]\nserver_addr\ninterval = 60\n');
    const result = load(path);
    expect(!result.ok && result.problems).toEqual([`${path}: [ntp_server] server_addr: Add at least one server.`]);
  });

  it('reports a missing file with its path and the system’s reason', () => {
    const path = join(dir, 'missing.ini');
    const result = readConfigFile(path, 'en');
    expect(!result.ok && result.problems).toEqual([`${path}: Cannot read it: ENOENT.`]);
  });

  it('speaks Simplified Chinese when asked', () => {
    const path = file('zh.ini', '[ntp_server]\nserver_addr = 192.0.2.1\nfoo = 1\n');
    const result = readConfigFile(path, 'zh-CN');
    expect(!result.ok && result.problems[0]).toContain('“foo”不是已知的键');
  });
});

describe('the app’s settings JSON', () => {
  it('is read by content, merged over the defaults and validated', () => {
    const result = load(file('settings.conf', JSON.stringify({ servers: ['192.0.2.1', '192.0.2.2'], intervalSeconds: 30 })));
    expect(result.ok && result.settings).toMatchObject({ servers: ['192.0.2.1', '192.0.2.2'], intervalSeconds: 30, criticalSeconds: defaultSettings().criticalSeconds });
  });

  it('reads the file the desktop app saves, conf’s bookkeeping included', () => {
    const saved = { ...defaultSettings(['192.0.2.7']), webhookUrl: 'https://hooks.example.com/ntp', __internal__: { migrations: { version: '0.1.0' } } };
    const result = load(file('config.json', JSON.stringify(saved, null, 2)));
    expect(result.ok && result.settings).toEqual({ ...defaultSettings(['192.0.2.7']), webhookUrl: 'https://hooks.example.com/ntp' });
  });

  it('names unknown keys and bad values with the file', () => {
    const path = file('bad.json', JSON.stringify({ servers: ['192.0.2.1'], intervalSecs: 30, warningSeconds: 5, criticalSeconds: 1 }));
    const result = load(path);
    expect(!result.ok && result.problems).toEqual([
      expect.stringMatching(new RegExp(`^${escape(path)}: intervalSecs: "intervalSecs" is not a setting\\. Known settings: .*intervalSeconds`)),
      `${path}: criticalSeconds: Critical threshold (1 s) must be at least the warning threshold (5 s).`,
    ]);
  });

  it('reports a JSON syntax error in the parser’s words, and a JSON that is not an object', () => {
    const broken = parseConfigText('{"servers": ["192.0.2.1",]}', 'broken.json', 'en');
    expect(!broken.ok && broken.problems[0]).toMatch(/^broken\.json: It is not valid JSON \(Unexpected token '\]'.*\)\. Accepted: /);
    const list = parseConfigText('["192.0.2.1"]', 'list.json', 'en');
    expect(!list.ok && list.problems).toEqual(['list.json: Settings must be a JSON object.']);
  });
});

function acceptedAddresses(): string {
  return 'Accepted: a host name (time.example.com), host:port, IPv4 (192.0.2.1, 192.0.2.1:123) or IPv6 (::1, [::1]:123); port 1-65535.';
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

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
async function load(path: string, flags?: SettingsLayer) {
  const read = await readConfigFile(path, 'en');
  if (!read.ok) return read;
  return settingsFromLayers([read.layer, ...(flags ? [flags] : [])], defaultSettings(), 'en');
}

describe('the original script’s config.ini', () => {
  it('parses exactly as shipped: one server, 60 s, one threshold that is both warning and critical', async () => {
    const result = await load(file('config.ini', SEED_INI));
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

  it('lists several servers separated by commas (spaces around them or instead of them too)', async () => {
    const result = await load(file('many.ini', '[ntp_server]\nserver_addr = 192.0.2.1, ntp.example.com:1123,[::1]:123  192.0.2.9\n'));
    expect(result.ok && result.settings.servers).toEqual(['192.0.2.1', 'ntp.example.com:1123', '[::1]:123', '192.0.2.9']);
  });

  it('takes keys in any case, as Python’s configparser did, and the flag-named extras', async () => {
    const text = '[ntp_server]\nSERVER_ADDR = 192.0.2.1\nwarning = 0.5\ncritical = 2\nconfirm = 3\nwebhook = http://127.0.0.1:9/hook\nmetrics_listen = 9464\n';
    const result = await load(file('extras.ini', text));
    expect(result.ok && result.settings).toMatchObject({
      servers: ['192.0.2.1'],
      warningSeconds: 0.5,
      criticalSeconds: 2,
      confirm: 3,
      webhookUrl: 'http://127.0.0.1:9/hook',
      metricsListen: '9464',
    });
  });

  it('lets command-line flags override the file', async () => {
    const flags: SettingsLayer = { values: { intervalSeconds: 120, warningSeconds: 1 }, origin: (key) => `--${key}` };
    const result = await load(file('seed.ini', SEED_INI), flags);
    expect(result.ok && [result.settings.intervalSeconds, result.settings.warningSeconds, result.settings.criticalSeconds]).toEqual([120, 1, 3600]);
  });
});

describe('broken INI files', () => {
  it('names the file, section and key of every bad value, with what is accepted', async () => {
    const path = file('bad-values.ini', '[ntp_server]\nserver_addr = 192.0.2.1, 300.1.2.3\ninterval = 5\nthreshold = soon\n');
    const result = await load(path);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(4);
    const [servers, interval, warning, critical] = result.problems;
    expect(servers).toBe(`${path}: [ntp_server] server_addr: "300.1.2.3" is not a server address. ${acceptedAddresses()}`);
    expect(interval).toBe(`${path}: [ntp_server] interval: Check interval must be between 15 and 86400 s, got 5.`);
    expect(warning).toBe(`${path}: [ntp_server] threshold: Warning threshold must be a number, got "soon". Accepted: 0.001 to 86400 s.`);
    expect(critical).toBe(`${path}: [ntp_server] threshold: Critical threshold must be a number, got "soon". Accepted: 0.001 to 86400 s.`);
  });

  it('reports unknown keys and sections, and threshold mixed with warning/critical, all at once', async () => {
    const path = file('bad-shape.ini', '[ntp_server]\nserver_addr = 192.0.2.1\nintervall = 60\nthreshold = 10\nwarning = 1\n[alarm]\nmail = root\n');
    const result = await readConfigFile(path, 'en');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      `${path}: [alarm]: [alarm] is not a known section; the only ones are [ntp_server] and [DEFAULT].`,
      `${path}: [ntp_server] intervall: "intervall" is not a known key. Known keys: server_addr, interval, threshold, warning, critical, confirm, webhook, metrics_listen.`,
      `${path}: [ntp_server] threshold: threshold sets both the warning and the critical threshold; give either threshold or warning/critical, not both.`,
    ]);
  });

  it('refuses, by line number, every line configparser refuses: text before any section, a key without a value', async () => {
    const path = file('syntax.ini', 'stray = 1\n[ntp_server]\nserver_addr\n= 60\n[\n');
    const result = await readConfigFile(path, 'en');
    expect(!result.ok && result.problems).toEqual([
      `${path}:1: "stray = 1" is outside any section; put it under [ntp_server].`,
      `${path}:3: "server_addr" has no value. Write key = value (or key: value).`,
      `${path}:4: "= 60" is neither a [section], a key = value line nor a comment (# or ;).`,
      `${path}:5: "[" is neither a [section], a key = value line nor a comment (# or ;).`,
    ]);
  });

  it('says what a file without the [ntp_server] section should look like', async () => {
    const path = file('empty.ini', '# nothing here\n');
    const result = await readConfigFile(path, 'en');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems[0]).toMatch(new RegExp(`^${escape(path)}: It has no \\[ntp_server\\] section\\. Accepted: .*server_addr, interval, threshold`));
  });

  it('reports a missing file with its path and the system’s reason', async () => {
    const path = join(dir, 'missing.ini');
    const result = await readConfigFile(path, 'en');
    expect(!result.ok && result.problems).toEqual([`${path}: Cannot read it: ENOENT.`]);
  });

  it('speaks Simplified Chinese when asked', async () => {
    const path = file('zh.ini', '[ntp_server]\nserver_addr = 192.0.2.1\nfoo = 1\n');
    const result = await readConfigFile(path, 'zh-CN');
    expect(!result.ok && result.problems[0]).toContain('“foo”不是已知的键');
  });
});

describe('the app’s settings JSON', () => {
  it('is read by content, merged over the defaults and validated', async () => {
    const result = await load(file('settings.conf', JSON.stringify({ servers: ['192.0.2.1', '192.0.2.2'], intervalSeconds: 30 })));
    expect(result.ok && result.settings).toMatchObject({ servers: ['192.0.2.1', '192.0.2.2'], intervalSeconds: 30, criticalSeconds: defaultSettings().criticalSeconds });
  });

  it('reads the file the desktop app saves, conf’s bookkeeping included', async () => {
    const saved = { ...defaultSettings(['192.0.2.7']), webhookUrl: 'https://hooks.example.com/ntp', __internal__: { migrations: { version: '0.1.0' } } };
    const result = await load(file('config.json', JSON.stringify(saved, null, 2)));
    expect(result.ok && result.settings).toEqual({ ...defaultSettings(['192.0.2.7']), webhookUrl: 'https://hooks.example.com/ntp' });
  });

  it('names unknown keys and bad values with the file', async () => {
    const path = file('bad.json', JSON.stringify({ servers: ['192.0.2.1'], intervalSecs: 30, warningSeconds: 5, criticalSeconds: 1 }));
    const result = await load(path);
    expect(!result.ok && result.problems).toEqual([
      expect.stringMatching(new RegExp(`^${escape(path)}: intervalSecs: "intervalSecs" is not a setting\\. Known settings: .*intervalSeconds`)),
      `${path}: criticalSeconds: The warning threshold 5 s (${path}: warningSeconds) is above the critical threshold 1 s (${path}: criticalSeconds); critical must be at least warning.`,
    ]);
  });

  it('reports a JSON syntax error in the parser’s words, and a JSON that is not an object', async () => {
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

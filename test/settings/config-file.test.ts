import { DAEMON_FORMS } from '../../main/settings/daemon.js';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_CONFIG_BYTES, MAX_PROBLEMS, parseConfigText, readConfigFile, refusedFile, settingsFromLayers, type SettingsLayer } from '../../main/settings/config-file.js';
import { defaultSettings } from '../../main/settings/settings.js';
import { worded } from '../support/settings.js';

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

/** Reads a file as `watch --config` does: the file over the defaults, validated; a refused file checked further. */
async function load(path: string, flags?: SettingsLayer) {
  const read = await readConfigFile(path);
  const later = flags ? [flags] : [];
  return worded(read.ok ? settingsFromLayers([read.layer, ...later], defaultSettings()) : refusedFile(read, later, defaultSettings()));
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
    const text =
      '[ntp_server]\nSERVER_ADDR = 192.0.2.1\nwarning = 0.5\ncritical = 2\nconfirm = 3\nwebhook = http://127.0.0.1:9/hook\nmetrics_listen = 9464\n' +
      'history = /var/lib/ntp-monitor/history.sqlite\nhistory_retention_days = 90\n';
    const result = await load(file('extras.ini', text));
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

  it('keeps history off by default and names a bad retention with what is accepted', async () => {
    const plain = await load(file('no-history.ini', SEED_INI));
    expect(plain.ok && [plain.settings.historyFile, plain.settings.historyRetentionDays]).toEqual(['', 30]);
    const path = file('bad-retention.ini', `${SEED_INI}history_retention_days = forever\n`);
    const bad = await load(path);
    expect(bad.ok === false && bad.problems).toEqual([
      `${path}: [ntp_server] history_retention_days: History kept must be a number, got "forever". Accepted: 1 to 3650 days.`,
    ]);
  });

  it('reads the reply timeout and the failures before unreachable, and names bad ones with what is accepted', async () => {
    const good = await load(file('timeout.ini', `${SEED_INI}timeout = 2000\nfailures_before_unreachable = 5\n`));
    expect(good.ok && [good.settings.timeoutMs, good.settings.failuresBeforeUnreachable]).toEqual([2000, 5]);
    const path = file('bad-timeout.ini', `${SEED_INI}timeout = 50\nfailures_before_unreachable = 0\n`);
    const bad = await load(path);
    expect(bad.ok === false && bad.problems).toEqual([
      expect.stringMatching(new RegExp(`^${escape(path)}: \\[ntp_server\\] failures_before_unreachable: .*between 1 and 20.*got 0`)),
      expect.stringMatching(new RegExp(`^${escape(path)}: \\[ntp_server\\] timeout: .*between 100 and 60000.*got 50`)),
    ]);
  });

  it('reads the servers switched off like server_addr, and names one that is not listed', async () => {
    const good = await load(file('disabled.ini', '[ntp_server]\nserver_addr = 192.0.2.1, 192.0.2.2, 192.0.2.3\ndisabled = 192.0.2.2\n'));
    expect(good.ok && good.settings.disabledServers).toEqual(['192.0.2.2']);
    const path = file('bad-disabled.ini', '[ntp_server]\nserver_addr = 192.0.2.1\ndisabled = 192.0.2.9\n');
    const bad = await load(path);
    expect(bad.ok === false && bad.problems).toEqual([expect.stringMatching(new RegExp(`^${escape(path)}: \\[ntp_server\\] disabled: Servers switched off: "192\\.0\\.2\\.9" is not one of the servers listed`))]);
  });

  it('reads the time service to cross-check, and names a bad one with the forms accepted', async () => {
    const good = await load(file('daemon.ini', `${SEED_INI}daemon = chrony=127.0.0.1:11323\n`));
    expect(good.ok && good.settings.daemon).toBe('chrony=127.0.0.1:11323');
    for (const platform of ['w32time', 'timed']) {
      const named = await load(file(`daemon-${platform}.ini`, `${SEED_INI}daemon = ${platform}\n`));
      expect(named.ok && named.settings.daemon).toBe(platform);
    }
    const path = file('bad-daemon.ini', `${SEED_INI}daemon = chronyd\n`);
    const bad = await load(path);
    expect(bad.ok === false && bad.problems).toEqual([`${path}: [ntp_server] daemon: Time service must be one of: ${DAEMON_FORMS}; got "chronyd".`]);
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

  it('lists every problem of the file in one run: an unknown key or a bad line hides no bad value', async () => {
    const path = file('issue-24.ini', '[ntp_server]\nserver_addr = 192.0.2.1\nthreshhold = 10\ninterval = 5\nwebhook = ftp://x\n= 3\n');
    const result = await load(path);
    expect(result.ok === false && result.problems).toEqual([
      `${path}:6: "= 3" is neither a [section], a key = value line nor a comment (# or ;).`,
      expect.stringMatching(new RegExp(`^${escape(path)}: \\[ntp_server\\] threshhold: "threshhold" is not a known key\\.`)),
      `${path}: [ntp_server] interval: Check interval must be between 15 and 86400 s, got 5.`,
      `${path}: [ntp_server] webhook: Webhook URL must be an http:// or https:// URL, got "ftp://x/".`,
    ]);
  });

  it('reports unknown keys and sections, and threshold mixed with warning/critical, all at once', async () => {
    const path = file('bad-shape.ini', '[ntp_server]\nserver_addr = 192.0.2.1\nintervall = 60\nthreshold = 10\nwarning = 1\n[alarm]\nmail = root\n');
    const result = worded(await readConfigFile(path));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      `${path}: [alarm]: [alarm] is not a known section; the only ones are [ntp_server], [DEFAULT] and [server NAME] (thresholds of one server).`,
      `${path}: [ntp_server] intervall: "intervall" is not a known key. Known keys: server_addr, interval, threshold, warning, critical, confirm, webhook, webhook_format, webhook_secret, metrics_listen, log_format, history, history_retention_days, ca, samples, timeout, failures_before_unreachable, max_stratum, max_root_distance, family, disabled, daemon.`,
      `${path}: [ntp_server] threshold: threshold sets both the warning and the critical threshold; give either threshold or warning/critical, not both.`,
    ]);
  });

  it('refuses, by line number, every line configparser refuses: text before any section, a key without a value', async () => {
    const path = file('syntax.ini', 'stray = 1\n[ntp_server]\nserver_addr\n= 60\n[\n');
    const result = worded(await readConfigFile(path));
    expect(!result.ok && result.problems).toEqual([
      `${path}:1: "stray = 1" is outside any section; put it under [ntp_server].`,
      `${path}:3: "server_addr" has no value. Write key = value (or key: value).`,
      `${path}:4: "= 60" is neither a [section], a key = value line nor a comment (# or ;).`,
      `${path}:5: "[" is neither a [section], a key = value line nor a comment (# or ;).`,
    ]);
  });

  it('says what a file without the [ntp_server] section should look like', async () => {
    const path = file('empty.ini', '# nothing here\n');
    const result = worded(await readConfigFile(path));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems[0]).toMatch(new RegExp(`^${escape(path)}: It has no \\[ntp_server\\] section\\. Accepted: .*server_addr, interval, threshold`));
  });

  it('reports a missing file with its path and the system’s reason', async () => {
    const path = join(dir, 'missing.ini');
    const result = worded(await readConfigFile(path));
    expect(!result.ok && result.problems).toEqual([`${path}: Cannot read it: ENOENT.`]);
  });

  it('speaks Simplified Chinese when asked', async () => {
    const path = file('zh.ini', '[ntp_server]\nserver_addr = 192.0.2.1\nfoo = 1\n');
    const result = worded(await readConfigFile(path), 'zh-CN');
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
    const broken = worded(parseConfigText('{"servers": ["192.0.2.1",]}', 'broken.json'));
    expect(!broken.ok && broken.problems[0]).toMatch(/^broken\.json: It is not valid JSON \(Unexpected token '\]'.*\)\. Accepted: /);
    const list = worded(parseConfigText('["192.0.2.1"]', 'list.json'));
    expect(!list.ok && list.problems).toEqual(['list.json: Settings must be a JSON object.']);
  });
});

function acceptedAddresses(): string {
  return 'Accepted: a host name (time.example.com), host:port, IPv4 (192.0.2.1, 192.0.2.1:123) or IPv6 (::1, [::1]:123); port 1-65535; nts://host[:port] for NTS; pool://name[:port] for a pool.';
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('hostile and faulty config files (issue 8)', () => {
  it('keeps ; and # inside values, cuts a comment only after whitespace, and applies [DEFAULT]', async () => {
    const hook = 'https://hooks.example/ntp?token=a;b#frag';
    const path = file('hook.ini', `[DEFAULT]\ninterval = 30\n[ntp_server]\nserver_addr = 192.0.2.1 ; the lab\nwebhook = ${hook}\n`);
    const result = await load(path);
    expect(result.ok && result.settings).toMatchObject({ servers: ['192.0.2.1'], intervalSeconds: 30, webhookUrl: hook });
  });

  it('refuses a duplicate key or section instead of taking the last one', async () => {
    const path = file('dup.ini', '[ntp_server]\nserver_addr = 192.0.2.1\ninterval = 60\nINTERVAL = 30\n[ntp_server]\nthreshold = 1\n');
    const result = worded(await readConfigFile(path));
    expect(!result.ok && result.problems).toEqual([
      `${path}:4: "interval" is given twice in [ntp_server] (first on line 3); keep one.`,
      `${path}:5: [ntp_server] appears twice (first on line 1); merge the two into one.`,
    ]);
  });

  it('refuses what is not a regular file, without waiting for a FIFO writer', async () => {
    const fifo = join(dir, 'fifo.ini');
    execFileSync('mkfifo', [fifo]);
    expect(worded(await readConfigFile(fifo))).toEqual({ ok: false, problems: [`${fifo}: It is a named pipe (FIFO), not a regular file. Give the path of a config.ini or of the settings JSON the app saves.`] });
    expect(worded(await readConfigFile(dir))).toMatchObject({ ok: false, problems: [expect.stringContaining(`${dir}: It is a directory, not a regular file.`)] });
    expect(worded(await readConfigFile('/dev/zero'))).toMatchObject({ ok: false, problems: [expect.stringContaining('/dev/zero: It is a device, not a regular file.')] });
  });

  it('refuses a file over 1 MiB, naming the limit, and text that is not UTF-8', async () => {
    const big = file('big.ini', `[ntp_server]\n${'x'.repeat(MAX_CONFIG_BYTES)}`);
    expect(worded(await readConfigFile(big))).toEqual({ ok: false, problems: [`${big}: It is larger than 1024 KiB, the most a settings file may hold; nothing was read.`] });
    const latin1 = join(dir, 'latin1.ini');
    writeFileSync(latin1, Buffer.from('[ntp_server]\nserver_addr = caf\xe9\n', 'latin1'));
    expect(worded(await readConfigFile(latin1))).toEqual({ ok: false, problems: [`${latin1}: It is not UTF-8 text (an invalid byte at offset 30). Save it as UTF-8.`] });
  });

  it('says clearly that an empty file name is no file', async () => {
    expect(worded(await readConfigFile(''))).toEqual({ ok: false, problems: ['The file name is empty. Give the path of a config.ini or of the settings JSON the app saves.'] });
  });

  it('caps the list of problems of a file full of unknown keys', async () => {
    const keys = Array.from({ length: 5000 }, (_, i) => `unknown${i} = 1`).join('\n');
    const result = worded(await readConfigFile(file('many-keys.ini', `[ntp_server]\n${keys}\n`)));
    expect(!result.ok && result.problems).toHaveLength(MAX_PROBLEMS + 1);
    expect(!result.ok && result.problems.at(-1)).toBe(`… and ${5000 - MAX_PROBLEMS} more problems.`);
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('a key named %s is an unknown key like any other, with the file named', async (name) => {
    const ini = file(`proto-${name}.ini`, `[ntp_server]\nserver_addr = 192.0.2.1\n${name} = 1\n`);
    expect(worded(await readConfigFile(ini))).toMatchObject({ ok: false, problems: [expect.stringMatching(new RegExp(`^${escape(ini)}: \\[ntp_server\\] ${name.toLowerCase()}: "${name.toLowerCase()}" is not a known key\\.`))] });
    const json = file(`proto-${name}.json`, `{"servers": ["192.0.2.1"], "${name}": 1}`);
    const result = await load(json);
    expect(!result.ok && result.problems).toEqual([expect.stringMatching(new RegExp(`^${escape(json)}: ${name}: "${name}" is not a setting\\. Known settings: `))]);
  });

  it('takes numbers in plain decimal only: hex, exponents and padding are quoted back', async () => {
    const path = file('numbers.ini', '[ntp_server]\nserver_addr = 192.0.2.1\ninterval = 0x3c\nwarning = 1e-1\ncritical = .5\n');
    const result = await load(path);
    expect(!result.ok && result.problems).toEqual([
      `${path}: [ntp_server] interval: Check interval must be a number, got "0x3c". Accepted: 15 to 86400 s.`,
      `${path}: [ntp_server] warning: Warning threshold must be a number, got "1e-1". Accepted: 0.001 to 86400 s.`,
    ]);
  });

  it('refuses a settings JSON of a newer or an unknown schemaVersion', async () => {
    const newer = file('newer.json', JSON.stringify({ schemaVersion: 2, servers: ['192.0.2.1'] }));
    expect(!(await load(newer)).ok && (await load(newer) as { problems: string[] }).problems).toEqual([
      `${newer}: schemaVersion: This file was written by a newer NTP Monitor (settings version 2; this one reads up to 1). Use that version, or start from a new file; this file itself is not changed.`,
    ]);
    for (const version of ['"1"', '1.5', '0', 'null']) {
      const odd = file('odd.json', `{"schemaVersion": ${version}, "servers": ["192.0.2.1"]}`);
      expect(await load(odd), version).toMatchObject({ ok: false, problems: [expect.stringContaining('schemaVersion must be a whole number from 1 to 1')] });
    }
  });

  it('a warning above the default critical names both values and says which is the default', async () => {
    const flags: SettingsLayer = { values: { warningSeconds: 2 }, origin: () => '--warning' };
    const result = worded(settingsFromLayers([flags], defaultSettings()));
    expect(!result.ok && result.problems).toEqual([
      '--warning: The warning threshold 2 s (--warning) is above the critical threshold 1 s (the default); critical must be at least warning.',
    ]);
  });

  it('escapes control characters in the file name and keys it reports', async () => {
    const path = file('ctl\u001b[31m\n.ini', '[ntp_server]\nserver_addr = 192.0.2.1\nk\u202ey = 1\n');
    const result = worded(await readConfigFile(path));
    expect(!result.ok && result.problems[0]).toMatch(/^\S+ctl\\u001b\[31m\\n\.ini: \[ntp_server\] k\\u202ey: "k\\u202ey" is not a known key/);
  });
});

describe('config.ini: issue 10 keys and [server NAME]', () => {
  it('reads samples, limits, family and one server\'s own thresholds', () => {
    const text = '[ntp_server]\nserver_addr = a.example.com, b.example.com\nsamples = 4\nmax_stratum = 3\nmax_root_distance =\nfamily = ipv4\n\n[server b.example.com]\nthreshold = 2\n';
    const read = worded(parseConfigText(text, 'config.ini'));
    if (!read.ok) throw new Error(read.problems.join('\n'));
    const result = worded(settingsFromLayers([read.layer], defaultSettings()));
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.settings).toMatchObject({ samples: 4, maxStratum: 3, maxRootDistanceSeconds: null, family: 'ipv4' });
    expect(result.settings.serverThresholds).toEqual([{ server: 'b.example.com', warningSeconds: 2, criticalSeconds: 2 }]);
  });

  it('names a [server NAME] that is not watched, and a key such a section does not take', () => {
    const text = '[ntp_server]\nserver_addr = a.example.com\n\n[server c.example.com]\nwarning = 1\ncritical = 2\n\n[server a.example.com]\ninterval = 60\n';
    const read = worded(parseConfigText(text, 'config.ini'));
    expect(read.ok).toBe(false);
    expect(!read.ok && read.problems).toEqual(['config.ini: [server a.example.com] interval: "interval" is not a known key. Known keys: threshold, warning, critical.']);
    const listed = worded(parseConfigText('[ntp_server]\nserver_addr = a.example.com\n\n[server c.example.com]\nthreshold = 1\n', 'config.ini'));
    const result = listed.ok ? worded(settingsFromLayers([listed.layer], defaultSettings())) : undefined;
    expect(result?.ok === false && result.problems[0]).toMatch(/^config\.ini: \[server …\]: Per-server thresholds: "c\.example\.com" is not one of the servers listed/);
  });
});

describe('config.ini: log_format (issue 20)', () => {
  const load = (value: string, lang: 'en' | 'zh-CN') => {
    const read = worded(parseConfigText(`[ntp_server]\nserver_addr = a.example.com\nlog_format = ${value}\n`, 'config.ini'), lang);
    if (!read.ok) throw new Error(read.problems.join('\n'));
    return worded(settingsFromLayers([read.layer], defaultSettings()), lang);
  };

  it('takes json and text, text when left out', () => {
    const json = load('json', 'en');
    expect(json.ok && json.settings.logFormat).toBe('json');
    const text = load('text', 'en');
    expect(text.ok && text.settings.logFormat).toBe('text');
    expect(defaultSettings().logFormat).toBe('text');
  });

  it('refuses anything else, naming the file, the key and what is accepted, in English and in Chinese', () => {
    const en = load('yaml', 'en');
    expect(!en.ok && en.problems).toEqual(['config.ini: [ntp_server] log_format: Log format must be one of: text, json; got "yaml".']);
    const zh = load('JSON', 'zh-CN');
    expect(!zh.ok && zh.problems).toEqual(['config.ini: [ntp_server] log_format: 日志格式必须是以下之一：text, json；当前为“JSON”。']);
  });
});

import Conf from 'conf';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSettingsStore } from '../../../main/desktop/platform/settings-recovery.js';
import { backupPath } from '../../../main/files/backup-path.js';
import { settingsJsonSchema } from '../../../main/settings/json-schema.js';
import { defaultSettings } from '../../../main/settings/settings.js';

let cwd: string;
let path: string;
const defaults = defaultSettings(['127.0.0.1:9123']);
const at = new Date('2026-03-04T05:06:07.089Z');
// The same options the app gives electron-store, which passes them on to conf.
const open = () => openSettingsStore(() => new Conf({ cwd, configName: 'config', schema: settingsJsonSchema, defaults }), path, () => at);

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'ntp-monitor-store-'));
  path = join(cwd, 'config.json');
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

const backups = () => readdirSync(cwd).filter((name) => name.startsWith('config.json.bad-'));

describe('settings store', () => {
  it('starts from the defaults when there is no file, and reports no recovery', () => {
    const opened = open();
    expect(opened.settings).toEqual(defaults);
    expect(opened.recovery).toBeUndefined();
  });

  it('reads back what was saved', () => {
    open().store.set({ ...defaults, servers: ['a.example', '[::1]:123'], warningSeconds: 0.25 });
    expect(open().settings).toMatchObject({ servers: ['a.example', '[::1]:123'], warningSeconds: 0.25 });
  });

  it('never rewrites a file from a newer version: it is kept byte for byte, and the reason says why', () => {
    const newer = JSON.stringify({ ...defaults, schemaVersion: 7, futureSetting: 'x' }, null, 2);
    writeFileSync(path, newer);
    const opened = open();
    expect(opened.settings).toEqual(defaults);
    expect(opened.recovery?.reason).toMatch(/written by a newer NTP Monitor \(settings version 7; this one reads up to 1\)/);
    expect(readFileSync(opened.recovery!.backup, 'utf8')).toBe(newer);
  });

  it('keeps a file that is not JSON as a backup and starts from the defaults', () => {
    writeFileSync(path, '{"servers": [oops');
    const opened = open();
    expect(opened.settings).toEqual(defaults);
    expect(opened.recovery?.backup).toBe(backupPath(path, at));
    expect(opened.recovery?.reason).toContain('not valid JSON');
    expect(readFileSync(opened.recovery!.backup, 'utf8')).toBe('{"servers": [oops');
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(defaults);
  });

  it.each(['[]', 'null', '"text"', '42'])('does the same for JSON that is not an object: %s', (content) => {
    writeFileSync(path, content);
    const opened = open();
    expect(opened.settings).toEqual(defaults);
    expect(opened.recovery?.reason).toBe('Settings must be a JSON object.');
    expect(readFileSync(opened.recovery!.backup, 'utf8')).toBe(content);
  });

  it('does the same for a file that breaks the schema', () => {
    writeFileSync(path, JSON.stringify({ ...defaults, intervalSeconds: 1 }));
    const opened = open();
    expect(opened.settings.intervalSeconds).toBe(defaults.intervalSeconds);
    expect(opened.recovery?.reason).toContain('schema');
    expect(backups()).toHaveLength(1);
  });

  it('does the same for a file the schema allows but the engine refuses (critical below warning, bad address)', () => {
    writeFileSync(path, JSON.stringify({ ...defaults, warningSeconds: 2, criticalSeconds: 1, servers: ['bad host!'] }));
    const opened = open();
    expect(opened.settings).toEqual(defaults);
    expect(opened.recovery?.reason).toContain('Critical threshold (1 s) must be at least the warning threshold (2 s).');
    expect(opened.recovery?.reason).toContain('"bad host!" is not a server address.');
    expect(backups()).toEqual(['config.json.bad-2026-03-04T05-06-07.089Z']);
  });

  it('fills keys an older file lacks from the defaults and writes them back', () => {
    writeFileSync(path, JSON.stringify({ servers: ['old.example'], intervalSeconds: 300 }));
    const opened = open();
    expect(opened.recovery).toBeUndefined();
    expect(opened.settings).toEqual({ ...defaults, servers: ['old.example'], intervalSeconds: 300 });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ servers: ['old.example'], schemaVersion: 1, metricsListen: '' });
  });

  it('names backups without colons so that Windows can hold them', () => {
    expect(backupPath('/x/config.json', at)).toBe('/x/config.json.bad-2026-03-04T05-06-07.089Z');
    expect(existsSync(path)).toBe(false);
  });
});

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { carryOverUserData, LEGACY_USER_DATA_NAME } from '../../../main/desktop/platform/legacy-user-data.js';

let appData: string;
let legacy: string;
let current: string;

beforeEach(() => {
  appData = mkdtempSync(join(tmpdir(), 'ntp-monitor-appdata-'));
  legacy = join(appData, LEGACY_USER_DATA_NAME);
  current = join(appData, 'NTP Monitor');
  mkdirSync(legacy);
});
afterEach(() => rmSync(appData, { recursive: true, force: true }));

describe('settings from the userData folder before productName', () => {
  it('copies the settings file and its backups into a new userData folder, leaving the old one intact', () => {
    writeFileSync(join(legacy, 'config.json'), '{"intervalSeconds":120}');
    writeFileSync(join(legacy, 'config.json.bad-2026-01-01T00-00-00.000Z'), '{ broken');
    writeFileSync(join(legacy, 'Cookies'), 'chromium state');
    expect(carryOverUserData(legacy, current).sort()).toEqual(['config.json', 'config.json.bad-2026-01-01T00-00-00.000Z']);
    expect(readFileSync(join(current, 'config.json'), 'utf8')).toBe('{"intervalSeconds":120}');
    expect(readdirSync(current)).not.toContain('Cookies');
    expect(readdirSync(legacy).sort()).toEqual(['Cookies', 'config.json', 'config.json.bad-2026-01-01T00-00-00.000Z']);
  });

  it('never overwrites settings the renamed app already has', () => {
    writeFileSync(join(legacy, 'config.json'), '{"intervalSeconds":120}');
    mkdirSync(current);
    writeFileSync(join(current, 'config.json'), '{"intervalSeconds":300}');
    expect(carryOverUserData(legacy, current)).toEqual([]);
    expect(readFileSync(join(current, 'config.json'), 'utf8')).toBe('{"intervalSeconds":300}');
  });

  it('does nothing, twice over, when there is nothing to carry or it was carried already', () => {
    expect(carryOverUserData(join(appData, 'absent'), current)).toEqual([]);
    expect(carryOverUserData(legacy, current)).toEqual([]);
    writeFileSync(join(legacy, 'config.json'), '{}');
    expect(carryOverUserData(legacy, current)).toEqual(['config.json']);
    expect(carryOverUserData(legacy, current)).toEqual([]);
    // Same folder (a user who set userData by hand): nothing to do.
    expect(carryOverUserData(legacy, `${legacy}/`)).toEqual([]);
  });
});

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../mocks/electron.js'));

import { setStartAtLogin } from '../../main/desktop/autostart.js';
import { app } from '../mocks/electron.js';

const platform = process.platform;
const dirs: string[] = [];
afterEach(() => {
  Object.defineProperty(process, 'platform', { value: platform });
  vi.unstubAllEnvs();
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

describe('start at login', () => {
  it('on Linux writes and removes an XDG autostart entry that starts this app', async () => {
    Object.defineProperty(process, 'platform', { value: 'linux' });
    const config = mkdtempSync(join(tmpdir(), 'xdg-'));
    dirs.push(config);
    vi.stubEnv('XDG_CONFIG_HOME', config);
    vi.stubEnv('APPIMAGE', '');
    const entry = join(config, 'autostart', 'ntp-monitor.desktop');
    await setStartAtLogin(true, 'NTP Monitor');
    expect(readFileSync(entry, 'utf8')).toContain(`Exec=${process.execPath} /app\n`);
    await setStartAtLogin(false, 'NTP Monitor');
    expect(existsSync(entry)).toBe(false);
  });

  it('on Linux starts the AppImage itself when running from one', async () => {
    Object.defineProperty(process, 'platform', { value: 'linux' });
    const config = mkdtempSync(join(tmpdir(), 'xdg-'));
    dirs.push(config);
    vi.stubEnv('XDG_CONFIG_HOME', config);
    vi.stubEnv('APPIMAGE', '/home/me/NTP Monitor.AppImage');
    await setStartAtLogin(true, 'NTP Monitor');
    expect(readFileSync(join(config, 'autostart', 'ntp-monitor.desktop'), 'utf8')).toContain('Exec="/home/me/NTP Monitor.AppImage"\n');
  });

  it.each(['darwin', 'win32'])('on %s uses the login items', async (os) => {
    Object.defineProperty(process, 'platform', { value: os });
    await setStartAtLogin(true, 'NTP Monitor');
    expect(app.loginItem).toEqual({ openAtLogin: true });
    await setStartAtLogin(false, 'NTP Monitor');
    expect(app.loginItem).toEqual({ openAtLogin: false });
  });
});

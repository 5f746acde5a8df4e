import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../../mocks/electron.js'));

import { setStartAtLogin, startAtLoginState } from '../../../main/desktop/platform/autostart.js';
import { app } from '../../mocks/electron.js';

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

  it.each(['darwin', 'win32'])('on %s registers the app itself in the login items: Electron plus the app folder in development', async (os) => {
    Object.defineProperty(process, 'platform', { value: os });
    await setStartAtLogin(true, 'NTP Monitor');
    expect(app.loginItem).toEqual({ openAtLogin: true, path: process.execPath, args: ['/app'] });
    expect(await startAtLoginState()).toBe('enabled');
    await setStartAtLogin(false, 'NTP Monitor');
    expect(app.loginItem).toMatchObject({ openAtLogin: false });
    expect(await startAtLoginState()).toBe('absent');
  });

  it('when packaged registers the executable alone, and an entry for another program does not count', async () => {
    Object.defineProperty(process, 'platform', { value: 'darwin' });
    app.isPackaged = true;
    try {
      await setStartAtLogin(true, 'NTP Monitor');
      expect(app.loginItem).toEqual({ openAtLogin: true, path: process.execPath, args: [] });
      app.loginItem = { openAtLogin: true, path: '/Applications/Old NTP Monitor.app', args: [] };
      expect(await startAtLoginState()).toBe('absent');
    } finally {
      app.isPackaged = false;
    }
  });

  it('on Windows reads an entry turned off in Task Manager as disabled', async () => {
    Object.defineProperty(process, 'platform', { value: 'win32' });
    await setStartAtLogin(true, 'NTP Monitor');
    app.willLaunchAtLogin = false;
    expect(await startAtLoginState()).toBe('disabled');
  });

  it('on Linux reads the XDG entry, and a moved AppImage is written again with its new path', async () => {
    Object.defineProperty(process, 'platform', { value: 'linux' });
    const config = mkdtempSync(join(tmpdir(), 'xdg-'));
    dirs.push(config);
    vi.stubEnv('XDG_CONFIG_HOME', config);
    vi.stubEnv('APPIMAGE', '/home/me/Downloads/NTP-Monitor-0.1.0.AppImage');
    expect(await startAtLoginState()).toBe('absent');
    await setStartAtLogin(true, 'NTP Monitor');
    expect(await startAtLoginState()).toBe('enabled');
    vi.stubEnv('APPIMAGE', '/home/me/Apps/NTP-Monitor-0.2.0.AppImage');
    await setStartAtLogin(true, 'NTP Monitor');
    expect(readFileSync(join(config, 'autostart', 'ntp-monitor.desktop'), 'utf8')).toContain('Exec=/home/me/Apps/NTP-Monitor-0.2.0.AppImage\n');
  });
});

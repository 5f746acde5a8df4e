import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../mocks/electron.js'));
// electron-store loads the real electron, which cannot run here; the store logic has its own tests on conf.
const storeTrouble = vi.hoisted(() => ({ error: undefined as Error | undefined, settingsFile: '' }));
vi.mock('../../main/desktop/platform/electron-settings-file.js', async () => {
  const { defaultSettings } = await import('../../main/settings/settings.js');
  const { checked } = await import('../support/settings.js');
  const valid = checked({ ...defaultSettings(['127.0.0.1:1']), intervalSeconds: 3600, timeoutMs: 100 });
  return {
    settingsFilePath: () => storeTrouble.settingsFile,
    openElectronSettings: () => {
      if (storeTrouble.error) throw storeTrouble.error;
      return { store: { store: valid.settings, set() {} }, ...valid };
    },
  };
});
vi.mock('../../main/settings/system-server.js', () => ({ detectSystemServers: async () => ['127.0.0.1:1'] }));
// The probe and the wait are tested on a private D-Bus (tray-support, tray-wait); here the wait ends as each test needs.
const trayWait = vi.hoisted(() => ({ result: Promise.resolve({ state: 'ready', waitedMs: 0 }) as Promise<{ state: string; waitedMs: number }> }));
vi.mock('../../main/desktop/tray/tray-wait.js', async (original) => ({ ...(await original<object>()), waitForStatusNotifier: () => trayWait.result }));

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APP_ID, appUserModelId } from '../../main/desktop/platform/app-id.js';
import { hardenWebContents } from '../../main/desktop/windows/hardening.js';
import { AppWindow } from '../../main/desktop/windows/app-window.js';
import { BrowserWindow, MockWebContents, Notification, Tray, app, dialog, resetElectronMock, session } from '../mocks/electron.js';

let userData: string;
beforeEach(() => {
  resetElectronMock();
  vi.resetModules();
  trayWait.result = Promise.resolve({ state: 'ready', waitedMs: 0 });
  // A settings file exists: not a first run, unless a test removes it.
  userData = mkdtempSync(join(tmpdir(), 'ntp-monitor-app-'));
  storeTrouble.settingsFile = join(userData, 'config.json');
  writeFileSync(storeTrouble.settingsFile, '{}');
});
afterEach(async () => {
  const hooks = globalThis as { ntpMonitor?: { stop(): Promise<void> } };
  await hooks.ntpMonitor?.stop();
  delete hooks.ntpMonitor;
  rmSync(userData, { recursive: true, force: true });
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

const started = async () => {
  await import('../../main/desktop/app.js');
  await vi.waitFor(() => expect(Tray.instances).toHaveLength(1));
};

describe('app entry', () => {
  it('shows why and exits when start-up fails (the settings folder cannot be created), never an unhandled rejection', async () => {
    storeTrouble.error = Object.assign(new Error("ENOTDIR: not a directory, mkdir '/home/u/.config/NTP Monitor'"), { code: 'ENOTDIR' });
    try {
      await import('../../main/desktop/app.js');
      await vi.waitFor(() => expect(app.calls).toContain('exit 1'));
      expect(dialog.errors).toEqual([expect.stringMatching(/could not start[\s\S]*ENOTDIR/)]);
      expect(Tray.instances).toHaveLength(0);
    } finally {
      storeTrouble.error = undefined;
    }
  });

  it('quits at once when another instance holds the lock', async () => {
    app.lock = false;
    await import('../../main/desktop/app.js');
    expect(app.calls).toEqual(['quit']);
    expect(app.listenerCount('second-instance')).toBe(0);
  });

  it('starts tray-only: AUMID set, Dock hidden, tray shown, no window; survives closing windows', async () => {
    await started();
    // Not packaged: the executable's path is the AUMID Windows knows this process by.
    expect(app.appUserModelId).toBe(process.execPath);
    expect(app.dock.hidden).toBe(1);
    expect(BrowserWindow.instances).toHaveLength(0);
    expect(app.listenerCount('window-all-closed')).toBe(1);
    app.emit('window-all-closed');
    expect(app.calls).not.toContain('quit');
  });

  it('removes the tray at once on quit, then stops monitoring and quits', async () => {
    await started();
    const event = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    app.emit('before-quit', event);
    expect(event.defaultPrevented).toBe(true);
    // Synchronously, before any drain: the user sees the app go at once.
    expect(Tray.instances[0]!.destroyed).toBe(true);
    await vi.waitFor(() => expect(app.calls).toContain('quit'));
    const again = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    app.emit('before-quit', again);
    expect(again.defaultPrevented).toBe(false);
  });

  it.each(['second-instance', 'activate'])('opens the main window on %s, once', async (event) => {
    await started();
    app.emit(event);
    expect(BrowserWindow.instances).toHaveLength(1);
    app.emit(event);
    expect(BrowserWindow.instances).toHaveLength(1);
    expect(BrowserWindow.instances[0]!.loaded).toBe('/app/dist/renderer/status.html');
  });

  it('opens the main window on the first run (no settings file yet)', async () => {
    rmSync(storeTrouble.settingsFile);
    await started();
    await vi.waitFor(() => expect(BrowserWindow.instances).toHaveLength(1));
    expect(BrowserWindow.instances[0]!.loaded).toBe('/app/dist/renderer/status.html');
    expect(Notification.shown).toEqual([]);
  });

  it.runIf(process.platform === 'linux')('says once, and opens the main window, on a Wayland session with no StatusNotifier host', async () => {
    vi.stubEnv('WAYLAND_DISPLAY', 'wayland-0');
    trayWait.result = Promise.resolve({ state: 'no-host', waitedMs: 15_000 });
    await started();
    await vi.waitFor(() => expect(BrowserWindow.instances).toHaveLength(1));
    expect(Notification.shown.map((n) => n.options.title)).toEqual(['No tray icon on this desktop']);
    expect(Notification.shown[0]!.options.body).toContain('StatusNotifierWatcher');
  });

  it.runIf(process.platform === 'linux')('announces no missing tray on X11 without a watcher, where an XEmbed tray may show the icon', async () => {
    vi.stubEnv('WAYLAND_DISPLAY', '');
    vi.stubEnv('XDG_SESSION_TYPE', 'x11');
    const logged = vi.spyOn(console, 'log').mockImplementation(() => {});
    trayWait.result = Promise.resolve({ state: 'no-watcher', waitedMs: 15_000 });
    await started();
    await vi.waitFor(() => expect(logged.mock.calls.flat().join('\n')).toMatch(/Tray: no StatusNotifierWatcher after 15\.0 s/));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(BrowserWindow.instances).toHaveLength(0);
    expect(Notification.shown).toEqual([]);
  });

  it.runIf(process.platform === 'linux')('makes the tray only once the wait for the panel ends (start at login), and logs the wait', async () => {
    const logged = vi.spyOn(console, 'log').mockImplementation(() => {});
    let end!: (wait: { state: string; waitedMs: number }) => void;
    trayWait.result = new Promise((resolve) => (end = resolve));
    await import('../../main/desktop/app.js');
    await vi.waitFor(() => expect((globalThis as { ntpMonitor?: unknown }).ntpMonitor).toBeDefined());
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(Tray.instances).toHaveLength(0);
    end({ state: 'ready', waitedMs: 3_200 });
    await vi.waitFor(() => expect(Tray.instances).toHaveLength(1));
    expect(logged).toHaveBeenCalledWith('[ntp-monitor] Tray: waited 3.2 s for the StatusNotifier watcher and host; the tray is made now.');
  });
});

describe('AppUserModelID', () => {
  it('is the appId when packaged, the executable in development', () => {
    expect(appUserModelId(true, '/x/electron.exe')).toBe(APP_ID);
    expect(appUserModelId(false, '/x/electron.exe')).toBe('/x/electron.exe');
  });
});

describe('hardening', () => {
  it('isolates, sandboxes and denies Node in every app window', () => {
    new AppWindow({ preload: '/p.cjs', html: '/i.html', title: () => 'Status', width: 1, height: 1, minWidth: 1, minHeight: 1 }, () => {}).open();
    expect(BrowserWindow.instances[0]!.options.webPreferences).toMatchObject({
      preload: '/p.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('refuses navigation, new windows and every permission', () => {
    hardenWebContents();
    const contents = new MockWebContents();
    app.emit('web-contents-created', {}, contents);
    const navigation = { prevented: false, preventDefault() { this.prevented = true; } };
    contents.emit('will-navigate', navigation, 'https://example.com');
    expect(navigation.prevented).toBe(true);
    expect(contents.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    const answers: boolean[] = [];
    session.defaultSession.permissionRequestHandler?.({}, 'notifications', (granted: boolean) => answers.push(granted));
    expect(answers).toEqual([false]);
    expect(session.defaultSession.permissionCheckHandler?.({}, 'media')).toBe(false);
  });
});

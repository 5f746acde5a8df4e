import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../mocks/electron.js'));
// electron-store loads the real electron, which cannot run here; the store logic has its own tests on conf.
const storeTrouble = vi.hoisted(() => ({ error: undefined as Error | undefined }));
vi.mock('../../main/desktop/electron-settings-file.js', async () => {
  const { defaultSettings } = await import('../../main/settings/settings.js');
  const { checked } = await import('../support/settings.js');
  const valid = checked({ ...defaultSettings(['127.0.0.1:1']), intervalSeconds: 3600, timeoutMs: 100 });
  return {
    openElectronSettings: () => {
      if (storeTrouble.error) throw storeTrouble.error;
      return { store: { store: valid.settings, set() {} }, ...valid };
    },
  };
});
vi.mock('../../main/settings/system-server.js', () => ({ detectSystemServers: async () => ['127.0.0.1:1'] }));

import { APP_ID } from '../../main/desktop/app-id.js';
import { hardenWebContents } from '../../main/desktop/hardening.js';
import { windowPreferences } from '../../main/desktop/settings-window.js';
import { BrowserWindow, MockWebContents, Tray, app, dialog, resetElectronMock, session } from '../mocks/electron.js';

beforeEach(() => {
  resetElectronMock();
  vi.resetModules();
});
afterEach(async () => {
  const hooks = globalThis as { ntpMonitor?: { stop(): Promise<void> } };
  await hooks.ntpMonitor?.stop();
  delete hooks.ntpMonitor;
});

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
    await import('../../main/desktop/app.js');
    await vi.waitFor(() => expect(Tray.instances).toHaveLength(1));
    expect(app.appUserModelId).toBe(APP_ID);
    expect(app.dock.hidden).toBe(1);
    expect(BrowserWindow.instances).toHaveLength(0);
    expect(app.listenerCount('window-all-closed')).toBe(1);
    app.emit('window-all-closed');
    expect(app.calls).not.toContain('quit');
  });

  it('stops monitoring before it quits', async () => {
    await import('../../main/desktop/app.js');
    await vi.waitFor(() => expect(Tray.instances).toHaveLength(1));
    const event = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    app.emit('before-quit', event);
    expect(event.defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(app.calls).toContain('quit'));
    expect(Tray.instances[0]!.destroyed).toBe(true);
    const again = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    app.emit('before-quit', again);
    expect(again.defaultPrevented).toBe(false);
  });

  it('opens the settings window when a second instance starts', async () => {
    await import('../../main/desktop/app.js');
    await vi.waitFor(() => expect(Tray.instances).toHaveLength(1));
    app.emit('second-instance');
    expect(BrowserWindow.instances).toHaveLength(1);
    app.emit('second-instance');
    expect(BrowserWindow.instances).toHaveLength(1);
    expect(BrowserWindow.instances[0]!.loaded).toBe('/app/dist/renderer/index.html');
  });
});

describe('hardening', () => {
  it('isolates, sandboxes and denies Node in the settings window', () => {
    expect(windowPreferences('/p.cjs')).toMatchObject({ preload: '/p.cjs', contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false });
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

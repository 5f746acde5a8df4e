import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../../mocks/electron.js'));

import { AppWindow } from '../../../main/desktop/windows/app-window.js';
import { BrowserWindow, resetElectronMock } from '../../mocks/electron.js';

const spec = { preload: '/p.cjs', html: '/app/dist/renderer/status.html', title: () => 'Status', width: 1, height: 1, minWidth: 1, minHeight: 1 };
const unhandled: unknown[] = [];
const record = (reason: unknown) => unhandled.push(reason);

beforeEach(() => {
  resetElectronMock();
  unhandled.length = 0;
  process.on('unhandledRejection', record);
});
afterEach(() => void process.off('unhandledRejection', record));

describe('app window', () => {
  it('logs a page load that fails (a window closed while loading) instead of leaving the rejection unhandled', async () => {
    const logged: string[] = [];
    const window = new AppWindow(spec, (message) => logged.push(message));
    BrowserWindow.loadError = new Error("ERR_ABORTED (-3) loading 'file:///app/dist/renderer/status.html'");
    window.open();
    BrowserWindow.instances[0]!.close();
    // Long enough for Node to report a rejection nobody handled.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(logged).toEqual([expect.stringMatching(/^The window page \/app\/dist\/renderer\/status\.html did not load: ERR_ABORTED \(-3\)/)]);
    expect(unhandled).toEqual([]);
  });

  it('logs nothing when the page loads', async () => {
    const logged: string[] = [];
    new AppWindow(spec, (message) => logged.push(message)).open();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(BrowserWindow.instances[0]!.loaded).toBe(spec.html);
    expect(logged).toEqual([]);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../../mocks/electron.js'));

import { TrayIcon, type TrayIconOptions } from '../../../main/desktop/tray/tray.js';
import type { TrayView } from '../../../main/desktop/tray/tray-model.js';
import { Tray, resetElectronMock } from '../../mocks/electron.js';

let view: TrayView;
let icon: TrayIcon | undefined;

function trayIcon(platform: NodeJS.Platform, more: Partial<TrayIconOptions> = {}): TrayIcon {
  icon = new TrayIcon({ iconDir: '/icons', platform, view: () => view, onAction: () => {}, onActivate: () => {}, minIntervalMs: 0, ...more });
  return icon;
}
const tray = () => Tray.instances.at(-1)!;
const checked = (time: string): TrayView => ({
  icon: 'ok',
  tooltip: `NTP Monitor\na.test: +5.0 ms OK, checked ${time}`,
  menu: [{ kind: 'status', label: 'a.test: +5.0 ms OK' }],
});

beforeEach(() => {
  resetElectronMock();
  view = checked('10:00:00');
});
afterEach(() => icon?.destroy());

describe('tray icon', () => {
  it('on Linux holds the tooltip while the menu is open (setting it re-sends the D-Bus menu), then shows the latest', () => {
    trayIcon('linux').update();
    expect(tray().tooltip).toBe(checked('10:00:00').tooltip);
    tray().menu.emit('menu-will-show');
    view = checked('10:01:04');
    icon!.update();
    view = checked('10:02:08');
    icon!.update();
    expect(tray().tooltip).toBe(checked('10:00:00').tooltip);
    expect(tray().menus).toHaveLength(1);
    tray().menu.emit('menu-will-close');
    expect(tray().tooltip).toBe(checked('10:02:08').tooltip);
  });

  it('elsewhere changes the tooltip at once, menu open or not', () => {
    trayIcon('win32').update();
    tray().menu.emit('menu-will-show');
    view = checked('10:01:04');
    icon!.update();
    expect(tray().tooltip).toBe(checked('10:01:04').tooltip);
    expect(tray().menus).toHaveLength(1);
  });

  it('makes no Tray until `ready` settles, then draws the latest view', async () => {
    let release!: () => void;
    trayIcon('linux', { ready: new Promise<void>((resolve) => (release = resolve)) });
    icon!.update();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(Tray.instances).toHaveLength(0);
    expect(icon!.inspect()).toBeUndefined();
    view = checked('10:05:00');
    release();
    await vi.waitFor(() => expect(Tray.instances).toHaveLength(1));
    expect(tray().tooltip).toBe(checked('10:05:00').tooltip);
  });

  it('makes no Tray at all when destroyed (quitting) during the wait', async () => {
    let release!: () => void;
    trayIcon('linux', { ready: new Promise<void>((resolve) => (release = resolve)) });
    icon!.destroy();
    release();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(Tray.instances).toHaveLength(0);
  });
});

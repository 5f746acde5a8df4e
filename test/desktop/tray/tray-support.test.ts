import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { statusNotifierState, traySupportOf } from '../../../main/desktop/tray/tray-support.js';
import { runOnBus as onBus, startSessionBus, type SessionBus } from '../../support/session-bus.js';
import { startWatcher } from '../../support/status-notifier-watcher.js';

/** The state as each tool reads it. */
const withBoth = async (address: string) => [await statusNotifierState(onBus(address, 'gdbus')), await statusNotifierState(onBus(address, 'dbus-send'))];

describe.runIf(process.platform === 'linux')('does Chromium get a StatusNotifierItem on this session (a real private D-Bus)', () => {
  let bus: SessionBus;
  beforeEach(async () => void (bus = await startSessionBus()));
  afterEach(() => bus?.stop());

  it('no watcher: nobody owns org.kde.StatusNotifierWatcher (vanilla GNOME, an X11 panel with only XEmbed)', async () => {
    expect(await withBoth(bus.address)).toEqual(['no-watcher', 'no-watcher']);
  });

  it('a watcher but no host (a watcher started before the panel, or left behind): not ready, as Chromium decides', async () => {
    await startWatcher(bus, false);
    expect(await withBoth(bus.address)).toEqual(['no-host', 'no-host']);
  });

  it('ready once the watcher says a host is registered', async () => {
    const watcher = await startWatcher(bus, false);
    watcher.setHost(true);
    expect(await withBoth(bus.address)).toEqual(['ready', 'ready']);
  });

  it('a watcher name owned without the watcher object (the Get fails): not ready', async () => {
    await bus.own('org.kde.StatusNotifierWatcher');
    expect(await withBoth(bus.address)).toEqual(['no-host', 'no-host']);
  });

  it('cannot ask: no tool, or no session bus', async () => {
    expect(await statusNotifierState(onBus(bus.address, 'no-such-tool'))).toBe('cannot-ask');
    expect(await statusNotifierState(onBus('unix:path=/nonexistent/bus'))).toBe('cannot-ask');
  });
});

describe('what the state means for the tray', () => {
  const wayland = { WAYLAND_DISPLAY: 'wayland-0', XDG_SESSION_TYPE: 'wayland' };
  const x11 = { DISPLAY: ':0', XDG_SESSION_TYPE: 'x11' };

  it('present only when ready, wherever', () => {
    expect(traySupportOf('ready', wayland)).toBe('present');
    expect(traySupportOf('ready', x11)).toBe('present');
  });

  it('absent on Wayland without a usable watcher: the GtkStatusIcon fallback shows nowhere there', () => {
    expect(traySupportOf('no-watcher', wayland)).toBe('absent');
    expect(traySupportOf('no-host', { XDG_SESSION_TYPE: 'wayland' })).toBe('absent');
  });

  it('unknown on X11 without a usable watcher (an XEmbed tray may show the fallback), and when nobody could ask', () => {
    expect(traySupportOf('no-watcher', x11)).toBe('unknown');
    expect(traySupportOf('no-host', x11)).toBe('unknown');
    expect(traySupportOf('cannot-ask', wayland)).toBe('unknown');
  });
});

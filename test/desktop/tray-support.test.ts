import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linuxTraySupport, STATUS_NOTIFIER_WATCHER, type RunProgram } from '../../main/desktop/tray-support.js';
import { startSessionBus, type SessionBus } from '../support/session-bus.js';

/** Runs the real gdbus / dbus-send against the private bus; `only` leaves one of them installed. */
const onBus =
  (address: string, only?: string): RunProgram =>
  (file, args) =>
    new Promise((resolve, reject) => {
      if (only && file !== only) return reject(Object.assign(new Error(`spawn ${file} ENOENT`), { code: 'ENOENT' }));
      execFile(file, args, { env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: address } }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
    });

describe.runIf(process.platform === 'linux')('is there a tray on this Linux session (a real private D-Bus)', () => {
  let bus: SessionBus;
  beforeAll(async () => void (bus = await startSessionBus()));
  afterAll(() => bus?.stop());

  it('says absent when nobody owns the StatusNotifierWatcher (vanilla GNOME), with either tool', async () => {
    expect(await linuxTraySupport(onBus(bus.address))).toBe('absent');
    expect(await linuxTraySupport(onBus(bus.address, 'dbus-send'))).toBe('absent');
  });

  it('says present once a watcher owns the name, with either tool', async () => {
    await bus.own(STATUS_NOTIFIER_WATCHER);
    expect(await linuxTraySupport(onBus(bus.address))).toBe('present');
    expect(await linuxTraySupport(onBus(bus.address, 'dbus-send'))).toBe('present');
  });

  it('says unknown, not absent, when it cannot ask: no tool, or no session bus', async () => {
    expect(await linuxTraySupport(onBus(bus.address, 'no-such-tool'))).toBe('unknown');
    expect(await linuxTraySupport(onBus('unix:path=/nonexistent/bus'))).toBe('unknown');
  });
});

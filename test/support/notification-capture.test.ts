import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureNotifications, type CapturedNotification } from './notification-capture.js';
import { startSessionBus, type SessionBus } from './session-bus.js';

/** The capture the end-to-end suite relies on, checked here with gdbus as the client (what libnotify sends). */
describe.runIf(process.platform === 'linux')('notification capture on a private D-Bus', () => {
  let bus: SessionBus;
  let captured: CapturedNotification[];
  beforeAll(async () => {
    bus = await startSessionBus();
    captured = await captureNotifications(bus);
  });
  afterAll(() => bus?.stop());

  it('records what a client sends to org.freedesktop.Notifications', async () => {
    const args = ['call', '--session', '--dest', 'org.freedesktop.Notifications', '--object-path', '/org/freedesktop/Notifications'];
    const notify = [...args, '--method', 'org.freedesktop.Notifications.Notify', '--', 'NTP Monitor', '0', '', 'a.test: CRITICAL', 'Offset +5.000 s', '[]', '{}', '-1'];
    const reply = await new Promise<string>((resolve, reject) =>
      execFile('gdbus', notify, { env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: bus.address } }, (error, stdout) => (error ? reject(error) : resolve(stdout))),
    );
    expect(reply.trim()).toBe('(uint32 1,)');
    expect(captured).toEqual([{ app: 'NTP Monitor', summary: 'a.test: CRITICAL', body: 'Offset +5.000 s' }]);
  });
});

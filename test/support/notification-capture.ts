/**
 * A tiny org.freedesktop.Notifications server on a private session bus: it records every Notify call, so the
 * end-to-end suite sees the notifications a real Electron sends through libnotify (summary, body), with no desktop.
 */
import dbus from 'dbus-next';
import type { SessionBus } from './session-bus.js';

export interface CapturedNotification {
  app: string;
  summary: string;
  body: string;
}

class Notifications extends dbus.interface.Interface {
  readonly captured: CapturedNotification[] = [];
  private next = 1;
  Notify(app: string, _replaces: number, _icon: string, summary: string, body: string): number {
    this.captured.push({ app, summary, body });
    return this.next++;
  }
  GetCapabilities(): string[] {
    return ['body', 'actions'];
  }
  GetServerInformation(): [string, string, string, string] {
    return ['ntp-monitor-test-capture', 'ntp-monitor', '1.0', '1.2'];
  }
  CloseNotification(): void {}
}
Notifications.configureMembers({
  methods: {
    Notify: { inSignature: 'susssasa{sv}i', outSignature: 'u' },
    GetCapabilities: { inSignature: '', outSignature: 'as' },
    GetServerInformation: { inSignature: '', outSignature: 'ssss' },
    CloseNotification: { inSignature: 'u', outSignature: '' },
  },
  signals: {},
});

/** Owns org.freedesktop.Notifications on `bus` and returns the list that fills as notifications arrive. */
export async function captureNotifications(bus: SessionBus): Promise<CapturedNotification[]> {
  const client = await bus.own('org.freedesktop.Notifications');
  const server = new Notifications('org.freedesktop.Notifications');
  client.export('/org/freedesktop/Notifications', server);
  return server.captured;
}

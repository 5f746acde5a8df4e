/**
 * A stand-in for a panel's org.kde.StatusNotifierWatcher on a private session bus: it answers
 * IsStatusNotifierHostRegistered as told and records every item that registers, so the tray probe and the
 * end-to-end suite meet what Chromium meets on a desktop with (or without) a StatusNotifier host.
 */
import dbus from 'dbus-next';
import { HOST_REGISTERED, STATUS_NOTIFIER_WATCHER, STATUS_NOTIFIER_WATCHER_PATH } from '../../main/desktop/tray/tray-support.js';
import type { SessionBus } from './session-bus.js';

class Watcher extends dbus.interface.Interface {
  hostRegistered = false;
  /** The service names given to RegisterStatusNotifierItem, in order (Chromium passes its own item's name). */
  readonly items: string[] = [];
  get [HOST_REGISTERED](): boolean {
    return this.hostRegistered;
  }
  get RegisteredStatusNotifierItems(): string[] {
    return this.items;
  }
  get ProtocolVersion(): number {
    return 0;
  }
  RegisterStatusNotifierItem(service: string): void {
    this.items.push(service);
  }
  RegisterStatusNotifierHost(): void {
    this.hostRegistered = true;
  }
}
Watcher.configureMembers({
  properties: {
    [HOST_REGISTERED]: { signature: 'b', access: dbus.interface.ACCESS_READ },
    RegisteredStatusNotifierItems: { signature: 'as', access: dbus.interface.ACCESS_READ },
    ProtocolVersion: { signature: 'i', access: dbus.interface.ACCESS_READ },
  },
  methods: {
    RegisterStatusNotifierItem: { inSignature: 's', outSignature: '' },
    RegisterStatusNotifierHost: { inSignature: 's', outSignature: '' },
  },
  signals: {},
});

export interface FakeWatcher {
  /** Items registered so far. */
  items: string[];
  /** What IsStatusNotifierHostRegistered answers from now on. */
  setHost(registered: boolean): void;
}

/** Owns org.kde.StatusNotifierWatcher on `bus` (object exported before the name is taken, as a panel does). */
export async function startWatcher(bus: SessionBus, hostRegistered: boolean): Promise<FakeWatcher> {
  const watcher = new Watcher(STATUS_NOTIFIER_WATCHER);
  watcher.hostRegistered = hostRegistered;
  await bus.own(STATUS_NOTIFIER_WATCHER, (client) => client.export(STATUS_NOTIFIER_WATCHER_PATH, watcher));
  return { items: watcher.items, setHost: (registered) => void (watcher.hostRegistered = registered) };
}

/** The D-Bus menu of a registered StatusNotifierItem, as a panel sees it. */
export interface ItemMenu {
  /** Tells the app the menu opened or closed, as a panel does (com.canonical.dbusmenu Event on the root item). */
  event(type: 'opened' | 'closed'): Promise<void>;
  /** How many times the app re-published the menu (LayoutUpdated or ItemsPropertiesUpdated) since `since()`. */
  republished(): number;
  since(): void;
  close(): void;
}

/**
 * Connects to `service` (the name the app gave RegisterStatusNotifierItem) with plain messages: Chromium's objects
 * need not answer Introspect, which dbus-next's proxies require.
 */
export async function openItemMenu(address: string, service: string): Promise<ItemMenu> {
  const client = dbus.sessionBus({ busAddress: address });
  const call = (path: string, iface: string, member: string, signature: string, body: unknown[]) =>
    client.call(new dbus.Message({ destination: service, path, interface: iface, member, signature, body }));
  const reply = await call('/StatusNotifierItem', 'org.freedesktop.DBus.Properties', 'Get', 'ss', ['org.kde.StatusNotifierItem', 'Menu']);
  const menuPath = (reply!.body[0] as dbus.Variant).value as string;
  await client.call(
    new dbus.Message({ destination: 'org.freedesktop.DBus', path: '/org/freedesktop/DBus', interface: 'org.freedesktop.DBus', member: 'AddMatch', signature: 's', body: [`type='signal',path='${menuPath}'`] }),
  );
  let count = 0;
  client.on('message', (message: dbus.Message) => {
    if (message.type === dbus.MessageType.SIGNAL && message.path === menuPath && /^(LayoutUpdated|ItemsPropertiesUpdated)$/.test(message.member ?? '')) count++;
  });
  return {
    async event(type) {
      await call(menuPath, 'com.canonical.dbusmenu', 'Event', 'isvu', [0, type, new dbus.Variant('s', ''), 0]);
    },
    republished: () => count,
    since: () => void (count = 0),
    close: () => client.disconnect(),
  };
}

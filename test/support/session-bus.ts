/**
 * A private D-Bus session bus for tests (dbus-daemon on a socket in a temporary folder), and a client that can own
 * names on it, so the tray probe and the notification capture meet a real bus without touching the user's session.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import dbus from 'dbus-next';

export interface SessionBus {
  /** The DBUS_SESSION_BUS_ADDRESS of the private bus. */
  address: string;
  /** A client connected to the bus that owns `name` until the bus stops. */
  own(name: string): Promise<dbus.MessageBus>;
  stop(): Promise<void>;
}

export async function startSessionBus(): Promise<SessionBus> {
  const dir = mkdtempSync(join(tmpdir(), 'ntp-monitor-dbus-'));
  const daemon: ChildProcess = spawn('dbus-daemon', ['--session', '--nofork', '--print-address', `--address=unix:path=${join(dir, 'bus')}`], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const address = await new Promise<string>((resolve, reject) => {
    daemon.once('error', reject);
    daemon.once('exit', (code) => reject(new Error(`dbus-daemon exited with ${code}`)));
    createInterface({ input: daemon.stdout! }).once('line', (line) => resolve(line.trim()));
  });
  const clients: dbus.MessageBus[] = [];
  return {
    address,
    async own(name) {
      const client = dbus.sessionBus({ busAddress: address });
      clients.push(client);
      const reply = await client.requestName(name, 0);
      if (reply !== dbus.RequestNameReply.PRIMARY_OWNER) throw new Error(`could not own ${name} (reply ${reply})`);
      return client;
    },
    async stop() {
      for (const client of clients) client.disconnect();
      const exited = new Promise((resolve) => daemon.once('exit', resolve));
      daemon.kill();
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

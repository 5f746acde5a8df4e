/**
 * A private D-Bus session bus for tests (dbus-daemon on a socket in a temporary folder), and a client that can own
 * names on it, so the tray probe and the notification capture meet a real bus without touching the user's session.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import dbus from 'dbus-next';
import type { RunProgram } from '../../main/desktop/tray/tray-support.js';

export interface SessionBus {
  /** The DBUS_SESSION_BUS_ADDRESS of the private bus. */
  address: string;
  /** A client connected to the bus that owns `name` until the bus stops; `setup` runs first (to export objects). */
  own(name: string, setup?: (client: dbus.MessageBus) => void): Promise<dbus.MessageBus>;
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
    async own(name, setup) {
      const client = dbus.sessionBus({ busAddress: address });
      clients.push(client);
      setup?.(client);
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

/** Runs the real gdbus / dbus-send against the bus at `address`; `only` leaves just that tool "installed". */
export const runOnBus =
  (address: string, only?: string): RunProgram =>
  (file, args) =>
    new Promise((resolve, reject) => {
      if (only && file !== only) return reject(Object.assign(new Error(`spawn ${file} ENOENT`), { code: 'ENOENT' }));
      execFile(file, args, { env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: address } }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
    });

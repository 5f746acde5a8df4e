/** A real NTP server for the tests: Debian's chronyd on a loopback port, leaving the system clock alone (-x). */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { queryServer } from '../../main/ntp/query.js';
import { plain } from './addresses.js';

export interface Chronyd {
  port: number;
  /** "127.0.0.1:PORT", as a user would type it. */
  server: string;
  stop(): Promise<void>;
}

export function chronydPath(): string {
  for (const candidate of ['/usr/sbin/chronyd', '/usr/bin/chronyd']) {
    if (spawnSync(candidate, ['--version']).status === 0) return candidate;
  }
  throw new Error('chronyd is not installed: run `bash scripts/install-test-deps.sh` (Debian package "chrony").');
}

export async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/** A chronyd process started in the foreground with a config file of its own, and how to stop it. */
export interface ChronydProcess {
  child: ChildProcess;
  /** What chronyd printed on stderr so far (for the error when it never serves). */
  log(): string;
  /** Ends chronyd and removes `dir`. */
  stop(): Promise<void>;
}

/**
 * Writes `lines` as `dir`/chrony.conf and runs chronyd on it in the foreground, clock untouched (-x), as this user.
 * Waits for nothing: the caller polls until chronyd serves, since what "serving" means differs (NTP, NTS-KE).
 */
export function launchChronyd(dir: string, lines: string[], extraArgs: string[] = []): ChronydProcess {
  const config = join(dir, 'chrony.conf');
  writeFileSync(config, [...lines, `pidfile ${join(dir, 'chronyd.pid')}`].join('\n') + '\n');
  const child: ChildProcess = spawn(chronydPath(), [...extraArgs, '-d', '-x', '-u', userInfo().username, '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    log: () => log,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts chronyd serving on 127.0.0.1. With `synchronized: false` it has no `local` reference and so answers as an
 * unsynchronized server does (leap 3, stratum 0).
 */
export async function startChronyd(options: { synchronized?: boolean } = {}): Promise<Chronyd> {
  const dir = mkdtempSync(join(tmpdir(), 'ntp-monitor-chronyd-'));
  const port = await freeUdpPort();
  const lines = [`port ${port}`, 'bindaddress 127.0.0.1', 'allow 127.0.0.1', 'cmdport 0'];
  if (options.synchronized !== false) lines.push('local stratum 8');
  const chronyd = launchChronyd(dir, lines);
  const server = `127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (chronyd.child.exitCode !== null) break;
    const result = await queryServer(plain(server), { timeoutMs: 200 });
    // A synchronized server is ready once it serves this computer's time: a reply within RFC 5905's bound (|offset| at
    // most half the delay), so that a test's first check meets a server that already answers as it will.
    const ready = options.synchronized === false ? !result.ok && result.failure.kind === 'unsynchronized' : result.ok && Math.abs(result.sample.offsetMs) <= result.sample.delayMs / 2 + 0.05;
    if (ready) return { port, server, stop: chronyd.stop };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await chronyd.stop();
  throw new Error(`chronyd did not start serving on ${server}:\n${chronyd.log()}`);
}

/**
 * A real ntpd (Debian's ntpsec, unpacked by scripts/install-test-deps.sh because the package conflicts with chrony)
 * on 127.0.0.1:123 with a config of its own. It can never touch the clock: CAP_SYS_TIME is dropped from its
 * bounding set (setpriv), on top of `disable ntp` and `disable kernel` (ntpsec still calls ntp_adjtime at start).
 * ntpsec has no port option, so it needs root for port 123, and one runs at a time.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { readNtpd } from '../../main/timeservice/ntpd-reader.js';

/** Where install-test-deps.sh unpacked ntpsec. */
export const NTPSEC_DIR = process.env.NTPSEC_DIR ?? join(homedir(), '.cache', 'ntp-monitor-test', 'ntpsec');
export const ntpsecProgram = (name: string): string => join(NTPSEC_DIR, name === 'ntpq' ? 'usr/bin' : 'usr/sbin', name);

export interface Ntpd {
  stop(): Promise<void>;
  log(): string;
}

/** The config: a local reference clock polled every 8 s; mode 6 open to 127.0.0.1 unless `noquery`. */
function configLines(dir: string, noquery: boolean): string[] {
  return [
    'refclock local stratum 9 minpoll 3 maxpoll 3',
    'tos minsane 1 minclock 1',
    'disable ntp',
    'disable kernel',
    // ntpsec refuses control queries from its own addresses unless a restrict line for them says otherwise.
    noquery ? 'restrict default noquery' : 'restrict default',
    noquery ? 'restrict 127.0.0.1 noquery' : 'restrict 127.0.0.1',
    `driftfile ${join(dir, 'drift')}`,
    `statsdir ${dir}/`,
  ];
}

/** Starts ntpd and waits until it answers on 127.0.0.1:123 (mode 6, or plain NTP with `noquery`). */
export async function startNtpd(options: { noquery?: boolean } = {}): Promise<Ntpd> {
  const ntpd = ntpsecProgram('ntpd');
  if (!existsSync(ntpd)) throw new Error(`no ntpd in ${NTPSEC_DIR}: run scripts/install-test-deps.sh`);
  if (spawnSync('setpriv', ['--version']).status !== 0) throw new Error('setpriv (util-linux) is needed to run ntpd without CAP_SYS_TIME');
  const dir = mkdtempSync(join(tmpdir(), 'ntp-monitor-ntpd-'));
  const config = join(dir, 'ntp.conf');
  writeFileSync(config, configLines(dir, options.noquery === true).join('\n') + '\n');
  const child: ChildProcess = spawn('setpriv', ['--bounding-set', '-sys_time', '--inh-caps', '-sys_time', ntpd, '-n', '-c', config, '-p', join(dir, 'ntpd.pid')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline && child.exitCode === null) {
    const read = await readNtpd({ address: '127.0.0.1', family: 4 }, 123, { timeoutMs: 600 });
    const ready = options.noquery ? !read.ok && read.failure.kind === 'refused' : read.ok;
    if (ready) return { stop, log: () => log };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stop();
  throw new Error(`ntpd did not answer on 127.0.0.1:123 (port taken? not root?):\n${log}`);
}

/** ntpsec's own ntpq against 127.0.0.1, its output. */
export function ntpq(...commands: string[]): string {
  const run = spawnSync('/usr/bin/python3', [ntpsecProgram('ntpq'), '-n', ...commands.flatMap((c) => ['-c', c]), '127.0.0.1'], { encoding: 'utf8', timeout: 10_000 });
  if (run.status !== 0) throw new Error(`ntpq failed: ${run.stderr}`);
  return run.stdout;
}

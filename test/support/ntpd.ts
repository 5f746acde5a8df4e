/**
 * A real ntpd (Debian's ntpsec, unpacked by scripts/install-test-deps.sh because the package conflicts with chrony)
 * with a config of its own, in a network namespace of its own: ntpsec has no port option and always binds the
 * loopback addresses, so on the host's 127.0.0.1:123 every `check --daemon auto` of the other tests would meet it.
 * Whatever talks to it (the reader, bundled; ntpq; the CLI) runs in that namespace through nsenter.
 * It can never touch the clock: CAP_SYS_TIME is dropped from its bounding set (setpriv), on top of `disable ntp`
 * and `disable kernel` (ntpsec still calls ntp_adjtime at start). Needs root (namespaces, port 123).
 */
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import type { NtpdRead } from '../../main/timeservice/ntpd-reader.js';

/** Where install-test-deps.sh unpacked ntpsec. */
export const NTPSEC_DIR = process.env.NTPSEC_DIR ?? join(homedir(), '.cache', 'ntp-monitor-test', 'ntpsec');
export const ntpsecProgram = (name: string): string => join(NTPSEC_DIR, name === 'ntpq' ? 'usr/bin' : 'usr/sbin', name);

export interface Ntpd {
  /** ntpd's process id. */
  pid: number;
  /** Runs a program in ntpd's network namespace: its exit code and output. */
  run(file: string, args: string[], timeoutMs?: number): Promise<{ code: number | null; stdout: string; stderr: string }>;
  /** readNtpd of 127.0.0.1:123 from inside the namespace. */
  read(timeoutMs?: number): Promise<NtpdRead>;
  /** `count` reads in a row inside the namespace: whether all succeeded, and each one's wall and CPU ms (the bench). */
  timedReads(count: number): Promise<{ ok: boolean; wallMs: number[]; cpuMs: number[] }>;
  /** ntpsec's own ntpq against 127.0.0.1 (throws when it fails). */
  ntpq(...commands: string[]): Promise<string>;
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

let probe: Promise<string> | undefined;
/** The reader bundled into one file that plain node runs in the namespace. */
function probeBundle(): Promise<string> {
  probe ??= (async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'ntp-monitor-ntpd-probe-')), 'probe.cjs');
    // Beside this file, or (this file bundled into the bench) from the repository root the bench runs in.
    const beside = join(import.meta.dirname, 'ntpd-probe.ts');
    const entry = existsSync(beside) ? beside : resolve('test/support/ntpd-probe.ts');
    await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', outfile: out, logLevel: 'silent' });
    return out;
  })();
  return probe;
}

/** Starts ntpd in a new network namespace (loopback up) and waits until it answers (mode 6, or plain NTP with `noquery`). */
export async function startNtpd(options: { noquery?: boolean } = {}): Promise<Ntpd> {
  const ntpd = ntpsecProgram('ntpd');
  if (!existsSync(ntpd)) throw new Error(`no ntpd in ${NTPSEC_DIR}: run scripts/install-test-deps.sh`);
  for (const tool of ['setpriv', 'unshare', 'nsenter']) if (spawnSync(tool, ['--version']).status !== 0) throw new Error(`${tool} (util-linux) is needed to run ntpd`);
  const dir = mkdtempSync(join(tmpdir(), 'ntp-monitor-ntpd-'));
  const config = join(dir, 'ntp.conf');
  const pidfile = join(dir, 'ntpd.pid');
  writeFileSync(config, configLines(dir, options.noquery === true).join('\n') + '\n');
  const script = `ip link set lo up && exec setpriv --bounding-set -sys_time --inh-caps -sys_time "$0" -n -c "$1" -p "$2"`;
  const child: ChildProcess = spawn('unshare', ['--net', 'sh', '-c', script, ntpd, config, pidfile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  // unshare execs sh, which execs setpriv, which execs ntpd: the child's pid is ntpd's, and names the namespace.
  const netns = `/proc/${child.pid}/ns/net`;
  const run: Ntpd['run'] = (file, args, timeoutMs = 15_000) =>
    new Promise((resolve) => {
      execFile('nsenter', [`--net=${netns}`, file, ...args], { timeout: timeoutMs }, (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: unknown }).code as number | null) ?? 1 : 0, stdout, stderr }),
      );
    });
  const bundle = await probeBundle();
  const read = async (timeoutMs = 1000) => JSON.parse((await run(process.execPath, [bundle, '123', String(timeoutMs)])).stdout) as NtpdRead;
  const timedReads = async (count: number) => JSON.parse((await run(process.execPath, [bundle, '123', '1000', String(count)], 120_000)).stdout) as Awaited<ReturnType<Ntpd['timedReads']>>;
  const ntpq = async (...commands: string[]) => {
    const result = await run('/usr/bin/python3', [ntpsecProgram('ntpq'), '-n', ...commands.flatMap((c) => ['-c', c]), '127.0.0.1']);
    if (result.code !== 0 || result.stderr.trim() !== '') throw new Error(`ntpq failed: ${result.stderr}`);
    return result.stdout;
  };
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline && child.exitCode === null) {
    if (existsSync(pidfile) && readFileSync(pidfile, 'utf8').trim() !== String(child.pid)) break;
    const answer = await read(600).catch(() => null);
    const ready = options.noquery ? answer !== null && !answer.ok && answer.failure.kind === 'refused' : answer?.ok === true;
    if (ready) return { pid: child.pid!, run, read, timedReads, ntpq, stop, log: () => log };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stop();
  throw new Error(`ntpd did not answer in its namespace (not root?):\n${log}`);
}

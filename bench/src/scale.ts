/**
 * Poll cost and scale: one Scheduler round (checkNow) over 1 to 1000 loopback servers, with the real queryAny.
 * The fake servers live in one child process and the monitor in another, so that the monitor's CPU time and memory
 * are its own. Settings are built directly, bypassing validateSettings (which caps servers at LIMITS.servers.max).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { queryAny } from '../../main/ntp/query-any.js';
import { Scheduler } from '../../main/scheduler/scheduler.js';
import { defaultSettings, type Settings } from '../../main/settings/settings.js';
import { startFakeNtpServer } from '#fixtures/fake-ntp-server.js';
import { median } from './stats.js';
import { checkedBeyondServerLimit } from '#fixtures/settings.js';

export interface ScaleCase {
  servers: number;
  lateMs: number;
}

export interface ScaleResult extends ScaleCase {
  rounds: number;
  /** Median over the measured rounds (after one warm-up round). */
  wallMs: number;
  cpuMs: number;
  firstRoundWallMs: number;
  peakRssMiB: number;
  peakHeapMiB: number;
  /** Results per round that were good samples (the rest: timeouts). */
  okPerRound: number;
}

export const SCALE_CASES: ScaleCase[] = [
  { servers: 1, lateMs: 0 },
  { servers: 10, lateMs: 0 },
  { servers: 100, lateMs: 0 },
  { servers: 1000, lateMs: 0 },
  { servers: 100, lateMs: 500 },
  { servers: 1000, lateMs: 500 },
];

const ROUNDS = 5;
const TIMEOUT_MS = 2_000;
const SELF = fileURLToPath(import.meta.url);

function message<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve(m as T));
    child.once('exit', (code) => reject(new Error(`bench child exited (${code})`)));
  });
}

export async function benchScale(): Promise<ScaleResult[]> {
  const results: ScaleResult[] = [];
  for (const c of SCALE_CASES) {
    const servers = fork(SELF, ['scale-servers'], { stdio: 'inherit' });
    try {
      servers.send(c);
      const { addresses } = await message<{ addresses: string[] }>(servers);
      const monitor = fork(SELF, ['scale-monitor'], { stdio: 'inherit' });
      monitor.send({ addresses });
      results.push({ ...c, ...(await message<Omit<ScaleResult, keyof ScaleCase>>(monitor)) });
    } finally {
      servers.kill();
    }
  }
  return results;
}

/** Child role: N fake servers on N ports; the first one answers `lateMs` late. */
export async function scaleServersRole(): Promise<void> {
  // Serve until the bench is done with us, and never outlive it.
  process.once('disconnect', () => process.exit(0));
  const c = await new Promise<ScaleCase>((resolve) => process.once('message', (m) => resolve(m as ScaleCase)));
  const fakes = [];
  for (let i = 0; i < c.servers; i++) {
    const late = i === 0 && c.lateMs > 0;
    fakes.push(await startFakeNtpServer(() => (late ? { delayMs: c.lateMs, processingMs: c.lateMs } : {})));
  }
  process.send!({ addresses: fakes.map((f) => f.server) });
}

/** Child role: the monitor. One warm-up round, then ROUNDS measured rounds. */
export async function scaleMonitorRole(): Promise<void> {
  const { addresses } = await new Promise<{ addresses: string[] }>((resolve) => process.once('message', (m) => resolve(m as never)));
  // validateSettings would refuse more than LIMITS.servers.max servers.
  const settings: Settings = { ...defaultSettings(addresses), timeoutMs: TIMEOUT_MS };
  const scheduler = new Scheduler(checkedBeyondServerLimit(settings), { query: queryAny });
  let ok = 0;
  scheduler.on('result', (e) => (ok += e.result.ok ? 1 : 0));

  const round = async () => {
    const cpu = process.cpuUsage();
    const started = performance.now();
    await scheduler.checkNow();
    const wallMs = performance.now() - started;
    const used = process.cpuUsage(cpu);
    return { wallMs, cpuMs: (used.user + used.system) / 1000 };
  };

  const first = await round();
  ok = 0;
  const measured = [];
  for (let i = 0; i < ROUNDS; i++) measured.push(await round());
  const okPerRound = ok / ROUNDS;
  // Heap peak from one more round with a sampler (kept out of the timed rounds, whose CPU it would add to).
  let peakHeap = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 5);
  await round();
  clearInterval(sampler);
  process.send!({
    rounds: ROUNDS,
    wallMs: median(measured.map((m) => m.wallMs)),
    cpuMs: median(measured.map((m) => m.cpuMs)),
    firstRoundWallMs: first.wallMs,
    // The kernel's high-water mark for the whole monitor process (KiB), start-up included.
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    peakHeapMiB: peakHeap / 2 ** 20,
    okPerRound,
  });
  process.disconnect();
}

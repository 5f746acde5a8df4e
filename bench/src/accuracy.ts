/**
 * Accuracy against a real chronyd on loopback: our engine and python3-ntplib query the same server in the same loop
 * (alternating which goes first). chronyd serves this machine's own clock, so the true offset is 0.
 * Then the cold start of `ntp-monitor check` against the reference clients' own: python3-ntplib and ntpsec's ntpdig.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { queryServer } from '../../main/ntp/query.js';
import { startChronyd } from '../../test/support/chronyd.js';
import { startReferenceClient, SYSTEM_PYTHON } from './reference-client.js';
import { median, spread, type Spread } from './stats.js';
import { plain } from '../../test/support/addresses.js';

export interface AccuracyResult {
  queries: number;
  ours: { offsetMs: Spread; delayMs: Spread; failures: number };
  ntplib: { offsetMs: Spread; delayMs: Spread; failures: number };
  medianOffsetDifferenceMs: number;
  medianDelayDifferenceMs: number;
}

/** Wall time and CPU time (user + system) of one kind of fresh process, milliseconds. */
export interface StartCost {
  wall: Spread;
  cpu: Spread;
}

export interface ColdStartResult {
  runs: number;
  oursMs: StartCost;
  ntplibMs: StartCost;
  oursCommand: string;
  ntplibCommand: string;
  oursExitCodes: number[];
  ntplibExitCodes: number[];
  /** ntpsec's ntpdig (Debian package ntpsec-ntpdig); null with the reason when it is not installed. */
  ntpdig: { ms: StartCost; command: string; exitCodes: number[] } | { missing: string };
  /** Each runtime starting and exiting with nothing to do, for scale. */
  bareNodeMs: StartCost;
  barePythonMs: StartCost;
}

const QUERIES = 50;
const COLD_RUNS = 30;
const CLI = 'dist/cli/ntp-monitor.cjs';
const NTPDIG = '/usr/bin/ntpdig';
/** Relative to the bundle in bench/.build/. */
const NTPDIG_ON_PORT = fileURLToPath(new URL('../ntpdig-on-port.py', import.meta.url));
const TIMED_RUN = fileURLToPath(new URL('../timed-run.py', import.meta.url));

export async function benchAccuracy(): Promise<{ accuracy: AccuracyResult; coldStart: ColdStartResult }> {
  const reference = startReferenceClient();
  const chronyd = await startChronyd().catch((error: unknown) => {
    reference.close();
    throw error;
  });
  try {
    const ours = { offset: [] as number[], delay: [] as number[], failures: 0 };
    const theirs = { offset: [] as number[], delay: [] as number[], failures: 0 };
    const runOurs = async () => {
      const r = await queryServer(plain(chronyd.server), { timeoutMs: 2_000 });
      if (!r.ok) return void ours.failures++;
      ours.offset.push(r.sample.offsetMs);
      ours.delay.push(r.sample.delayMs);
    };
    const runTheirs = async () => {
      try {
        const r = await reference.query('127.0.0.1', chronyd.port);
        theirs.offset.push(r.offsetMs);
        theirs.delay.push(r.delayMs);
      } catch {
        theirs.failures++;
      }
    };
    // Warm both up (the first query of each pays for lazy loading), then forget those two.
    await runOurs();
    await runTheirs();
    for (const series of [ours, theirs]) {
      series.offset.length = 0;
      series.delay.length = 0;
    }
    for (let i = 0; i < QUERIES; i++) {
      for (const run of i % 2 === 0 ? [runOurs, runTheirs] : [runTheirs, runOurs]) await run();
    }
    const accuracy: AccuracyResult = {
      queries: QUERIES,
      ours: { offsetMs: spread(ours.offset), delayMs: spread(ours.delay), failures: ours.failures },
      ntplib: { offsetMs: spread(theirs.offset), delayMs: spread(theirs.delay), failures: theirs.failures },
      medianOffsetDifferenceMs: median(ours.offset) - median(theirs.offset),
      medianDelayDifferenceMs: median(ours.delay) - median(theirs.delay),
    };
    return { accuracy, coldStart: coldStart(chronyd.port) };
  } finally {
    reference.close();
    await chronyd.stop();
  }
}

interface Run {
  ms: number;
  cpuMs: number;
  status: number;
}

/** One fresh process, its output on pipes as under a monitoring agent; timed by bench/timed-run.py (wall and CPU). */
function timedRun(command: string, args: string[]): Run {
  const r = spawnSync(SYSTEM_PYTHON, [TIMED_RUN, command, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
  const figures = String(r.output[3] ?? '').trim();
  if (r.status !== 0 || figures === '') throw new Error(`cold start: ${command} ${args.join(' ')} could not be timed: ${r.stderr}`);
  return JSON.parse(figures) as Run;
}

function cost(runs: Run[]): StartCost {
  return { wall: spread(runs.map((r) => r.ms)), cpu: spread(runs.map((r) => r.cpuMs)) };
}

function coldStart(port: number): ColdStartResult {
  const script = `import ntplib; r = ntplib.NTPClient().request('127.0.0.1', port=${port}, version=4); print('%+.6f' % r.offset)`;
  const oursArgs = [CLI, 'check', `127.0.0.1:${port}`];
  const ntplibArgs = ['-c', script];
  const ours: Run[] = [];
  const theirs: Run[] = [];
  const ntpdigArgs = [NTPDIG_ON_PORT, String(port), '-t', '2', '127.0.0.1'];
  const hasNtpdig = existsSync(NTPDIG);
  if (!hasNtpdig) {
    console.warn(`\n*** bench: ${NTPDIG} is MISSING: the cold-start table will lack ntpsec's ntpdig. Install it:`);
    console.warn('***   apt-get install ntpsec-ntpdig   (or: bash scripts/install-test-deps.sh)\n');
  }
  const dig: Run[] = [];
  const bareNode: Run[] = [];
  const barePython: Run[] = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    ours.push(timedRun(process.execPath, oursArgs));
    theirs.push(timedRun(SYSTEM_PYTHON, ntplibArgs));
    if (hasNtpdig) dig.push(timedRun(SYSTEM_PYTHON, ntpdigArgs));
    bareNode.push(timedRun(process.execPath, ['-e', '']));
    barePython.push(timedRun(SYSTEM_PYTHON, ['-c', '']));
  }
  return {
    runs: COLD_RUNS,
    oursMs: cost(ours),
    ntplibMs: cost(theirs),
    oursCommand: `node ${oursArgs.join(' ')}`,
    ntplibCommand: `${SYSTEM_PYTHON} -c "${script}"`,
    oursExitCodes: [...new Set(ours.map((r) => r.status))],
    ntplibExitCodes: [...new Set(theirs.map((r) => r.status))],
    ntpdig: hasNtpdig
      ? { ms: cost(dig), command: `${SYSTEM_PYTHON} bench/ntpdig-on-port.py ${ntpdigArgs.slice(1).join(' ')}`, exitCodes: [...new Set(dig.map((r) => r.status))] }
      : { missing: `${NTPDIG} not installed (Debian package ntpsec-ntpdig)` },
    bareNodeMs: cost(bareNode),
    barePythonMs: cost(barePython),
  };
}

/**
 * Accuracy against a real chronyd on loopback: our engine and python3-ntplib query the same server in the same loop
 * (alternating which goes first). chronyd serves this machine's own clock, so the true offset is 0.
 * Then fresh processes side by side against the same chronyd: `ntp-monitor check` (node and standalone), check_ntp_time,
 * python3-ntplib and ntpsec's ntpdig, each run's |offset|, wall time and CPU time (issue 19).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { queryServer } from '../../main/ntp/query.js';
import { startChronyd } from '#fixtures/chronyd.js';
import { startReferenceClient, SYSTEM_PYTHON } from './reference-client.js';
import { median, quantile, spread, type Spread } from './stats.js';
import { plain } from '#fixtures/addresses.js';

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

/** |offset| read by fresh processes of one client against the loopback chronyd (true offset 0), microseconds. */
export interface ColdOffsets {
  /** Runs that printed an offset. */
  n: number;
  median: number;
  p95: number;
  max: number;
}

/** One client run as a fresh process, COLD_RUNS times, interleaved with the others. */
export interface ColdClient {
  name: string;
  command: string;
  ms: StartCost;
  exitCodes: number[];
  /** null for a run that reads no offset (a bare runtime start). */
  offsetUs: ColdOffsets | null;
}

export interface ColdStartResult {
  runs: number;
  /** The 1, 5 and 15 minute load averages before and after the runs: the machine is shared, the figures move with it. */
  loadBefore: number[];
  loadAfter: number[];
  clients: ColdClient[];
  /** Clients the bench could not run, with the reason (ntpdig, check_ntp_time or the standalone binary missing). */
  missing: string[];
}

const QUERIES = 50;
const COLD_RUNS = 30;
const CLI = 'dist/cli/ntp-monitor.cjs';
const NTPDIG = '/usr/bin/ntpdig';
const CHECK_NTP_TIME = '/usr/lib/nagios/plugins/check_ntp_time';
/** The standalone executable of `npm run dist:cli`, when it has been built. */
const SEA = 'release/ntp-monitor-linux-x64';
/** Relative to the bundle in bench/.build/. */
const NTPDIG_ON_PORT = fileURLToPath(new URL('../ntpdig-on-port.py', import.meta.url));
const TIMED_RUN = fileURLToPath(new URL('../timed-run.py', import.meta.url));
const BARE_SEA = fileURLToPath(new URL('../../scripts/bare-sea.mjs', import.meta.url));

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
  stdout: string;
}

/** One fresh process, its output on pipes as under a monitoring agent; timed by bench/timed-run.py (wall and CPU). */
function timedRun(command: string, args: string[]): Run {
  const r = spawnSync(SYSTEM_PYTHON, [TIMED_RUN, command, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
  const figures = String(r.output[3] ?? '').trim();
  if (r.status !== 0 || figures === '') throw new Error(`cold start: ${command} ${args.join(' ')} could not be timed: ${r.stderr}`);
  return { ...(JSON.parse(figures) as Omit<Run, 'stdout'>), stdout: r.stdout };
}

function cost(runs: Run[]): StartCost {
  return { wall: spread(runs.map((r) => r.ms)), cpu: spread(runs.map((r) => r.cpuMs)) };
}

/** The perfdata's first field, `offset=SECONDSs;...`, which `check` prints exactly as check_ntp_time does. */
const perfdataOffset = (out: string) => /\|\s*offset=([-+0-9.e]+)s/.exec(out)?.[1];

interface Client {
  name: string;
  command: string;
  args: string[];
  /** Sleeps between requests (the default burst): run last in each round, see coldRuns. */
  idles?: boolean;
  /** The offset in seconds from what the process printed; undefined when it printed none. */
  offset?: (stdout: string) => string | undefined;
}

/** The clients side by side; each is one fresh process per run, all against the same chronyd. */
function coldClients(port: number, missing: string[], scratch: string): Client[] {
  const server = `127.0.0.1:${port}`;
  // --daemon none: the loopback chronyd is not this computer's time service, and reading one is not measuring.
  const check = (samples: string[]) => [CLI, 'check', '--daemon', 'none', ...samples, server];
  const clients: Client[] = [
    { name: 'ntp-monitor check (default: 4 requests)', command: process.execPath, args: check([]), offset: perfdataOffset, idles: true },
    { name: 'ntp-monitor check --samples 1', command: process.execPath, args: check(['--samples', '1']), offset: perfdataOffset },
  ];
  if (existsSync(SEA)) {
    clients.push({ name: 'release/ntp-monitor-linux-x64 check (standalone)', command: SEA, args: check([]).slice(1), offset: perfdataOffset, idles: true });
    clients.push({ name: 'release/ntp-monitor-linux-x64 check --samples 1', command: SEA, args: check(['--samples', '1']).slice(1), offset: perfdataOffset });
    const bare = bareSea(join(scratch, 'bare'), missing);
    if (bare) clients.push({ name: '(for scale) the same executable of an empty script', command: bare, args: [] });
  } else missing.push(`${SEA} not built (npm run dist:cli)`);
  if (existsSync(CHECK_NTP_TIME)) clients.push({ name: 'check_ntp_time (4 requests, averaged)', command: CHECK_NTP_TIME, args: ['-H', '127.0.0.1', '-p', String(port)], offset: perfdataOffset });
  else missing.push(`${CHECK_NTP_TIME} not installed (Debian package monitoring-plugins-basic)`);
  const script = `import ntplib; r = ntplib.NTPClient().request('127.0.0.1', port=${port}, version=4); print('%+.6f' % r.offset)`;
  clients.push({ name: 'python3 ntplib request()', command: SYSTEM_PYTHON, args: ['-c', script], offset: (out) => out.trim() });
  if (existsSync(NTPDIG)) {
    // ntpdig prints "DATE TIME (+ZONE) OFFSET +/- ERROR HOST sSTRATUM LEAP".
    clients.push({ name: 'ntpdig (ntpsec, port swapped) (a)', command: SYSTEM_PYTHON, args: [NTPDIG_ON_PORT, String(port), '-t', '2', '127.0.0.1'], offset: (out) => out.split(/\s+/)[3] });
  } else {
    console.warn(`\n*** bench: ${NTPDIG} is MISSING: the cold-start table will lack ntpsec's ntpdig. Install it:`);
    console.warn('***   apt-get install ntpsec-ntpdig   (or: bash scripts/install-test-deps.sh)\n');
    missing.push(`${NTPDIG} not installed (Debian package ntpsec-ntpdig)`);
  }
  clients.push({ name: '(for scale) node -e 0', command: process.execPath, args: ['-e', '0'] });
  clients.push({ name: '(for scale) python3 -c ""', command: SYSTEM_PYTHON, args: ['-c', ''] });
  return clients;
}

/**
 * A single executable made as the program's but from an empty script (scripts/bare-sea.mjs, about 10 s): the
 * standalone program has no `node -e 0` of its own, so this is its bare start.
 */
function bareSea(binary: string, missing: string[]): string | undefined {
  const built = spawnSync(process.execPath, [BARE_SEA, binary], { encoding: 'utf8' });
  if (built.status === 0) return binary;
  missing.push(`the bare single executable could not be built: ${built.stderr.trim().split('\n').pop()}`);
  return undefined;
}

function coldStart(port: number): ColdStartResult {
  const missing: string[] = [];
  // The bare executable (over 100 MB) lives only as long as the runs.
  const scratch = mkdtempSync(join(tmpdir(), 'ntp-monitor-bench-cold-'));
  try {
    return coldRuns(coldClients(port, missing, scratch), missing);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function coldRuns(clients: Client[], missing: string[]): ColdStartResult {
  const runs = clients.map(() => [] as Run[]);
  const offsets = clients.map(() => [] as number[]);
  const loadBefore = loadavg();
  // On this virtual machine a process costs more CPU the idler the machine was before it (a bare node start: 58 ms
  // after 3 s idle, 28 ms right after another): so every counted run follows the same uncounted bare node start, and
  // the clients that sleep between requests run last in a round.
  const order = clients.map((client, c) => ({ client, c })).sort((a, b) => Number(a.client.idles ?? false) - Number(b.client.idles ?? false));
  for (let i = 0; i < COLD_RUNS; i++) {
    for (const { client, c } of order) {
      timedRun(process.execPath, ['-e', '0']);
      const run = timedRun(client.command, client.args);
      runs[c]!.push(run);
      const seconds = Number(client.offset?.(run.stdout));
      if (client.offset && Number.isFinite(seconds)) offsets[c]!.push(Math.abs(seconds) * 1e6);
    }
  }
  return {
    runs: COLD_RUNS,
    loadBefore,
    loadAfter: loadavg(),
    clients: clients.map((client, c) => ({
      name: client.name,
      command: [client.command, ...client.args].join(' '),
      ms: cost(runs[c]!),
      exitCodes: [...new Set(runs[c]!.map((r) => r.status))],
      offsetUs: client.offset ? { n: offsets[c]!.length, median: median(offsets[c]!), p95: quantile(offsets[c]!, 0.95), max: Math.max(...offsets[c]!) } : null,
    })),
    missing,
  };
}

/** The bench's tables, as printed and as quoted in the README. */
import type { AccuracyResult, ColdStartResult } from './accuracy.js';
import type { BurstResult } from './bursts.js';
import type { DaemonCost } from './daemon.js';
import type { DetectionCase } from './detection.js';
import type { FootprintResult } from './footprint.js';
import type { HistoryBenchResult } from './history.js';
import type { MachineInfo } from './machine.js';
import type { NtsBenchResult } from './nts.js';
import type { ScaleResult } from './scale.js';
import type { Spread } from './stats.js';
import { fixed, mib, signed, table } from './table.js';

const us = (ms: number) => signed(ms * 1000, 1);
const range = (s: Spread, f: (v: number) => string) => `${f(s.min)} .. ${f(s.max)}`;

function countByType(names: string[]): string {
  const counts = new Map<string, number>();
  for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  return [...counts].map(([name, n]) => `${n} ${name}`).join(', ') || 'none';
}

export function machineLine(m: MachineInfo): string {
  return `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB RAM, ${m.os}, Node ${m.node}; run ${m.date}`;
}

export function accuracyTable(a: AccuracyResult): string {
  const row = (name: string, r: AccuracyResult['ours']) => [
    name,
    us(r.offsetMs.median),
    fixed(r.offsetMs.iqr * 1000, 1),
    range(r.offsetMs, us),
    fixed(r.delayMs.median * 1000, 1),
    fixed(r.delayMs.iqr * 1000, 1),
    range(r.delayMs, (v) => fixed(v * 1000, 1)),
    String(r.failures),
  ];
  return [
    `Accuracy: ${a.queries} queries each, same loop, same chronyd on loopback (true offset 0); microseconds`,
    table(
      ['client', 'offset median', 'offset IQR', 'offset min .. max', 'delay median', 'delay IQR', 'delay min .. max', 'failed'],
      [row('ntp-monitor engine', a.ours), row('python3-ntplib', a.ntplib)],
    ),
    `Difference of medians (ntp-monitor - ntplib): offset ${us(a.medianOffsetDifferenceMs)} us, delay ${us(a.medianDelayDifferenceMs)} us`,
  ].join('\n');
}

export function coldStartTable(c: ColdStartResult): string {
  const load = (l: number[]) => l.map((x) => fixed(x, 2)).join(' ');
  const find = (prefix: string) => c.clients.find((client) => client.name.startsWith(prefix));
  const over = (name: string, base: string) => {
    const ours = find(name);
    const bare = find(base);
    return ours && bare ? `${fixed(ours.ms.cpu.median - bare.ms.cpu.median, 1)} ms CPU` : 'not measured';
  };
  const ours = find('ntp-monitor check (default');
  const plugin = find('check_ntp_time');
  return [
    `Fresh processes side by side against one loopback chronyd (true offset 0), ${c.runs} runs each, interleaved, each`,
    'right after an uncounted bare node start; the two default checks, which sleep 2 s between requests, last in a round',
    `(load average ${load(c.loadBefore)} before, ${load(c.loadAfter)} after: a shared 2-core machine)`,
    table(
      ['command', '|offset| median us', 'p95 us', 'max us', 'wall median ms', 'CPU median ms', 'CPU min ms', 'exit'],
      c.clients.map((client) => [
        client.name,
        client.offsetUs ? fixed(client.offsetUs.median, 0) : '',
        client.offsetUs ? fixed(client.offsetUs.p95, 0) : '',
        client.offsetUs ? fixed(client.offsetUs.max, 0) : '',
        fixed(client.ms.wall.median, 1),
        fixed(client.ms.cpu.median, 1),
        fixed(client.ms.cpu.min, 1),
        client.exitCodes.join(','),
      ]),
    ),
    ...c.missing.map((reason) => `NOT MEASURED: ${reason}.`),
    ...(ours?.offsetUs && plugin?.offsetUs ? [`check's median |offset| minus check_ntp_time's: ${fixed(ours.offsetUs.median - plugin.offsetUs.median, 0)} us; target 50 us.`] : []),
    `CPU over a bare node start (median - median): check --samples 1 ${over('ntp-monitor check --samples 1', '(for scale) node')}, check (4 requests) ${over('ntp-monitor check (default', '(for scale) node')}; target 12 ms.`,
    `CPU of the standalone executable over its own bare start (an empty script): check --samples 1 ${over('release/ntp-monitor-linux-x64 check --samples 1', '(for scale) the same executable')}; target 12 ms.`,
    'CPU = user + system time of that process (wait4), steadier than wall time on a shared machine; on this machine a',
    'process started after an idle spell costs up to twice the CPU, hence the order (decision 43). check waits 2 s between',
    'its requests (decision 40), hence its wall time and, idle as it is, much of its CPU. (a) /usr/bin/ntpdig unchanged,',
    'its lookup of port 123 swapped for the loopback port by bench/ntpdig-on-port.py.',
  ].join('\n');
}

export function scaleTable(rows: ScaleResult[]): string {
  return [
    'Poll cost: one Scheduler round (checkNow) over N loopback servers, real UDP; median of 5 rounds after a warm-up',
    table(
      ['servers', 'one reply late by', 'wall ms', 'first round ms', 'CPU ms', 'peak RSS MiB', 'peak heap MiB', 'good replies'],
      rows.map((r) => [
        String(r.servers),
        r.lateMs ? `${r.lateMs} ms` : '-',
        fixed(r.wallMs, 1),
        fixed(r.firstRoundWallMs, 1),
        fixed(r.cpuMs, 1),
        fixed(r.peakRssMiB, 1),
        fixed(r.peakHeapMiB, 1),
        `${fixed(r.okPerRound, 0)}/${r.servers}`,
      ]),
    ),
    'The fake servers run in another process. Peak RSS: the monitor process\'s high-water mark, start-up included;',
    'peak heap: sampled every 5 ms during one more round. Beyond LIMITS.servers.max (50) servers, every setting is',
    'still validated and every address parsed as validation does; only the count limit is lifted.',
  ].join('\n');
}

export function detectionTable(rows: DetectionCase[]): string {
  const s = (ms: number) => fixed(ms / 1000, 1);
  return [
    'Detection latency (simulated clock): offset crosses the warning threshold -> transition event; seconds',
    table(
      ['settings', 'jitter', 'reply after', 'trials', 'median', 'max', 'issue bound (a)', 'max within (a)', 'engine worst case (b)'],
      rows.map((r) => [
        `${r.label} (confirm ${r.confirm}, ${r.intervalSeconds} s)`,
        r.jitter,
        `${r.replyMs} ms`,
        String(r.trials),
        s(r.medianMs),
        s(r.maxMs),
        s(r.boundMs),
        r.withinBound ? 'yes' : 'NO',
        s(r.engineWorstMs),
      ]),
    ),
    '(a) confirm x interval + one reply timeout, as the issue states it.',
    '(b) the scheduler by design: each poll is sent at most one interval after the previous send (jitter only brings it',
    '    early, never under 15 s), and its reply takes at most one timeout.',
  ].join('\n');
}

export function footprintTable(f: FootprintResult): string {
  const { simulated: sim, realUdp: real } = f;
  return [
    `Footprint: Scheduler, ${sim.servers} servers, stubbed instant query, simulated clock (${sim.transitions} transitions on the way)`,
    table(
      ['polls', 'heap MiB (after GC)', 'RSS MiB', 'pending timers', 'active handles (process)'],
      sim.points.map((p) => [String(p.polls), mib(p.heapUsed), mib(p.rss), String(p.pendingTimers), countByType(p.activeResources)]),
    ),
    `Real UDP: ${real.queries} queries to a loopback server (${real.ok} good): heap ${mib(real.before.heapUsed)} -> ${mib(real.after.heapUsed)} MiB, ` +
      `RSS ${mib(real.before.rss)} -> ${mib(real.after.rss)} MiB, client UDP sockets left open: ${real.udpHandlesAfter}`,
  ].join('\n');
}

export function ntsTable(r: NtsBenchResult): string {
  const row = (name: string, ms: Spread, offset?: Spread) => [name, fixed(ms.median, 2), fixed(ms.p25, 2), fixed(ms.p75, 2), offset ? signed(offset.median, 3) : '-'];
  return [
    `NTS: the same loopback chronyd, ${r.rounds} rounds, each a fresh session (key exchange), one more NTS poll, one plain poll; ms` +
      (r.failures ? ` (${r.failures} failures)` : ''),
    table(
      ['query', 'median', 'p25', 'p75', 'median offset'],
      [
        row('NTS, fresh session (TLS key exchange + poll)', r.firstQueryMs),
        row('NTS poll with a cookie (no handshake)', r.ntsPollMs, r.ntsOffsetMs),
        row('plain NTP poll', r.plainPollMs, r.plainOffsetMs),
      ],
    ),
  ].join('\n');
}

export function burstTable(b: BurstResult): string {
  const ms = (v: number) => fixed(v, 1);
  return [
    `Bursts on a noisy asymmetric path (requests held ${b.requestHoldMs.join('-')} ms, replies ${b.replyHoldMs.join('-')} ms, seeded) to chronyd (true offset 0), ${b.rounds} rounds; |error| in ms`,
    table(
      ['method', 'n', 'median', 'p75', 'max', 'failed'],
      b.rows.map((r) => [r.method, String(r.errorMs.n), ms(r.errorMs.median), ms(r.errorMs.p75), ms(r.errorMs.max), String(r.failures)]),
    ),
  ].join('\n');
}

export function historyTable(h: HistoryBenchResult): string {
  const us = (s: Spread) => [fixed(s.median, 1), fixed(s.p75, 1), fixed(s.max, 1)];
  const m = h.month;
  return [
    'History: one result written, each timed alone (on a file already holding the month below); microseconds',
    table(
      ['write', 'median', 'p75', 'max'],
      [
        ['history row (SQLite, WAL, row + rollup in one transaction)', ...us(h.writeUs)],
        ['(reference) sample log line, formatted and buffered (file written in the background)', ...us(h.logLineUs)],
      ],
    ),
    `A month: ${m.servers} servers every ${m.intervalSeconds} s for ${m.days} days = ${m.rows.toLocaleString('en')} rows (filled in ${fixed(m.fillSeconds, 1)} s)`,
    table(
      ['measure', 'value'],
      [
        ['open the file -> chart series (budget 1000/server), median of 5 cold opens', `${fixed(h.openToSeriesMs.median, 1)} ms (max ${fixed(h.openToSeriesMs.max, 1)})`],
        ['the same, CPU time of the thread (median)', `${fixed(h.openToSeriesCpuMs.median, 1)} ms`],
        ['buckets returned (all servers)', String(h.seriesBuckets)],
        ['read and format every row as CSV', `${fixed(h.exportMs, 0)} ms`],
        ['file size per server-month', `${mib(h.bytesPerServerMonth)} MiB`],
      ],
    ),
  ].join('\n');
}

export function daemonTable(costs: DaemonCost[]): string {
  const ms = (s: Spread) => [fixed(s.median, 2), fixed(s.p75, 2), fixed(s.max, 2)];
  return [
    `Time service: one read per monitor round, ${costs[0]?.reads ?? 0} reads in a row each; milliseconds`,
    table(
      ['daemon', 'how', 'wall median', 'p75', 'max', 'CPU median', 'p75', 'max'],
      costs.map((c) => [c.kind, c.how, ...ms(c.wallMs), ...ms(c.cpuMs)]),
    ),
  ].join('\n');
}

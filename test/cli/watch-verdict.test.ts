/**
 * Issue 10 end to end through a spawned `watch`: a webhook receiver on loopback counts the alarms, the metrics
 * endpoint is scraped back. One liar among three chronyd gives one falseticker alarm naming it; three fake servers
 * agreeing at +2.5 s give ONE alarm about this computer's clock and none per server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChronyd, type Chronyd } from '../support/chronyd.js';
import { startFakeNtpServer, symmetric, type FakeNtpServer } from '../support/fake-ntp-server.js';
import { freeTcpPort, scrape, startReceiver, valueOf, type Receiver } from '../sinks/helpers.js';
import { FAST_POLLS, startWatch, type WatchProcess } from '../support/watch-process.js';

interface Alert {
  server: string;
  state: string;
  reason: string;
  offsetMs: number | null;
  consensusOffsetMs: number | null;
  offsetFromConsensusMs: number | null;
  message: string;
}

let chronyds: Chronyd[];
let liar: FakeNtpServer;
let behind: FakeNtpServer[];
const receivers: Receiver[] = [];
const watches: WatchProcess[] = [];

beforeAll(async () => {
  chronyds = await Promise.all([startChronyd(), startChronyd(), startChronyd()]);
  // The liar answers 40 ms late, after the chronyd: its first sample already meets a verdict of the other three.
  liar = await startFakeNtpServer(() => symmetric(+150, 40));
  behind = await Promise.all([0, 1, 2].map(() => startFakeNtpServer(() => symmetric(+2500, 0))));
});
afterAll(async () => {
  for (const watch of watches) watch.child.kill('SIGKILL');
  await Promise.all([...(chronyds ?? []).map((c) => c.stop()), liar?.close(), ...(behind ?? []).map((b) => b.close()), ...receivers.map((r) => r.close())]);
});

/** Runs watch on `servers` at the shortest interval, its alarms going to a fresh receiver and metrics on a free port. */
async function watchServers(servers: string[], confirm = 2): Promise<{ watch: WatchProcess; receiver: Receiver; metrics: string }> {
  const receiver = await startReceiver();
  receivers.push(receiver);
  const port = await freeTcpPort();
  const watch = startWatch(['--interval', '15', '--confirm', String(confirm), '--webhook', receiver.url, '--metrics-listen', String(port), ...servers.flatMap((s) => ['--server', s])], FAST_POLLS);
  watches.push(watch);
  return { watch, receiver, metrics: `http://127.0.0.1:${port}/metrics` };
}

/** Stops watch as a user does (SIGTERM: webhook deliveries under way finish) and returns every alert received. */
async function stop(watch: WatchProcess, receiver: Receiver): Promise<Alert[]> {
  watch.child.kill('SIGTERM');
  expect((await watch.exited).code).toBe(0);
  return receiver.bodies as Alert[];
}

describe('watch: the verdict across servers', () => {
  it('one liar (+150 ms) among three chronyd: exactly one falseticker alarm naming it, no local-clock alarm', { timeout: 30_000 }, async () => {
    const servers = [...chronyds.map((c) => c.server), liar.server];
    const { watch, receiver, metrics } = await watchServers(servers);
    const line = await watch.waitForLine(/transition server=\S+ from=ok to=warning .*reason=falseticker/);
    expect(line).toContain(`server=${liar.server} `);
    // +150 ms, give or take what a loaded machine adds to a loopback reply.
    expect(line).toMatch(/ offset-from-consensus=\+1[2-9]\d\.\d{3}ms /);
    expect(line).toMatch(new RegExp(`message="${liar.server.replace(/\./g, '\\.')} disagrees with the other servers: it is 1[2-9]\\d\\.\\d ms ahead of their consensus;`));
    const families = await scrape(metrics);
    expect(valueOf(families, 'ntp_monitor_falseticker', { server: liar.server })).toBe(1);
    for (const c of chronyds) expect(valueOf(families, 'ntp_monitor_falseticker', { server: c.server })).toBe(0);
    const consensus = valueOf(families, 'ntp_monitor_consensus_offset_seconds', {})!;
    expect(Math.abs(consensus)).toBeLessThan(0.02);
    expect(valueOf(families, 'ntp_monitor_jitter_seconds', { server: liar.server })).toBeGreaterThanOrEqual(0);
    const alerts = await stop(watch, receiver);
    expect(alerts.map((a) => [a.reason, a.server])).toEqual([['falseticker', liar.server]]);
    expect(alerts[0]!.offsetFromConsensusMs).toBeGreaterThan(120);
    expect(alerts[0]!.consensusOffsetMs).toBeNull();
    // The liar's own offset alarm (beyond 0.1 s) was folded into it: logged, not alerted.
    expect(watch.lines.some((l) => l.includes(`transition server=${liar.server} from=unknown to=warning`) && l.includes('folded-into=falseticker'))).toBe(true);
  });

  it('three fake servers agreeing at +2.5 s: ONE local-clock alarm and no per-server alarms', { timeout: 30_000 }, async () => {
    const { watch, receiver, metrics } = await watchServers(behind.map((b) => b.server));
    // Rounds 1.5 s apart: the test-only switch is on, and says so.
    expect(await watch.waitForLine(/ note message="test-only NTP_MONITOR_TEST_TIME_SCALE=0\.1/)).toBeTruthy();
    const verdictLine = await watch.waitForLine(/transition server=this-computer from=unknown to=critical .*reason=local-clock/);
    expect(verdictLine).toMatch(/ consensus-offset=\+2\d{3}\.\d{3}ms /);
    // Each server's own alarm comes in the same round, folded into that one.
    for (const b of behind) await watch.waitForLine(new RegExp(`transition server=${b.server.replace(/\./g, '\\.')} from=unknown to=critical .*folded-into=local-clock`));
    const families = await scrape(metrics);
    expect(valueOf(families, 'ntp_monitor_consensus_offset_seconds', {})).toBeCloseTo(2.5, 1);
    const alerts = await stop(watch, receiver);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ server: '', state: 'critical', reason: 'local-clock', offsetMs: null, offsetFromConsensusMs: null });
    expect(alerts[0]!.consensusOffsetMs).toBeGreaterThan(2400);
    expect(alerts[0]!.message).toMatch(/^This computer is 2\.(4[89]\d|5[01]\d) s behind \(3 of 3 servers agree\), beyond the 1 s threshold: CRITICAL\.$/);
    // One sign for one fact: every offset in the log is a server's or the consensus's (both positive here), and the
    // words say this computer is behind and the servers ahead, never the other way round.
    expect(watch.lines.length).toBeGreaterThan(5);
    for (const line of watch.lines) {
      expect(line).not.toMatch(/=-\d|[\s(]-\d/);
      expect(line).not.toMatch(/This computer is [\d.]+ m?s ahead|behind this computer/);
    }
  });
});

describe('watch: the start-up round and a dispersive server (issue 17)', () => {
  it('--confirm 1, three servers at +2.5 s: the start-up round sends ONE alarm (this computer), not four', { timeout: 60_000 }, async () => {
    const { watch, receiver } = await watchServers(behind.map((b) => b.server), 1);
    await watch.waitForLine(/reason=local-clock/);
    const alerts = await stop(watch, receiver);
    expect(alerts.map((a) => a.reason)).toEqual(['local-clock']);
    for (const b of behind) expect(watch.lines.some((l) => l.includes(`server=${b.server} from=unknown to=critical`) && l.includes('folded-into=local-clock'))).toBe(true);
  });

  it('three chronyd, a liar at +2.5 s and a true server with 15 s dispersion: the liar is the falseticker, this computer OK', { timeout: 60_000 }, async () => {
    const late = await startFakeNtpServer(() => symmetric(+2500, 40));
    const dispersive = await startFakeNtpServer(() => ({ ...symmetric(0, 0), fields: { rootDispersionMs: 15_000 } }));
    try {
      const { watch, receiver } = await watchServers([...chronyds.map((c) => c.server), late.server, dispersive.server], 1);
      await watch.waitForLine(/reason=falseticker/);
      await watch.waitForLine(new RegExp(`transition server=${dispersive.server.replace(/\./g, '\\.')} from=unknown to=warning`));
      // Both alarms delivered before the stop (a stop drops what still waits in the webhook's queue).
      for (let waited = 0; receiver.bodies.length < 2 && waited < 5_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
      const alerts = await stop(watch, receiver);
      expect(alerts.map((a) => [a.reason, a.server]).sort()).toEqual([['falseticker', late.server], ['offset', dispersive.server]].sort());
      expect(watch.lines.some((l) => /reason=local-clock/.test(l) && /to=(warning|critical)/.test(l))).toBe(false);
    } finally {
      await Promise.all([late.close(), dispersive.close()]);
    }
  });
});

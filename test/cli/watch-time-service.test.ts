/**
 * `watch --daemon` on the real parts: a chronyd (-x, loopback) following only a +2.5 s fake while three true chronyd
 * and the fake are watched. The webhook gets a `time-service` alert and /metrics the verdict; then that chronyd stops
 * and the change to unreachable (not running) is posted too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChronyd, type Chronyd } from '../support/chronyd.js';
import { startChronydClient, type ChronydClient } from '../support/chronyd-client.js';
import { startFakeNtpServer, type FakeNtpServer } from '../support/fake-ntp-server.js';
import { freeTcpPort, scrape, startReceiver, valueOf, type Receiver } from '../sinks/helpers.js';
import { FAST_POLLS, startWatch, type WatchProcess } from '../support/watch-process.js';

let truth: Chronyd[] = [];
let liar: FakeNtpServer;
let daemon: ChronydClient;
let receiver: Receiver;
let watch: WatchProcess;
let metricsUrl: string;

beforeAll(async () => {
  [truth, liar, receiver] = await Promise.all([Promise.all([startChronyd(), startChronyd(), startChronyd()]), startFakeNtpServer(() => ({ offsetMs: 2500 })), startReceiver()]);
  daemon = await startChronydClient([liar.port]);
  const port = await freeTcpPort();
  metricsUrl = `http://127.0.0.1:${port}/metrics`;
  const servers = [...truth.map((t) => t.server), liar.server].flatMap((s) => ['--server', s]);
  watch = startWatch(['--interval', '15', '--confirm', '1', '--daemon', `chrony=127.0.0.1:${daemon.cmdport}`, '--webhook', receiver.url, '--metrics-listen', String(port), ...servers], FAST_POLLS);
}, 60_000);
afterAll(async () => {
  watch?.child.kill('SIGKILL');
  await Promise.all([daemon?.stop(), ...truth.map((t) => t.stop()), liar?.close(), receiver?.close()]);
});

type Post = { reason: string; server: string; state: string; previousState: string; message: string; timeService?: Record<string, unknown> };
const posts = () => (receiver.bodies as Post[]).filter((b) => b.reason === 'time-service');

async function until<T>(find: () => T | undefined, ms = 20_000): Promise<T> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 100))) {
    const found = find();
    if (found !== undefined) return found;
  }
  throw new Error(`not seen in ${ms} ms.\nstdout:\n${watch.lines.join('\n')}\nstderr:\n${watch.stderr()}\nposts:\n${JSON.stringify(receiver.bodies)}`);
}

describe('watch --daemon against a real chronyd', () => {
  it('alarms when chronyd follows the +2.5 s server: a time-service line, webhook and metric', { timeout: 40_000 }, async () => {
    const line = await watch.waitForLine(/ time-service .*to=follows-falseticker/);
    expect(line).toMatch(new RegExp(`daemon=chronyd target=127\\.0\\.0\\.1:${daemon.cmdport} from=unknown to=follows-falseticker state=critical `));
    expect(line).toContain(`source=${liar.server}`);
    expect(line).toMatch(/message="chronyd follows 127\.0\.0\.1:\d+, 2\.\d{3} s from the consensus of 3 servers: CRITICAL\."/);
    const post = await until(() => posts().find((p) => p.timeService?.verdict === 'follows-falseticker'));
    expect(post).toMatchObject({ server: 'chronyd', state: 'critical', previousState: 'unknown', timeService: { kind: 'chrony', source: liar.server, synchronized: true, failure: null } });
    const families = await scrape(metricsUrl);
    const labels = { daemon: 'chrony' };
    expect(valueOf(families, 'ntp_monitor_time_service_verdict', { ...labels, verdict: 'follows-falseticker' })).toBe(1);
    expect(valueOf(families, 'ntp_monitor_time_service_verdict', { ...labels, verdict: 'agrees' })).toBe(0);
    expect(valueOf(families, 'ntp_monitor_time_service_up', labels)).toBe(1);
    expect(valueOf(families, 'ntp_monitor_time_service_synchronized', labels)).toBe(1);
  });

  it('posts the change to unreachable when that chronyd stops, and /metrics says it is down', { timeout: 40_000 }, async () => {
    const from = watch.lines.length;
    await daemon.stop();
    const line = await watch.waitForLine(/ time-service .*to=unreachable/, from);
    expect(line).toContain('from=follows-falseticker to=unreachable state=unknown kind=not-running');
    const post = await until(() => posts().find((p) => p.timeService?.verdict === 'unreachable'));
    expect(post).toMatchObject({ previousState: 'critical', state: 'unknown', message: `chronyd is not running (nothing answers on 127.0.0.1:${daemon.cmdport}): UNKNOWN.`, timeService: { failure: 'not-running', offsetMs: null } });
    const families = await scrape(metricsUrl);
    expect(valueOf(families, 'ntp_monitor_time_service_up', { daemon: 'chrony' })).toBe(0);
    expect(valueOf(families, 'ntp_monitor_time_service_offset_seconds', { daemon: 'chrony' })).toBeUndefined();
  });
});

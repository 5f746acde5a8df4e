import { afterEach, describe, expect, it, vi } from 'vitest';
import { queryAny } from '../../main/ntp/query-any.js';
import { Monitor } from '../../main/monitor/monitor.js';
import { defaultSettings, type Settings } from '../../main/settings/settings.js';
import { AlertSinks } from '../../main/sinks/sinks.js';
import { MAX_ANSWER_BYTES, WebhookSink, type WebhookPayload } from '../../main/sinks/webhook.js';
import { startFakeNtpServer, type FakeNtpServer } from '../support/fake-ntp-server.js';
import { freeTcpPort, startRawServer, startReceiver, type Receiver } from './helpers.js';
import { checked } from '../support/settings.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Rig {
  fake: FakeNtpServer;
  monitor: Monitor;
  sinks: AlertSinks;
  troubles: string[];
  /** Sets the fake server's clock offset, then polls it once and waits for the answer. */
  pollWithOffset(offsetMs: number): Promise<void>;
  results: number;
}

/** A real monitor polling a fake NTP server on loopback, with the sinks wired as watch and the desktop wire them. */
async function rig(webhookUrl: string, tuning = {}): Promise<Rig> {
  let offsetMs = 0;
  const fake = await startFakeNtpServer(() => ({ offsetMs }));
  const settings: Settings = { ...defaultSettings([fake.server]), warningSeconds: 1, criticalSeconds: 1, confirm: 2, webhookUrl };
  const troubles: string[] = [];
  const sinks = await AlertSinks.start(checked(settings), { language: 'en', onTrouble: (m) => troubles.push(m), webhook: tuning });
  const counter = { onResult: () => (r.results += 1) };
  const monitor = new Monitor(checked(settings), { query: queryAny, listeners: [sinks, counter] });
  const r: Rig = {
    fake,
    monitor,
    sinks,
    troubles,
    results: 0,
    async pollWithOffset(next) {
      offsetMs = next;
      await monitor.checkNow();
    },
  };
  cleanups.push(async () => {
    await monitor.stop();
    await fake.close();
  });
  return r;
}

/** One excursion: two good samples (first verdict OK, not an alert), two far off, one more, two good again. */
async function excursion(r: Rig): Promise<void> {
  for (const offset of [0, 0, 5_000, 5_000, 5_000, 0, 0]) await r.pollWithOffset(offset);
}

describe('webhook alerts', () => {
  it('posts exactly one alarm and one recovery for one excursion, with the documented JSON', async () => {
    const receiver = await startReceiver();
    cleanups.push(receiver.close);
    const r = await rig(receiver.url);
    await excursion(r);
    await vi.waitFor(() => expect(r.sinks.webhookPending).toBe(0));
    await r.sinks.close();

    expect(receiver.bodies).toHaveLength(2);
    const [alarm, recovery] = receiver.bodies as WebhookPayload[];
    expect(Object.keys(alarm!).sort()).toEqual(['at', 'authenticated', 'consensusOffsetMs', 'delayMs', 'message', 'offsetFromConsensusMs', 'offsetMs', 'previousState', 'reason', 'server', 'state', 'thresholdSeconds']);
    expect(alarm).toMatchObject({ server: r.fake.server, state: 'critical', previousState: 'ok', thresholdSeconds: 1, reason: 'offset', authenticated: false });
    expect(alarm!.offsetMs).toBeGreaterThan(4_900);
    expect(alarm!.offsetMs).toBeLessThan(5_100);
    expect(alarm!.delayMs).toBeGreaterThanOrEqual(0);
    // Microseconds at most: the precision an NTP exchange can claim, not 15 digits of float noise.
    for (const value of [alarm!.offsetMs!, alarm!.delayMs!]) expect(value).toBe(Math.round(value * 1000) / 1000);
    expect(new Date(alarm!.at).toISOString()).toBe(alarm!.at);
    expect(alarm!.message).toMatch(new RegExp(`^${r.fake.server} is [45]\\.\\d{3} s ahead of this computer, beyond the 1 s threshold: CRITICAL\\.$`));
    expect(recovery).toMatchObject({ server: r.fake.server, state: 'ok', previousState: 'critical', thresholdSeconds: 1, reason: 'offset' });
    expect(Math.abs(recovery!.offsetMs!)).toBeLessThan(100);
    expect(recovery!.message).toContain('is back within the 1 s threshold');
    expect(r.troubles).toEqual([]);
  });

  it('reports an unreachable server with the failure as reason and no offset', async () => {
    const receiver = await startReceiver();
    cleanups.push(receiver.close);
    const r = await rig(receiver.url);
    r.fake.shape = () => ({ silent: true });
    await r.monitor.apply(checked({ ...defaultSettings([r.fake.server]), timeoutMs: 200, failuresBeforeUnreachable: 2, webhookUrl: receiver.url }));
    await r.monitor.checkNow();
    await r.monitor.checkNow();
    await vi.waitFor(() => expect(receiver.bodies).toHaveLength(1));
    expect(receiver.bodies[0]).toMatchObject({ state: 'unreachable', previousState: 'unknown', reason: 'timeout', offsetMs: null, delayMs: null, authenticated: null, thresholdSeconds: null });
    expect((receiver.bodies[0] as WebhookPayload).message).toBe(`${r.fake.server}: UNREACHABLE: No reply within 200 ms.`);
  });

  it('keeps polling while a slow receiver holds the alarm: the next polls are not delayed by it', async () => {
    const receiver = await startReceiver(() => 'hold');
    cleanups.push(receiver.close);
    const r = await rig(receiver.url, { timeoutMs: 30_000 });
    for (const offset of [0, 0, 5_000, 5_000]) await r.pollWithOffset(offset);
    await vi.waitFor(() => expect(receiver.held).toHaveLength(1));
    const before = r.results;
    for (let i = 0; i < 3; i++) await r.pollWithOffset(5_000);
    // Three more polls answered while the alarm is still unanswered.
    expect(r.results).toBe(before + 3);
    expect(receiver.held).toHaveLength(1);
    expect(r.sinks.webhookPending).toBe(1);
    for (const response of receiver.held) response.writeHead(204).end();
    await vi.waitFor(() => expect(r.sinks.webhookPending).toBe(0));
    expect(r.troubles).toEqual([]);
  });

  it('retries a receiver that fails, with back-off, and delivers once it answers', async () => {
    const receiver = await startReceiver((index) => (index < 2 ? 503 : 204));
    cleanups.push(receiver.close);
    const r = await rig(receiver.url, { retries: 3, backoffMs: 10 });
    for (const offset of [0, 0, 5_000, 5_000]) await r.pollWithOffset(offset);
    await vi.waitFor(() => expect(r.sinks.webhookPending).toBe(0));
    // The same alarm three times: two refused, the third taken.
    expect(receiver.bodies).toHaveLength(3);
    expect(new Set(receiver.bodies.map((b) => JSON.stringify(b))).size).toBe(1);
    expect(r.troubles).toEqual([]);
  });

  it('survives a dead receiver: polls go on, the failure is reported once per alert, nothing is thrown', async () => {
    const deadUrl = `http://127.0.0.1:${await freeTcpPort()}/hook`;
    const r = await rig(deadUrl, { retries: 2, backoffMs: 10 });
    await excursion(r);
    expect(r.results).toBe(7);
    await vi.waitFor(() => expect(r.troubles).toHaveLength(2));
    expect(r.troubles[0]).toMatch(new RegExp(`^webhook ${deadUrl}: "${r.fake.server} is [45]\\.\\d{3} s ahead of this computer, .*" not delivered after 3 attempts \\(connect ECONNREFUSED 127\\.0\\.0\\.1:\\d+\\)\\.$`));
    expect(r.troubles[1]).toContain('is back within the 1 s threshold');
  });
});

const alert = (n: number): WebhookPayload => ({
  server: `192.0.2.${n}`,
  state: 'critical',
  previousState: 'ok',
  offsetMs: 5_000,
  consensusOffsetMs: null,
  offsetFromConsensusMs: null,
  delayMs: 1,
  authenticated: false,
  thresholdSeconds: 1,
  reason: 'offset',
  at: new Date(0).toISOString(),
  message: `alert ${n}`,
});

describe('a receiver that misbehaves after its headers', () => {
  it('sends headers and stalls: the deadline covers the body too, the socket is closed and shutdown returns', async () => {
    const stalling = await startRawServer((request, response) => {
      request.resume();
      response.writeHead(200, { 'content-length': '1000' });
      response.write('half an answer');
      // and nothing more, ever
    });
    cleanups.push(stalling.close);
    const reports: string[] = [];
    const sink = new WebhookSink({ url: stalling.url, language: 'en', report: (m) => reports.push(m), timeoutMs: 300, retries: 2, backoffMs: 10 });
    sink.send(alert(1));
    await vi.waitFor(() => expect(stalling.accepted()).toBe(1));
    await sink.close();
    // The exchange ended on our side: nothing is left open to keep the process alive after shutdown.
    await vi.waitFor(() => expect(stalling.open()).toBe(0));
    // The 200 came: the alert was taken, so it is neither retried nor reported as lost.
    expect(stalling.accepted()).toBe(1);
    expect(reports).toEqual([]);
  });

  it('streams a body without end: only the first bytes are read, then the socket is closed, long before the deadline', async () => {
    let sent = 0;
    const flooding = await startRawServer((request, response) => {
      request.resume();
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      const chunk = Buffer.alloc(64 * 1024, 120);
      const pump = () => {
        while (!response.destroyed && sent < 100 * 1024 * 1024) {
          sent += chunk.length;
          if (!response.write(chunk)) return void response.once('drain', pump);
        }
        response.end();
      };
      pump();
    });
    cleanups.push(flooding.close);
    const reports: string[] = [];
    const sink = new WebhookSink({ url: flooding.url, language: 'en', report: (m) => reports.push(m), timeoutMs: 60_000, retries: 0 });
    sink.send(alert(1));
    await vi.waitFor(() => expect(sink.pending).toBe(0), { timeout: 20_000 });
    await vi.waitFor(() => expect(flooding.open()).toBe(0));
    await sink.close();
    expect(reports).toEqual([]);
    // What the kernel buffers besides what we read is far below the 100 MB on offer.
    expect(sent).toBeGreaterThanOrEqual(MAX_ANSWER_BYTES);
    expect(sent).toBeLessThan(20 * 1024 * 1024);
  });
});

describe('a webhook URL with credentials and a token', () => {
  const password = 'hunter2-secret';
  const token = 'tok-5f3a9c';

  it('never shows them: not in delivery failures, the queue reports, the shutdown count, nor a bad URL', async () => {
    const port = await freeTcpPort();
    const url = `http://alice:${password}@127.0.0.1:${port}/hook?token=${token}&channel=ops`;
    const reports: string[] = [];
    const sink = new WebhookSink({ url, language: 'en', report: (m) => reports.push(m), maxQueue: 1, timeoutMs: 500, retries: 1, backoffMs: 10 });
    for (let n = 1; n <= 3; n++) sink.send(alert(n));
    await vi.waitFor(() => expect(sink.pending).toBe(0));
    sink.send(alert(4));
    await sink.close();
    const shown = `http://***:***@127.0.0.1:${port}/hook?token=***&channel=***`;
    expect(reports[0]).toBe(`webhook ${shown}: too many alerts waiting; "alert 2" was dropped.`);
    expect(reports.some((r) => r.startsWith(`webhook ${shown}: "alert 1" not delivered after 2 attempts (connect ECONNREFUSED`))).toBe(true);
    expect(reports.length).toBeGreaterThanOrEqual(3);
    for (const report of reports) {
      expect(report).not.toContain(password);
      expect(report).not.toContain(token);
    }
    expect(() => new WebhookSink({ url: `ftp://bob:${password}@127.0.0.1/x?token=${token}`, language: 'en', report: () => undefined })).toThrow(
      'webhook URL must be http:// or https://, got "ftp://***:***@127.0.0.1/x?token=***"',
    );
  });
});

describe('the webhook queue', () => {
  let receiver: Receiver;

  it('is bounded: alerts beyond it are dropped and reported, and what is left at shutdown is counted', async () => {
    receiver = await startReceiver(() => 'hold');
    cleanups.push(receiver.close);
    const reports: string[] = [];
    const sink = new WebhookSink({ url: receiver.url, language: 'en', report: (m) => reports.push(m), maxQueue: 2, timeoutMs: 500, retries: 0 });
    const payload = alert;
    for (let n = 1; n <= 5; n++) sink.send(payload(n));
    // One in flight, two waiting, the two oldest waiting ones dropped.
    expect(sink.pending).toBe(3);
    expect(reports).toEqual([
      `webhook ${receiver.url}: too many alerts waiting; "alert 2" was dropped.`,
      `webhook ${receiver.url}: too many alerts waiting; "alert 3" was dropped.`,
    ]);
    await sink.close();
    expect(reports.slice(2)).toEqual([
      `webhook ${receiver.url}: "alert 1" not delivered after 1 attempts (no answer within 500 ms).`,
      `webhook ${receiver.url}: 2 alert(s) not sent before shutdown.`,
    ]);
    expect(receiver.bodies).toEqual([payload(1)]);
  });

  it('accepts only http and https URLs', () => {
    for (const url of ['ftp://127.0.0.1/hook', 'file:///etc/passwd', 'not a url']) {
      expect(() => new WebhookSink({ url, language: 'en', report: () => undefined })).toThrow(/http:\/\/ or https:\/\//);
    }
  });
});

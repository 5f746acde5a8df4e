import { get, request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { queryAny } from '../../main/ntp/query-any.js';
import type { Sample } from '../../main/ntp/result.js';
import type { MonitorListener } from '../../main/monitor/listener.js';
import { Monitor } from '../../main/monitor/monitor.js';
import type { ResultEvent } from '../../main/judging/events.js';
import { defaultSettings, type Settings } from '../../main/settings/settings.js';
import { MonitorMetrics, POLL_RESULTS } from '../../main/sinks/metrics.js';
import { startMetricsServer } from '../../main/sinks/metrics-server.js';
import { AlertSinks } from '../../main/sinks/sinks.js';
import { STATES } from '../../main/judging/server-state.js';
import { startChronyd } from '../support/chronyd.js';
import { startFakeNtpServer } from '../support/fake-ntp-server.js';
import { freeTcpPort, httpGet, scrape, valueOf } from './helpers.js';
import { checked } from '../support/settings.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A real monitor feeding real sinks, stopped after the test. */
async function monitorWithSinks(settings: Settings, others: MonitorListener[] = []) {
  const sinks = await AlertSinks.start(checked(settings), { language: 'en' });
  const monitor = new Monitor(checked(settings), { query: queryAny, listeners: [sinks, ...others] });
  cleanups.push(async () => void (await monitor.stop()));
  return { sinks, monitor };
}

describe('/metrics', () => {
  it('serves, in the Prometheus text format, the values of the samples taken', async () => {
    const chronyd = await startChronyd();
    cleanups.push(chronyd.stop);
    const ahead = await startFakeNtpServer(() => ({ offsetMs: 250 }));
    const silent = await startFakeNtpServer(() => ({ silent: true }));
    cleanups.push(ahead.close, silent.close);
    const port = await freeTcpPort();
    const settings: Settings = {
      ...defaultSettings([chronyd.server, ahead.server, silent.server]),
      warningSeconds: 0.1,
      criticalSeconds: 0.5,
      confirm: 2,
      // Long enough for loopback replies on a loaded machine; the silent server costs this much per poll.
      timeoutMs: 1_000,
      metricsListen: String(port),
    };
    const last = new Map<string, Sample>();
    const { sinks, monitor } = await monitorWithSinks(settings, [
      { onResult: (event: ResultEvent) => void (event.result.ok && last.set(event.server, event.result.sample)) },
    ]);
    await monitor.checkNow();
    await monitor.checkNow();

    // A bare port means loopback.
    expect(sinks.metricsUrl).toBe(`http://127.0.0.1:${port}/metrics`);
    const families = await scrape(sinks.metricsUrl!);
    for (const server of [chronyd.server, ahead.server]) {
      const sample = last.get(server)!;
      expect(valueOf(families, 'ntp_monitor_offset_seconds', { server })).toBe(sample.offsetMs / 1000);
      expect(valueOf(families, 'ntp_monitor_delay_seconds', { server })).toBe(sample.delayMs / 1000);
      expect(valueOf(families, 'ntp_monitor_last_good_sample_timestamp_seconds', { server })).toBe(sample.at / 1000);
      // Plain NTP: 0, present, so that an alert on "not authenticated" sees it.
      expect(valueOf(families, 'ntp_monitor_authenticated', { server })).toBe(0);
      expect(valueOf(families, 'ntp_monitor_polls_total', { server, result: 'ok' })).toBe(2);
      expect(valueOf(families, 'ntp_monitor_polls_total', { server, result: 'timeout' })).toBe(0);
    }
    expect(valueOf(families, 'ntp_monitor_stratum', { server: chronyd.server })).toBe(8);
    expect(valueOf(families, 'ntp_monitor_stratum', { server: ahead.server })).toBe(2);
    expect(last.get(ahead.server)!.offsetMs).toBeGreaterThan(200);

    // States as an enum: exactly one 1 per server, the one the state machine is in.
    const expected: Record<string, string> = { [chronyd.server]: 'ok', [ahead.server]: 'warning', [silent.server]: 'unknown' };
    for (const status of monitor.statuses()) {
      expect(status.state).toBe(expected[status.server]);
      for (const state of STATES) {
        expect(valueOf(families, 'ntp_monitor_state', { server: status.server, state })).toBe(state === status.state ? 1 : 0);
      }
    }

    // A server that never answered: polls counted by result, no offset invented.
    expect(valueOf(families, 'ntp_monitor_polls_total', { server: silent.server, result: 'timeout' })).toBe(2);
    expect(valueOf(families, 'ntp_monitor_offset_seconds', { server: silent.server })).toBeUndefined();
    expect(valueOf(families, 'ntp_monitor_warning_threshold_seconds', {})).toBe(0.1);
    expect(valueOf(families, 'ntp_monitor_critical_threshold_seconds', {})).toBe(0.5);
    const types = Object.fromEntries(families.map((f) => [f.name, f.type]));
    expect(types).toMatchObject({ ntp_monitor_offset_seconds: 'GAUGE', ntp_monitor_state: 'GAUGE', ntp_monitor_polls_total: 'COUNTER' });
    expect(families.find((f) => f.name === 'ntp_monitor_polls_total')!.metrics.filter((m) => m.labels?.server === silent.server)).toHaveLength(POLL_RESULTS.length);
  });

  it('drops the series of a server removed from the settings and moves to a new address, live', async () => {
    const fake = await startFakeNtpServer(() => ({ offsetMs: 3 }));
    const other = await startFakeNtpServer(() => ({ offsetMs: -4 }));
    cleanups.push(fake.close, other.close);
    const [port, nextPort] = [await freeTcpPort(), await freeTcpPort()];
    const settings: Settings = { ...defaultSettings([fake.server, other.server]), metricsListen: `127.0.0.1:${port}` };
    const { sinks, monitor } = await monitorWithSinks(settings);
    await monitor.checkNow();
    const next = { ...settings, servers: [other.server], metricsListen: `127.0.0.1:${nextPort}` };
    await monitor.apply(checked(next));
    expect(sinks.metricsUrl).toBe(`http://127.0.0.1:${nextPort}/metrics`);
    await expect(httpGet(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow(/ECONNREFUSED/);
    const families = await scrape(sinks.metricsUrl!);
    expect(valueOf(families, 'ntp_monitor_offset_seconds', { server: fake.server })).toBeUndefined();
    expect(valueOf(families, 'ntp_monitor_polls_total', { server: fake.server, result: 'ok' })).toBeUndefined();
    // The server that stays keeps its numbers.
    expect(valueOf(families, 'ntp_monitor_polls_total', { server: other.server, result: 'ok' })).toBe(1);
  });

  it('answers 404 elsewhere, and refuses to start on an address already taken', async () => {
    const port = await freeTcpPort();
    const sinks = await AlertSinks.start(checked({ ...defaultSettings(['192.0.2.1']), metricsListen: String(port) }), { language: 'en' });
    cleanups.push(() => sinks.close());
    expect((await httpGet(`http://127.0.0.1:${port}/`)).status).toBe(404);
    const metrics = await httpGet(`http://127.0.0.1:${port}/metrics`);
    expect(metrics.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    await expect(AlertSinks.start(checked({ ...defaultSettings(['192.0.2.1']), metricsListen: String(port) }), { language: 'en' })).rejects.toThrow(
      `cannot serve metrics on ${port} (EADDRINUSE).`,
    );
  });
});

/** A TCP connection to the endpoint that the test never closes itself; `closedByServer` settles when the server does. */
function connectAndHold(port: number, send = ''): { socket: Socket; closedByServer: Promise<void> } {
  const socket = connect(port, '127.0.0.1', () => send && socket.write(send));
  socket.on('error', () => undefined);
  // Read what comes (a 408 perhaps), or the server's end of the connection is never seen.
  socket.resume();
  const closedByServer = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  cleanups.push(async () => void socket.destroy());
  return { socket, closedByServer };
}

describe('/metrics under hostile clients', () => {
  const limits = { maxConnections: 4, headersTimeoutMs: 400, requestTimeoutMs: 800, keepAliveTimeoutMs: 300, idleTimeoutMs: 600 };

  async function endpoint() {
    const server = await startMetricsServer(new MonitorMetrics().registry, { host: '127.0.0.1', port: 0 }, limits);
    cleanups.push(server.close);
    return { server, port: Number(server.address.split(':').at(-1)) };
  }

  it('closes idle and slowloris connections by itself, and more than the cap at once, then serves scrapes again', async () => {
    const { server, port } = await endpoint();
    const idle = Array.from({ length: 20 }, () => connectAndHold(port));
    // A slowloris: headers that never end, one byte at a time, so that the connection is never idle.
    const loris = connectAndHold(port, 'GET /metrics HTTP/1.1\r\nHost: x\r\n');
    const drip = setInterval(() => loris.socket.write('X'), 50);
    cleanups.push(async () => clearInterval(drip));
    // Every one is closed by the server, none by us: no client can hold file descriptors for long.
    await Promise.all([...idle, loris].map((c) => c.closedByServer));
    clearInterval(drip);
    const answer = await httpGet(server.url);
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('ntp_monitor_warning_threshold_seconds');
  });

  it('serves only GET and HEAD of /metrics, with short answers otherwise', async () => {
    const { server, port } = await endpoint();
    const post = await new Promise<{ status: number; allow: string; body: string }>((resolve, reject) => {
      const req = request(server.url, { method: 'POST', agent: false }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, allow: String(res.headers.allow), body }));
      });
      req.on('error', reject);
      req.end('x'.repeat(100_000));
    });
    expect(post).toEqual({ status: 405, allow: 'GET, HEAD', body: '' });
    const other = await httpGet(`http://127.0.0.1:${port}/../etc/passwd`);
    expect(other.status).toBe(404);
    expect(other.body.length).toBeLessThan(100);
    const huge = await new Promise<number>((resolve, reject) =>
      get(server.url, { agent: false, headers: { 'x-pad': 'y'.repeat(20_000) } }, (res) => resolve(res.statusCode ?? 0)).on('error', reject),
    );
    expect(huge).toBe(431);
  });
});

/**
 * Alert sinks that fail while the monitor polls real loopback servers: a log directory that cannot be written and
 * a webhook receiver that accepts connections and never answers. Monitoring carries on, every result still reaches
 * the stream, the trouble is reported once, and shutting down does not hang.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { queryAny } from '../../main/ntp/query-any.js';
import { Monitor } from '../../main/monitor/monitor.js';
import { defaultSettings, type Settings } from '../../main/settings/settings.js';
import { AlertSinks } from '../../main/sinks/sinks.js';
import { startFakeNtpServer, type FakeNtpServer } from '../support/fake-ntp-server.js';
import { checked } from '../support/settings.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fakeServers(offsets: number[]): Promise<FakeNtpServer[]> {
  const fakes = await Promise.all(offsets.map((offsetMs) => startFakeNtpServer(() => ({ offsetMs }))));
  cleanups.push(() => Promise.all(fakes.map((f) => f.close())).then(() => undefined));
  return fakes;
}

function collectedStream(): { stream: PassThrough; lines: () => string[] } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stream, lines: () => text.split('\n').filter(Boolean) };
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ntp-monitor-robust-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A monitor feeding `sinks`, stopped (and the sinks closed) after the test. */
function startMonitor(settings: Settings, sinks: AlertSinks): Monitor {
  const monitor = new Monitor(checked(settings), { query: queryAny, listeners: [sinks] });
  cleanups.push(async () => void (await monitor.stop()));
  return monitor;
}

describe('sink faults while monitoring', () => {
  it('an unwritable log directory: results keep flowing to the stream, one trouble report, the file resumes once writable', async () => {
    const fakes = await fakeServers([5, 2_500]);
    const dir = tempDir();
    // Root can write anywhere, so block the directory by making its parent a plain file (ENOTDIR) instead of chmod.
    const blocker = join(dir, 'logs');
    writeFileSync(blocker, 'not a directory');
    const logFile = join(blocker, 'ntp-monitor', 'samples.log');
    const settings = { ...defaultSettings(fakes.map((f) => f.server)), timeoutMs: 1_000 };
    const troubles: string[] = [];
    const { stream, lines } = collectedStream();
    const sinks = await AlertSinks.start(checked(settings), { language: 'en', stream, logFile, onTrouble: (m) => troubles.push(m) });
    cleanups.push(() => sinks.close());
    const monitor = startMonitor(settings, sinks);

    for (let round = 0; round < 3; round++) await monitor.checkNow();
    // The file is written in the background: wait for it before looking.
    await sinks.log.flush();
    expect(lines().filter((l) => / sample /.test(l))).toHaveLength(2 * 3);
    expect(lines().some((l) => / transition .*to=critical/.test(l))).toBe(true);
    expect(monitor.statuses().map((s) => s.state).sort()).toEqual(['critical', 'ok']);
    expect(troubles).toHaveLength(1);
    expect(troubles[0]).toContain(logFile);

    rmSync(blocker);
    await monitor.checkNow();
    await monitor.checkNow();
    await sinks.log.flush();
    expect(existsSync(logFile)).toBe(true);
    expect(readFileSync(logFile, 'utf8').split('\n').filter((l) => / sample /.test(l))).toHaveLength(2 * 2);
    expect(lines().filter((l) => / sample /.test(l))).toHaveLength(2 * 5);
    expect(troubles).toHaveLength(1);
  });

  it('a log path that is a directory (EISDIR) is reported, not thrown', async () => {
    const fakes = await fakeServers([5]);
    const dir = tempDir();
    const settings = { ...defaultSettings(fakes.map((f) => f.server)), timeoutMs: 1_000 };
    const troubles: string[] = [];
    const { stream, lines } = collectedStream();
    const sinks = await AlertSinks.start(checked(settings), { language: 'en', stream, logFile: dir, onTrouble: (m) => troubles.push(m) });
    cleanups.push(() => sinks.close());
    const monitor = startMonitor(settings, sinks);
    await monitor.checkNow();
    await monitor.checkNow();
    await sinks.log.flush();
    expect(lines().filter((l) => / sample /.test(l))).toHaveLength(2);
    expect(troubles).toHaveLength(1);
  });

  it('a webhook that accepts and never answers: polling is not held up, alerts beyond the queue are dropped and reported, close() returns', async () => {
    // Five critical servers that disagree with each other: no majority, so no verdict folds their five alarms into one.
    const fakes = await fakeServers([2_500, 3_500, 4_500, 5_500, 6_500, 5]);
    const received: string[] = [];
    const hanging: Server = createServer((request: IncomingMessage) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => received.push(body));
      // never respond
    });
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          hanging.closeAllConnections();
          hanging.close(() => resolve());
        }),
    );
    const { port } = hanging.address() as { port: number };
    const settings = { ...defaultSettings(fakes.map((f) => f.server)), timeoutMs: 1_000, webhookUrl: `http://127.0.0.1:${port}/hook` };
    const troubles: string[] = [];
    const { stream, lines } = collectedStream();
    const sinks = await AlertSinks.start(checked(settings), {
      language: 'en',
      stream,
      webhook: { timeoutMs: 300, retries: 1, backoffMs: 20, maxQueue: 2 },
      onTrouble: (m) => troubles.push(m),
    });
    const monitor = startMonitor(settings, sinks);

    await monitor.checkNow();
    await monitor.checkNow(); // confirm = 2: five servers go critical now, five alerts
    // The rounds finished while the first alert is still stuck on the receiver.
    expect(sinks.webhookPending).toBeGreaterThan(0);
    await monitor.checkNow();
    await monitor.checkNow();
    expect(lines().filter((l) => / sample /.test(l))).toHaveLength(6 * 4);
    expect(monitor.statuses().filter((s) => s.state === 'critical')).toHaveLength(5);

    await sinks.close();
    expect(sinks.webhookPending).toBe(0);
    expect(troubles.some((t) => t.includes('too many alerts waiting'))).toBe(true);
    expect(troubles.some((t) => /not delivered after|not sent before shutdown/.test(t))).toBe(true);
    const first = JSON.parse(received[0]!) as { state: string; previousState: string };
    expect(first).toMatchObject({ state: 'critical', previousState: 'unknown' });
  });
});

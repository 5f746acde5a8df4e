/** The chrony reader against a real chronyd (Debian's, -x, loopback), side by side with chronyc -c on the same daemon. */
import { execFileSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readChrony } from '../../main/timeservice/chrony-reader.js';
import { startChronyd, freeUdpPort, type Chronyd } from '../support/chronyd.js';
import { startChronydClient, type ChronydClient } from '../support/chronyd-client.js';

const loopback = { address: '127.0.0.1', family: 4 as const };
let server: Chronyd;
let client: ChronydClient;

beforeAll(async () => {
  server = await startChronyd();
  client = await startChronydClient([server.port]);
});
afterAll(async () => {
  await client?.stop();
  await server?.stop();
});

/** chronyc's machine-readable output, one list of fields per line. */
function chronyc(command: string): string[][] {
  const out = execFileSync('chronyc', ['-c', '-h', '127.0.0.1', '-p', String(client.cmdport), command]).toString();
  return out.trim().split('\n').map((line) => line.split(','));
}

/** A cmdmon impostor on loopback: answers each request with what `answer` makes of it (nothing for null). */
async function fakeCmdmon(answer: (request: Buffer) => Buffer | null): Promise<{ port: number; close(): void }> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  socket.on('message', (request, remote) => {
    const reply = answer(request);
    if (reply) socket.send(reply, remote.port, remote.address);
  });
  return { port: socket.address().port, close: () => socket.close() };
}

/** The 28-byte reply header chronyd sends for `request`, with a status. */
function replyHeader(request: Buffer, status: number): Buffer {
  const reply = Buffer.alloc(28);
  reply[0] = 6;
  reply[1] = 2;
  request.copy(reply, 4, 4, 6);
  reply.writeUInt16BE(1, 6);
  reply.writeUInt16BE(status, 8);
  request.copy(reply, 16, 8, 12);
  return reply;
}

describe('readChrony against impostors', () => {
  it('says "refused" for chrony\'s 501 Not authorised', async () => {
    const fake = await fakeCmdmon((request) => replyHeader(request, 2));
    expect(await readChrony(loopback, fake.port, { timeoutMs: 1000 })).toEqual({ ok: false, failure: { kind: 'refused', how: 'chrony-501' } });
    fake.close();
  });

  it('names another status and the command it answered', async () => {
    const fake = await fakeCmdmon((request) => replyHeader(request, 18));
    expect(await readChrony(loopback, fake.port, { timeoutMs: 1000 })).toEqual({ ok: false, failure: { kind: 'status', status: 18, command: 'tracking' } });
    fake.close();
  });

  it('ignores a reply to another sequence and says so when the deadline comes', async () => {
    const fake = await fakeCmdmon((request) => {
      const reply = replyHeader(request, 0);
      reply.writeUInt32BE((reply.readUInt32BE(16) + 1) >>> 0, 16);
      return reply;
    });
    expect(await readChrony(loopback, fake.port, { timeoutMs: 300 })).toEqual({ ok: false, failure: { kind: 'no-reply', rejected: 'sequence' } });
    fake.close();
  });

  it('calls a success reply of the wrong size invalid, not a measurement', async () => {
    const fake = await fakeCmdmon((request) => {
      const reply = replyHeader(request, 0);
      reply.writeUInt16BE(5, 6);
      return Buffer.concat([reply, Buffer.alloc(40)]);
    });
    expect(await readChrony(loopback, fake.port, { timeoutMs: 1000 })).toEqual({ ok: false, failure: { kind: 'invalid-reply', command: 'tracking', check: 'length' } });
    fake.close();
  });
});

describe('readChrony against chronyd', () => {
  it('reads tracking as chronyc does (same reference time, stratum, offsets to chronyc\'s printed precision)', async () => {
    // Two reads may straddle an update: retry until both name the same reference time.
    for (let attempt = 0; attempt < 5; attempt++) {
      const read = await readChrony(loopback, client.cmdport, { timeoutMs: 2000 });
      const [fields] = chronyc('tracking');
      expect(read.ok).toBe(true);
      if (!read.ok) return;
      const t = read.report.tracking;
      if (Math.abs(t.refTimeMs! / 1000 - Number(fields![3])) > 1e-6) continue;
      expect(t.refId.toString(16).toUpperCase().padStart(8, '0')).toBe(fields![0]);
      expect(t.address).toBe(fields![1]);
      expect(t.stratum).toBe(Number(fields![2]));
      // The remaining correction is recomputed per query as the slew goes on: equal to the microsecond only.
      expect(t.currentCorrectionS).toBeCloseTo(Number(fields![4]), 6);
      expect(t.lastOffsetS).toBeCloseTo(Number(fields![5]), 8);
      expect(t.rmsOffsetS).toBeCloseTo(Number(fields![6]), 8);
      expect(t.rootDelayS).toBeCloseTo(Number(fields![10]), 8);
      expect(t.lastUpdateIntervalS).toBeCloseTo(Number(fields![12]), 1);
      expect(fields![13]).toBe('Normal');
      expect(t.leap).toBe(0);
      return;
    }
    throw new Error('chronyd updated between every read and chronyc');
  });

  it('reads the sources and their statistics as chronyc does', async () => {
    const read = await readChrony(loopback, client.cmdport, { timeoutMs: 2000 });
    const [source] = chronyc('sources');
    const [stats] = chronyc('sourcestats');
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.report.sources).toHaveLength(1);
    const entry = read.report.sources![0]!;
    expect(source!.slice(0, 3)).toEqual(['^', '*', '127.0.0.1']);
    expect(entry.source).toMatchObject({ address: '127.0.0.1', state: 'selected', mode: 'server', stratum: Number(source![3]) });
    expect(entry.source.poll).toBe(Number(source![4]));
    expect(entry.source.reachability).toBe(parseInt(source![5]!, 8));
    expect(entry.stats).toMatchObject({ address: '127.0.0.1' });
    // NP grows with each sample: ours may be one behind or ahead of chronyc's.
    expect(Math.abs(entry.stats!.samples - Number(stats![1]))).toBeLessThanOrEqual(1);
    expect(Math.abs(entry.source.latestMeasS)).toBeLessThan(0.01);
    expect(read.report.truncated).toBe(false);
  });

  it('reads no more sources than asked, and says there are more', async () => {
    const read = await readChrony(loopback, client.cmdport, { timeoutMs: 2000, maxSources: 0 });
    expect(read).toMatchObject({ ok: true, report: { sources: [], truncated: true } });
  });

  it('says "not running" when nothing listens on the port', async () => {
    const port = await freeUdpPort();
    expect(await readChrony(loopback, port, { timeoutMs: 1000 })).toEqual({ ok: false, failure: { kind: 'not-running' } });
  });

  it('says "no reply" within the deadline when a socket listens and stays silent', async () => {
    const silent = createSocket('udp4');
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
    const started = Date.now();
    const read = await readChrony(loopback, silent.address().port, { timeoutMs: 300 });
    silent.close();
    expect(read).toEqual({ ok: false, failure: { kind: 'no-reply' } });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

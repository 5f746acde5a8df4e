import { describe, expect, it } from 'vitest';
import { buildRequest, decodePacket, encodePacket, type NtpPacket } from '../../main/ntp/packet.js';
import { evaluateReply } from '../../main/ntp/reply.js';
import { unixMsToNtp } from '../../main/ntp/timestamp.js';
import { serverPacket } from '../support/fake-ntp-server.js';

const T1 = Date.UTC(2026, 10, 23, 10, 0, 0);
const { transmit } = buildRequest(unixMsToNtp(T1));

function packet(overrides: Partial<NtpPacket> = {}): NtpPacket {
  return serverPacket(transmit, T1 + 520, T1 + 521, { rootDelayMs: 10, rootDispersionMs: 5, refIdBytes: Buffer.from([10, 0, 0, 1]), ...overrides });
}

const evaluate = (p: NtpPacket | Buffer, t4 = T1 + 41) =>
  evaluateReply(Buffer.isBuffer(p) ? p : encodePacket(p), { sentTransmit: transmit, t1WallMs: T1, t4WallMs: t4 });

describe('evaluateReply', () => {
  it('accepts a good reply and computes offset and delay', () => {
    const verdict = evaluate(packet());
    expect(verdict.kind).toBe('good');
    if (verdict.kind !== 'good') return;
    expect(verdict.offsetMs).toBeCloseTo(500, 3);
    expect(verdict.delayMs).toBeCloseTo(40, 3);
  });

  it('accepts a longer reply carrying extension fields', () => {
    const long = Buffer.concat([encodePacket(packet()), Buffer.alloc(20)]);
    expect(evaluate(long).kind).toBe('good');
  });

  it.each([
    ['length', Buffer.alloc(47)],
    ['length', Buffer.alloc(50)],
    ['mode', packet({ mode: 3 })],
    ['mode', packet({ mode: 5 })],
    ['version', packet({ version: 0 })],
    ['version', packet({ version: 5 })],
    ['origin-mismatch', packet({ originTimestamp: { seconds: transmit.seconds, fraction: transmit.fraction ^ 1 } })],
    ['zero-timestamp', packet({ receiveTimestamp: { seconds: 0, fraction: 0 } })],
    ['zero-timestamp', packet({ transmitTimestamp: { seconds: 0, fraction: 0 } })],
    ['root-distance', packet({ rootDelayMs: 20_000, rootDispersionMs: 6_000 })],
  ] as const)('rejects a reply failing the %s check', (check, p) => {
    expect(evaluate(p)).toEqual({ kind: 'bogus', check });
  });

  it('rejects a negative delay beyond the stated precision', () => {
    // Server claims to have spent 100 ms between receive and transmit inside a 40 ms round trip.
    expect(evaluate(packet({ transmitTimestamp: unixMsToNtp(T1 + 620) }))).toEqual({ kind: 'bogus', check: 'negative-delay' });
  });

  it('reads Kiss-o\'-Death codes only when the origin matches', () => {
    expect(evaluate(packet({ stratum: 0, refIdBytes: Buffer.from('RATE') }))).toEqual({ kind: 'kod', code: 'RATE' });
    expect(evaluate(packet({ stratum: 0, refIdBytes: Buffer.from('DENY') }))).toEqual({ kind: 'kod', code: 'DENY' });
    const forged = packet({ stratum: 0, refIdBytes: Buffer.from('DENY'), originTimestamp: { seconds: 1, fraction: 2 } });
    expect(evaluate(forged)).toEqual({ kind: 'bogus', check: 'origin-mismatch' });
  });

  it('reports an unsynchronized chronyd (leap 3, stratum 0, refid 0) as unsynchronized, not a kiss', () => {
    expect(evaluate(packet({ leap: 3, stratum: 0, refIdBytes: Buffer.alloc(4) }))).toEqual({ kind: 'unsynchronized', leap: 3, stratum: 0 });
  });

  it('reports leap 3 and stratum 16 as unsynchronized, never with an offset', () => {
    expect(evaluate(packet({ leap: 3 }))).toEqual({ kind: 'unsynchronized', leap: 3, stratum: 2 });
    expect(evaluate(packet({ stratum: 16 }))).toEqual({ kind: 'unsynchronized', leap: 0, stratum: 16 });
  });

  it('round-trips the header fields through encode/decode', () => {
    const p = packet({ poll: 10, precision: -23, rootDelayMs: 12.5, rootDispersionMs: 0.5 });
    const decoded = decodePacket(encodePacket(p))!;
    expect(decoded.poll).toBe(10);
    expect(decoded.precision).toBe(-23);
    expect(decoded.rootDelayMs).toBeCloseTo(12.5, 1);
    expect(decoded.rootDispersionMs).toBeCloseTo(0.5, 1);
    expect(decoded.transmitTimestamp).toEqual(p.transmitTimestamp);
  });

  it('a client request is 48 bytes, version 4, mode 3, carrying our transmit timestamp', () => {
    const { packet: request, transmit: sent } = buildRequest(unixMsToNtp(T1));
    const decoded = decodePacket(request)!;
    expect(request.length).toBe(48);
    expect([decoded.version, decoded.mode]).toEqual([4, 3]);
    expect(decoded.transmitTimestamp).toEqual(sent);
    expect(sent.seconds).toBe(unixMsToNtp(T1).seconds);
  });
});

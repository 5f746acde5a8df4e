/** chrony's cmdmon packets: a captured reply decoded field by field, and the parser on truncated, oversized and random replies. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSourceCount, decodeSourceData, decodeSourceStats, decodeTracking } from '../../main/timeservice/chrony-reports.js';
import { checkReply, COMMANDS, decodeChronyFloat, decodeIpAddr, encodeRequest, type CommandName } from '../../main/timeservice/chrony-wire.js';

// A TRACKING reply captured from chronyd 4.3 on loopback (docs: local-daemon-notes.md 1.9), sequence 0x028009d3.
const CAPTURED = Buffer.from(
  '06020000002100050000000000000000028009d30000000000000000' +
    '7f000001' +
    '7f000001000000000000000000000000' + '00010000' +
    '00040000' +
    '000000006b14cbaf391e772f' +
    'dd63db5fd5271cc3daa3bf4ef495471bed333ffbf69cb450e282cb91e08d1b5f08822ca1',
  'hex',
);
const SEQUENCE = 0x028009d3;

describe('chrony request encoding', () => {
  it('pads each request to its reply\'s length, version 6, type request, the command and the sequence in place', () => {
    const request = encodeRequest('tracking', SEQUENCE);
    expect(request.length).toBe(104);
    expect(request.subarray(0, 20).toString('hex')).toBe('06010000002100000280' + '09d30000000000000000');
    expect(request.subarray(20).every((byte) => byte === 0)).toBe(true);
    const source = encodeRequest('sourceData', 1, 7);
    expect(source.length).toBe(76);
    expect(source.readUInt16BE(4)).toBe(15);
    expect(source.readUInt32BE(20)).toBe(7);
    expect(encodeRequest('sourceStats', 1, 2).readUInt32BE(20)).toBe(2);
    expect(encodeRequest('nSources', 1).length).toBe(32);
  });
});

describe('the captured tracking reply', () => {
  it('passes the header checks and decodes to what the lab decoded', () => {
    const reply = checkReply(CAPTURED, 'tracking', SEQUENCE);
    expect(reply.kind).toBe('body');
    const decoded = decodeTracking(CAPTURED);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    const t = decoded.value;
    expect(t).toMatchObject({ refId: 0x7f000001, address: '127.0.0.1', stratum: 4, leap: 0 });
    expect(t.refTimeMs! / 1000).toBeCloseTo(1796524975.958298, 5);
    expect(t.currentCorrectionS).toBeCloseTo(-1.1634e-6, 9);
    expect(t.lastOffsetS).toBeCloseTo(-1.01e-7, 9);
    expect(t.rmsOffsetS).toBeCloseTo(6.1e-7, 9);
    expect(t.freqPpm).toBeCloseTo(0.004556, 6);
    expect(t.residFreqPpm).toBeCloseTo(-0.000391, 6);
    expect(t.skewPpm).toBeCloseTo(0.009564, 6);
    expect(t.rootDelayS).toBeCloseTo(7.796e-6, 9);
    expect(t.rootDispersionS).toBeCloseTo(4.205e-6, 9);
    expect(t.lastUpdateIntervalS).toBeCloseTo(4.068, 3);
  });

  it('is not ours under another sequence, command, version or packet type', () => {
    expect(checkReply(CAPTURED, 'tracking', SEQUENCE + 1)).toEqual({ kind: 'not-ours', check: 'sequence' });
    expect(checkReply(CAPTURED, 'sourceStats', SEQUENCE)).toEqual({ kind: 'not-ours', check: 'command' });
    const v5 = Buffer.from(CAPTURED);
    v5[0] = 5;
    expect(checkReply(v5, 'tracking', SEQUENCE)).toEqual({ kind: 'not-ours', check: 'version' });
    const request = Buffer.from(CAPTURED);
    request[1] = 1;
    expect(checkReply(request, 'tracking', SEQUENCE)).toEqual({ kind: 'not-ours', check: 'packet-type' });
  });

  it('is invalid with another reply code, and a status is reported as such', () => {
    const wrongCode = Buffer.from(CAPTURED);
    wrongCode.writeUInt16BE(3, 6);
    expect(checkReply(wrongCode, 'tracking', SEQUENCE)).toEqual({ kind: 'invalid', check: 'reply-code' });
    const unauthorised = Buffer.from(CAPTURED.subarray(0, 28));
    unauthorised.writeUInt16BE(1, 6);
    unauthorised.writeUInt16BE(2, 8);
    expect(checkReply(unauthorised, 'tracking', SEQUENCE)).toEqual({ kind: 'status', status: 2 });
  });

  it('rejects a leap status, an address family or a nanosecond count out of range', () => {
    const leap = Buffer.from(CAPTURED);
    leap.writeUInt16BE(4, 54);
    expect(decodeTracking(leap)).toEqual({ ok: false, check: 'leap' });
    const family = Buffer.from(CAPTURED);
    family.writeUInt16BE(9, 48);
    expect(decodeTracking(family)).toEqual({ ok: false, check: 'address-family' });
    const nanoseconds = Buffer.from(CAPTURED);
    nanoseconds.writeUInt32BE(1_000_000_000, 64);
    expect(decodeTracking(nanoseconds)).toEqual({ ok: false, check: 'reference-time' });
  });
});

describe('chrony floats and addresses', () => {
  it('decodes the sign of exponent and coefficient (util.c)', () => {
    expect(decodeChronyFloat(0xe282cb91)).toBeCloseTo(7.796e-6, 9);
    expect(decodeChronyFloat(0)).toBe(0);
    // exponent 1, coefficient 2^23: 2^23 * 2^(1-25) = 0.5; the same coefficient negated: -0.5.
    expect(decodeChronyFloat((1 << 25) | (1 << 23))).toBe(0.5);
    expect(decodeChronyFloat(((1 << 25) | (0x2000000 - (1 << 23))) >>> 0)).toBe(-0.5);
  });

  it('writes IPv6 addresses compressed, and no address for an unresolved name', () => {
    const v6 = Buffer.alloc(20);
    v6.writeUInt16BE(0x2001, 0);
    v6.writeUInt16BE(0x0db8, 2);
    v6.writeUInt16BE(1, 14);
    v6.writeUInt16BE(2, 16);
    expect(decodeIpAddr(v6, 0)).toBe('2001:db8::1');
    v6.writeUInt16BE(3, 16);
    expect(decodeIpAddr(v6, 0)).toBeNull();
  });
});

const DECODERS = { tracking: decodeTracking, nSources: decodeSourceCount, sourceData: decodeSourceData, sourceStats: decodeSourceStats } as const;
const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];

/** A reply that passes the header checks for `command`, with `body` bytes after the header. */
function framed(command: CommandName, sequence: number, body: Uint8Array): Buffer {
  const packet = Buffer.concat([Buffer.alloc(28), Buffer.from(body)]);
  packet[0] = 6;
  packet[1] = 2;
  packet.writeUInt16BE(COMMANDS[command].request, 4);
  packet.writeUInt16BE(COMMANDS[command].reply, 6);
  packet.writeUInt32BE(sequence >>> 0, 16);
  return packet;
}

describe('the parser on hostile replies (properties)', () => {
  it('never throws on random bytes, and accepts a body only at exactly the expected length', () => {
    fc.assert(
      fc.property(fc.constantFrom(...COMMAND_NAMES), fc.uint8Array({ maxLength: 600 }), fc.nat(), (command, bytes, sequence) => {
        const reply = checkReply(Buffer.from(bytes), command, sequence);
        if (reply.kind === 'body') expect(reply.body.length).toBe(COMMANDS[command].length);
      }),
    );
  });

  it('refuses every truncated or oversized reply, and decodes every well-sized one without throwing', () => {
    fc.assert(
      fc.property(fc.constantFrom(...COMMAND_NAMES), fc.nat(), fc.uint8Array({ maxLength: 600 }), (command, sequence, body) => {
        const packet = framed(command, sequence, body);
        const reply = checkReply(packet, command, sequence);
        if (packet.length !== COMMANDS[command].length) {
          expect(reply).toEqual({ kind: 'invalid', check: 'length' });
          return;
        }
        expect(reply.kind).toBe('body');
        const decoded = (DECODERS[command] as (b: Buffer) => { ok: boolean; value?: Record<string, unknown> | number })(packet);
        if (decoded.ok && typeof decoded.value === 'object') {
          for (const value of Object.values(decoded.value!)) if (typeof value === 'number') expect(Number.isFinite(value)).toBe(true);
        }
      }),
    );
  });

  it('refuses the captured reply cut short or extended by any number of bytes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 103 }), fc.uint8Array({ minLength: 1, maxLength: 300 }), (cut, extra) => {
        expect(checkReply(CAPTURED.subarray(0, cut), 'tracking', SEQUENCE).kind).not.toBe('body');
        expect(checkReply(Buffer.concat([CAPTURED, extra]), 'tracking', SEQUENCE)).toEqual({ kind: 'invalid', check: 'length' });
      }),
    );
  });
});

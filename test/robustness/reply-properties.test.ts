/**
 * Property-based tests of the reply decoder and validator: whatever arrives on the socket (random bytes, truncated,
 * oversized or mutated replies), decoding never throws, the verdict is always one of the typed kinds, and it agrees
 * with an independent oracle; in particular no packet that fails a check ever yields an offset.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePacket } from '../../main/ntp/packet.js';
import { evaluateReply, type ReplyVerdict } from '../../main/ntp/reply.js';
import { oracleVerdict, type OracleContext } from './reply-oracle.js';

const RUNS = 3_000;
const VERDICT_KINDS = ['good', 'bogus', 'kod', 'unsynchronized'];
const BOGUS_CHECKS = ['length', 'mode', 'version', 'origin-mismatch', 'zero-timestamp', 'negative-delay', 'root-distance'];
const SECONDS_1900_TO_1970 = 2_208_988_800;

interface Case {
  t1WallMs: number;
  rttMs: number;
  sent: { seconds: number; fraction: number };
}

/** The local side of an exchange: T1 from 2000 to 2100 (so across the 2036 era rollover), a round trip, our origin. */
const exchange: fc.Arbitrary<Case> = fc.record({
  t1WallMs: fc.double({ min: 946_684_800_000, max: 4_102_444_800_000, noNaN: true }),
  rttMs: fc.oneof(fc.double({ min: 0, max: 2_000, noNaN: true }), fc.constant(0)),
  sent: fc.record({ seconds: fc.nat({ max: 0xffffffff }), fraction: fc.nat({ max: 0xffffffff }) }),
});

function timestampBytes(seconds: number, fraction: number): Uint8Array {
  const out = new Uint8Array(8);
  const view = new DataView(out.buffer);
  view.setUint32(0, seconds >>> 0);
  view.setUint32(4, fraction >>> 0);
  return out;
}

/** Wire form of a Unix time in ms (era dropped), written here rather than borrowed from the engine. */
function wireTimeBytes(unixMs: number): Uint8Array {
  const total = unixMs / 1000 + SECONDS_1900_TO_1970;
  const whole = Math.floor(total);
  const fraction = Math.min(0xffffffff, Math.floor((total - whole) * 2 ** 32));
  return timestampBytes(((whole % 2 ** 32) + 2 ** 32) % 2 ** 32, fraction);
}

const rarely = fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) });

/** A header that is mostly plausible, so that generated packets get past the early checks and reach the later ones. */
function plausibleReply(c: Case): fc.Arbitrary<Uint8Array> {
  const sentBytes = timestampBytes(c.sent.seconds, c.sent.fraction);
  return fc
    .record({
      leap: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3 })),
      version: fc.oneof(fc.constant(4), fc.integer({ min: 0, max: 7 })),
      mode: fc.oneof({ weight: 4, arbitrary: fc.constant(4) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 7 }) }),
      stratum: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 15 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }) }),
      precision: fc.integer({ min: -128, max: 127 }),
      rootDelay: fc.oneof(fc.nat({ max: 0x10000 }), fc.nat({ max: 0xffffffff })),
      rootDispersion: fc.oneof(fc.nat({ max: 0x10000 }), fc.nat({ max: 0xffffffff })),
      refId: fc.oneof(
        fc.uint8Array({ minLength: 4, maxLength: 4 }),
        fc.constantFrom('RATE', 'DENY', 'RSTR', 'INIT', 'STEP', 'AB\0\0', 'X\0\0\0', 'rate').map((s) => new TextEncoder().encode(s)),
      ),
      originIsOurs: fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      strangerOrigin: fc.uint8Array({ minLength: 8, maxLength: 8 }),
      // Server clock minus ours: small, large, or decades away; receive-to-transmit processing time.
      serverOffsetMs: fc.oneof(fc.double({ min: -5_000, max: 5_000, noNaN: true }), fc.double({ min: -2e12, max: 2e12, noNaN: true })),
      processingMs: fc.oneof(fc.double({ min: 0, max: 50, noNaN: true }), fc.double({ min: -5_000, max: 5_000, noNaN: true })),
      zeroReceive: rarely,
      zeroTransmit: rarely,
    })
    .map((f) => {
      const bytes = new Uint8Array(48);
      const view = new DataView(bytes.buffer);
      bytes[0] = (f.leap << 6) | (f.version << 3) | f.mode;
      bytes[1] = f.stratum;
      bytes[2] = 6;
      view.setInt8(3, f.precision);
      view.setUint32(4, f.rootDelay);
      view.setUint32(8, f.rootDispersion);
      bytes.set(f.refId, 12);
      bytes.set(wireTimeBytes(c.t1WallMs - 1_000), 16);
      bytes.set(f.originIsOurs ? sentBytes : f.strangerOrigin, 24);
      const t2 = c.t1WallMs + c.rttMs / 2 + f.serverOffsetMs;
      if (!f.zeroReceive) bytes.set(wireTimeBytes(t2), 32);
      if (!f.zeroTransmit) bytes.set(wireTimeBytes(t2 + f.processingMs), 40);
      return bytes;
    });
}

/** Takes a plausible reply and truncates it, pads it (extension fields, MAC, junk) or overwrites bytes in it. */
function damaged(base: fc.Arbitrary<Uint8Array>): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    base,
    base.chain((b) => fc.nat({ max: b.length }).map((n) => b.slice(0, n))),
    base.chain((b) => fc.uint8Array({ maxLength: 200, size: 'max' }).map((tail) => Uint8Array.from([...b, ...tail]))),
    base.chain((b) =>
      fc.array(fc.tuple(fc.nat({ max: 47 }), fc.nat({ max: 255 })), { minLength: 1, maxLength: 6 }).map((edits) => {
        const copy = Uint8Array.from(b);
        for (const [at, value] of edits) copy[at] = value;
        return copy;
      }),
    ),
  );
}

/**
 * Any bytes at all, up to well past a header with extension fields; half of them a whole number of 32-bit words of
 * at least 48 bytes, so that they get past the length check. (`size: 'max'`: fast-check's default keeps arrays short.)
 */
const randomBytes = fc.oneof(
  fc.uint8Array({ maxLength: 600, size: 'max' }),
  fc.integer({ min: 12, max: 150 }).chain((words) => fc.uint8Array({ minLength: words * 4, maxLength: words * 4 })),
);

/** The datagram as a Buffer that may sit at an offset inside a larger allocation, as pooled Buffers do. */
function asBuffer(bytes: Uint8Array, lead: number): Buffer {
  const backing = new Uint8Array(lead + bytes.length);
  backing.fill(0xa5, 0, lead);
  backing.set(bytes, lead);
  return Buffer.from(backing.buffer, lead, bytes.length);
}

function check(c: Case, bytes: Uint8Array, lead: number): void {
  const ctx: OracleContext = {
    sentTransmitBytes: timestampBytes(c.sent.seconds, c.sent.fraction),
    t1WallMs: c.t1WallMs,
    t4WallMs: c.t1WallMs + c.rttMs,
  };
  let verdict: ReplyVerdict | undefined;
  expect(() => {
    verdict = evaluateReply(asBuffer(bytes, lead), { sentTransmit: c.sent, t1WallMs: ctx.t1WallMs, t4WallMs: ctx.t4WallMs });
  }).not.toThrow();
  const got = verdict!;
  expect(VERDICT_KINDS).toContain(got.kind);
  if (got.kind === 'bogus') expect(BOGUS_CHECKS).toContain(got.check);

  const expected = oracleVerdict(bytes, ctx);
  if (expected.kind === 'borderline') return;
  if (expected.kind !== 'good') {
    // The property that matters most: a packet failing any check never produces an offset.
    expect(got.kind).not.toBe('good');
    expect(got).not.toHaveProperty('offsetMs');
  }
  switch (expected.kind) {
    case 'good':
      expect(got.kind).toBe('good');
      if (got.kind !== 'good') return;
      expect(Number.isFinite(got.offsetMs)).toBe(true);
      expect(got.delayMs).toBeGreaterThanOrEqual(0);
      expect(Math.abs(got.offsetMs - expected.offsetMs)).toBeLessThan(0.01);
      expect(Math.abs(got.delayMs - expected.delayMs)).toBeLessThan(0.01);
      break;
    case 'bogus':
      expect(got).toEqual({ kind: 'bogus', check: expected.check });
      break;
    case 'kod':
      expect(got).toEqual({ kind: 'kod', code: expected.code });
      break;
    case 'unsynchronized':
      expect(got).toEqual(expected);
      break;
  }
}

describe('reply decoder and validator under arbitrary input', () => {
  it('decodePacket never throws and rejects exactly the datagrams that are not whole 32-bit words of at least 48 bytes', () => {
    fc.assert(
      fc.property(randomBytes, fc.nat({ max: 16 }), (bytes, lead) => {
        const packet = decodePacket(asBuffer(bytes, lead));
        const valid = bytes.length >= 48 && bytes.length % 4 === 0;
        expect(packet === null).toBe(!valid);
        if (!packet) return;
        expect(packet.mode).toBe(bytes[0]! & 7);
        expect(packet.version).toBe((bytes[0]! >> 3) & 7);
        expect(packet.leap).toBe(bytes[0]! >> 6);
        expect(packet.stratum).toBe(bytes[1]);
        expect([...packet.refIdBytes]).toEqual([...bytes.subarray(12, 16)]);
      }),
      { numRuns: RUNS },
    );
  });

  it('random bytes: a typed verdict that agrees with the oracle', () => {
    fc.assert(
      fc.property(exchange, randomBytes, fc.nat({ max: 16 }), (c, bytes, lead) => check(c, bytes, lead)),
      { numRuns: RUNS },
    );
  });

  it('plausible, truncated, oversized and mutated replies: a typed verdict that agrees with the oracle', () => {
    const caseAndBytes = exchange.chain((c) => damaged(plausibleReply(c)).map((bytes) => ({ c, bytes })));
    fc.assert(
      fc.property(caseAndBytes, fc.nat({ max: 16 }), ({ c, bytes }, lead) => check(c, bytes, lead)),
      { numRuns: RUNS * 3 },
    );
  });

  it('the generators reach every verdict, so the agreement above is not vacuous', () => {
    const seen = new Set<string>();
    const caseAndBytes = exchange.chain((c) => damaged(plausibleReply(c)).map((bytes) => ({ c, bytes })));
    for (const { c, bytes } of fc.sample(caseAndBytes, { numRuns: 5_000, seed: 42 })) {
      const v = evaluateReply(Buffer.from(bytes), { sentTransmit: c.sent, t1WallMs: c.t1WallMs, t4WallMs: c.t1WallMs + c.rttMs });
      seen.add(v.kind === 'bogus' ? `bogus:${v.check}` : v.kind);
    }
    expect([...seen].sort()).toEqual([...BOGUS_CHECKS.map((b) => `bogus:${b}`), 'good', 'kod', 'unsynchronized'].sort());
  });
});

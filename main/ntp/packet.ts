/** The 48-byte NTP header (RFC 5905 section 7.3): building a client request and decoding a reply. */
import type { NtpTimestamp } from './timestamp.js';
import { urandom } from './random-bits.js';

export const NTP_HEADER_BYTES = 48;
export const MODE_CLIENT = 3;
export const MODE_SERVER = 4;
const CLIENT_VERSION = 4;

export interface NtpPacket {
  leap: number;
  version: number;
  mode: number;
  stratum: number;
  poll: number;
  precision: number;
  rootDelayMs: number;
  rootDispersionMs: number;
  refIdBytes: Buffer;
  referenceTimestamp: NtpTimestamp;
  originTimestamp: NtpTimestamp;
  receiveTimestamp: NtpTimestamp;
  transmitTimestamp: NtpTimestamp;
}

/**
 * A client request. Its transmit timestamp is 64 random bits unless a test gives one: the server only echoes it as
 * the origin timestamp, and we compute with our own T1, so a random one keeps the reply unguessable to an off-path
 * attacker, tells the server nothing about our clock (the NTP data-minimization draft's advice),
 * and lets the whole packet be built before T1 is read, so the send follows T1 at once (issue 19).
 */
export function buildRequest(transmit: NtpTimestamp = randomTransmit()): { packet: Buffer; transmit: NtpTimestamp } {
  const packet = Buffer.alloc(NTP_HEADER_BYTES);
  packet[0] = (0 << 6) | (CLIENT_VERSION << 3) | MODE_CLIENT;
  writeTimestamp(packet, 40, transmit);
  return { packet, transmit };
}

function randomTransmit(): NtpTimestamp {
  const random = urandom(8);
  return { seconds: random.readUInt32BE(0), fraction: random.readUInt32BE(4) };
}

/** Decodes the header; null when the datagram is too short or not a whole number of 32-bit words. */
export function decodePacket(buf: Buffer): NtpPacket | null {
  if (buf.length < NTP_HEADER_BYTES || buf.length % 4 !== 0) return null;
  const first = buf[0]!;
  return {
    leap: first >> 6,
    version: (first >> 3) & 0x07,
    mode: first & 0x07,
    stratum: buf[1]!,
    poll: buf.readInt8(2),
    precision: buf.readInt8(3),
    rootDelayMs: shortToMs(buf.readUInt32BE(4)),
    rootDispersionMs: shortToMs(buf.readUInt32BE(8)),
    refIdBytes: Buffer.from(buf.subarray(12, 16)),
    referenceTimestamp: readTimestamp(buf, 16),
    originTimestamp: readTimestamp(buf, 24),
    receiveTimestamp: readTimestamp(buf, 32),
    transmitTimestamp: readTimestamp(buf, 40),
  };
}

/** Encodes a header (used by the test servers; a client never needs to write these fields). */
export function encodePacket(p: NtpPacket): Buffer {
  const buf = Buffer.alloc(NTP_HEADER_BYTES);
  buf[0] = ((p.leap & 3) << 6) | ((p.version & 7) << 3) | (p.mode & 7);
  buf[1] = p.stratum & 0xff;
  buf.writeInt8(p.poll, 2);
  buf.writeInt8(p.precision, 3);
  buf.writeUInt32BE(msToShort(p.rootDelayMs), 4);
  buf.writeUInt32BE(msToShort(p.rootDispersionMs), 8);
  p.refIdBytes.copy(buf, 12, 0, 4);
  writeTimestamp(buf, 16, p.referenceTimestamp);
  writeTimestamp(buf, 24, p.originTimestamp);
  writeTimestamp(buf, 32, p.receiveTimestamp);
  writeTimestamp(buf, 40, p.transmitTimestamp);
  return buf;
}

const KISS_CODE = /^[A-Z][A-Z0-9]{1,3}$/;

/** The refid as a kiss code, when it is one (stratum 0 and four ASCII letters or digits, NUL padded). */
export function kissCode(p: NtpPacket): string | null {
  if (p.stratum !== 0) return null;
  const text = p.refIdBytes.toString('latin1').replace(/\0+$/, '');
  return KISS_CODE.test(text) ? text : null;
}

/** The refid as people read it: ASCII for stratum 0-1, otherwise an IPv4 address (or an IPv6 hash). */
export function refIdText(p: NtpPacket): string {
  if (p.stratum <= 1) return p.refIdBytes.toString('latin1').replace(/\0+$/, '').replace(/[^\x20-\x7e]/g, '?');
  return Array.from(p.refIdBytes).join('.');
}

function shortToMs(value: number): number {
  return (value / 65536) * 1000;
}

function msToShort(ms: number): number {
  return Math.max(0, Math.min(0xffffffff, Math.round((ms / 1000) * 65536)));
}

function readTimestamp(buf: Buffer, at: number): NtpTimestamp {
  return { seconds: buf.readUInt32BE(at), fraction: buf.readUInt32BE(at + 4) };
}

function writeTimestamp(buf: Buffer, at: number, ts: NtpTimestamp): void {
  buf.writeUInt32BE(ts.seconds >>> 0, at);
  buf.writeUInt32BE(ts.fraction >>> 0, at + 4);
}

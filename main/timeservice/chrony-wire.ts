/**
 * chrony's command protocol (cmdmon, candm.h version 6) on the wire: building the read-only requests we send and
 * checking a reply's header strictly before anything in it is believed. The report bodies are in chrony-reports.ts.
 */

/** candm.h PROTO_VERSION_NUMBER: the only version this reader speaks. */
export const CHRONY_PROTOCOL_VERSION = 6;
const PKT_TYPE_REQUEST = 1;
const PKT_TYPE_REPLY = 2;
/** Bytes of a request header (data starts here) and of a reply header. */
const REQUEST_HEADER = 20;
export const REPLY_HEADER = 28;

/** STT_SUCCESS, and STT_UNAUTH: chrony's `501 Not authorised` (the command is not open to this client). */
export const STATUS_SUCCESS = 0;
export const STATUS_UNAUTHORISED = 2;

/**
 * The commands we send, each with its request code, the reply code it must get and the exact reply length. A request
 * is padded to its reply's length: chronyd drops any reply longer than its request (anti-amplification, pktlength.c).
 */
export const COMMANDS = {
  tracking: { request: 33, reply: 5, length: 104 },
  nSources: { request: 14, reply: 2, length: 32 },
  sourceData: { request: 15, reply: 3, length: 76 },
  sourceStats: { request: 34, reply: 6, length: 84 },
} as const;

export type CommandName = keyof typeof COMMANDS;

/** One request on the wire: `index` for the per-source commands (i32 for SOURCE_DATA, u32 for SOURCESTATS: same bytes for 0..2^31). */
export function encodeRequest(command: CommandName, sequence: number, index = 0): Buffer {
  const spec = COMMANDS[command];
  const packet = Buffer.alloc(spec.length);
  packet.writeUInt8(CHRONY_PROTOCOL_VERSION, 0);
  packet.writeUInt8(PKT_TYPE_REQUEST, 1);
  packet.writeUInt16BE(spec.request, 4);
  packet.writeUInt32BE(sequence >>> 0, 8);
  if (command === 'sourceData' || command === 'sourceStats') packet.writeUInt32BE(index >>> 0, REQUEST_HEADER);
  return packet;
}

/** How a datagram answers a request: not ours (wait on), a non-success status, or a well-formed body to decode. */
export type ReplyCheck =
  | { kind: 'not-ours'; check: string }
  | { kind: 'status'; status: number }
  | { kind: 'invalid'; check: string }
  | { kind: 'body'; body: Buffer };

/**
 * Checks a datagram against the request it should answer. Version, packet type, command echo and sequence decide
 * whether it answers us at all (anything else may be stale or forged: the caller keeps waiting). An answer then
 * either carries a non-success status, or must have the expected reply code and exactly the expected length.
 */
export function checkReply(datagram: Buffer, command: CommandName, sequence: number): ReplyCheck {
  const spec = COMMANDS[command];
  if (datagram.length < REPLY_HEADER) return { kind: 'not-ours', check: 'length' };
  if (datagram.readUInt8(0) !== CHRONY_PROTOCOL_VERSION) return { kind: 'not-ours', check: 'version' };
  if (datagram.readUInt8(1) !== PKT_TYPE_REPLY) return { kind: 'not-ours', check: 'packet-type' };
  if (datagram.readUInt16BE(4) !== spec.request) return { kind: 'not-ours', check: 'command' };
  if (datagram.readUInt32BE(16) !== sequence >>> 0) return { kind: 'not-ours', check: 'sequence' };
  const status = datagram.readUInt16BE(8);
  if (status !== STATUS_SUCCESS) return { kind: 'status', status };
  if (datagram.readUInt16BE(6) !== spec.reply) return { kind: 'invalid', check: 'reply-code' };
  if (datagram.length !== spec.length) return { kind: 'invalid', check: 'length' };
  return { kind: 'body', body: datagram };
}

/**
 * chrony's 32-bit float (util.c UTI_FloatNetworkToHost): a 7-bit two's-complement exponent over a 25-bit
 * two's-complement coefficient, value = coef * 2^(exp - 25). Every bit pattern is a finite number.
 */
export function decodeChronyFloat(word: number): number {
  let exponent = word >>> 25;
  if (exponent >= 64) exponent -= 128;
  let coefficient = word & 0x1ffffff;
  if (coefficient >= 0x1000000) coefficient -= 0x2000000;
  return coefficient * 2 ** (exponent - 25);
}

/** TV_NOHIGHSEC: a 32-bit chronyd's "no high seconds". */
const NO_HIGH_SECONDS = 0x7fffffff;

/** A Timespec (sec_high, sec_low, nsec) in Unix ms; null for chrony's zero time (never synchronised); undefined if malformed. */
export function decodeTimespec(body: Buffer, offset: number): number | null | undefined {
  const high = body.readUInt32BE(offset);
  const low = body.readUInt32BE(offset + 4);
  const nanoseconds = body.readUInt32BE(offset + 8);
  if (nanoseconds > 999_999_999) return undefined;
  const seconds = (high === NO_HIGH_SECONDS ? 0 : high) * 2 ** 32 + low;
  if (seconds === 0 && nanoseconds === 0) return null;
  return seconds * 1000 + nanoseconds / 1e6;
}

/** An IPAddr (16 address bytes, u16 family, u16 pad) as text; null for no address (unspec, or an unresolved name); undefined if malformed. */
export function decodeIpAddr(body: Buffer, offset: number): string | null | undefined {
  const family = body.readUInt16BE(offset + 16);
  if (family === 0 || family === 3) return null;
  if (family === 1) return [0, 1, 2, 3].map((i) => body.readUInt8(offset + i)).join('.');
  if (family !== 2) return undefined;
  const groups = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => body.readUInt16BE(offset + 2 * i).toString(16));
  return compressIpv6(groups);
}

/** RFC 5952 text: the longest run of two or more zero groups becomes "::". */
function compressIpv6(groups: string[]): string {
  let best = { start: -1, length: 0 };
  for (let i = 0; i < groups.length; ) {
    let j = i;
    while (j < groups.length && groups[j] === '0') j++;
    if (j - i > best.length && j - i >= 2) best = { start: i, length: j - i };
    i = j === i ? i + 1 : j;
  }
  if (best.start < 0) return groups.join(':');
  return `${groups.slice(0, best.start).join(':')}::${groups.slice(best.start + best.length).join(':')}`;
}

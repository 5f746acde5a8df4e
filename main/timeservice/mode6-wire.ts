/**
 * ntpd's control messages (NTP mode 6, ntpsec docs/mode6.adoc) on the wire: the read requests we send, a strict
 * check of each reply fragment, and the reassembly of a fragmented answer within a size bound.
 */

const MODE_CONTROL = 6;
/** We speak version 2, as ntpq does; replies echo it, and any version 1-4 is taken. */
const REQUEST_VERSION = 2;
/** Bytes of a control message header (the data follows). */
export const HEADER = 12;
const RESPONSE = 0x80;
const ERROR = 0x40;
const MORE = 0x20;

/** The opcodes we use: READSTAT (the association list) and READVAR (variables of the system or one association). */
export const OPCODES = { readstat: 1, readvar: 2 } as const;
/** An opcode by name. */
export type Opcode = keyof typeof OPCODES;

/** Bytes an answer may have in all (ntpd's own limit is about 24 KB for a READVAR); more is refused. */
export const MAX_ANSWER_BYTES = 32 * 1024;
/** Fragments an answer may take (ntpd sends at most 468 data bytes in each). */
export const MAX_FRAGMENTS = 96;

/**
 * A read request: `associd` 0 is the system; `names` asks READVAR for just those variables (the payload is padded
 * to four bytes). Naming them keeps answers small and skips variables ntpd itself garbles (ntpsec 1.2.2 sends
 * unprintable bytes in a peer's filtdelay).
 */
export function encodeRequest(opcode: Opcode, sequence: number, associd = 0, names: readonly string[] = []): Buffer {
  const payload = Buffer.from(names.join(','), 'latin1');
  const packet = Buffer.alloc(HEADER + Math.ceil(payload.length / 4) * 4);
  packet.writeUInt8((REQUEST_VERSION << 3) | MODE_CONTROL, 0);
  packet.writeUInt8(OPCODES[opcode], 1);
  packet.writeUInt16BE(sequence & 0xffff, 2);
  packet.writeUInt16BE(associd, 6);
  packet.writeUInt16BE(payload.length, 10);
  payload.copy(packet, HEADER);
  return packet;
}

/** What one datagram is: not ours (wait on), an error answer (its code), a bad fragment, or a good one. */
export type FragmentCheck =
  | { kind: 'not-ours'; check: string }
  | { kind: 'error'; code: number }
  | { kind: 'invalid'; check: string }
  | { kind: 'fragment'; status: number; offset: number; data: Buffer; more: boolean };

/**
 * Checks a datagram against our request. Mode, response bit, opcode, sequence and association decide whether it
 * answers us; an answer then carries an error code, or a fragment whose count fits the datagram (padding to 4
 * bytes, and an optional MAC after it, may follow) and whose data lies within the answer bound.
 */
export function checkFragment(datagram: Buffer, opcode: Opcode, sequence: number, associd: number): FragmentCheck {
  if (datagram.length < HEADER) return { kind: 'not-ours', check: 'length' };
  const first = datagram.readUInt8(0);
  const version = (first >> 3) & 7;
  if ((first & 7) !== MODE_CONTROL) return { kind: 'not-ours', check: 'mode' };
  if (version < 1 || version > 4) return { kind: 'not-ours', check: 'version' };
  const second = datagram.readUInt8(1);
  if (!(second & RESPONSE)) return { kind: 'not-ours', check: 'response-bit' };
  if ((second & 0x1f) !== OPCODES[opcode]) return { kind: 'not-ours', check: 'opcode' };
  if (datagram.readUInt16BE(2) !== (sequence & 0xffff)) return { kind: 'not-ours', check: 'sequence' };
  if (datagram.readUInt16BE(6) !== associd) return { kind: 'not-ours', check: 'association' };
  const status = datagram.readUInt16BE(4);
  if (second & ERROR) return { kind: 'error', code: status >> 8 };
  const offset = datagram.readUInt16BE(8);
  const count = datagram.readUInt16BE(10);
  if (HEADER + count > datagram.length) return { kind: 'invalid', check: 'count' };
  if (offset + count > MAX_ANSWER_BYTES) return { kind: 'invalid', check: 'size' };
  return { kind: 'fragment', status, offset, data: datagram.subarray(HEADER, HEADER + count), more: (second & MORE) !== 0 };
}

/** Gathers fragments by offset; the answer is whole once the last one (no "more" bit) came and no gap is left. */
export class Reassembly {
  private readonly parts = new Map<number, Buffer>();
  private end: number | null = null;
  /** The status word of the first fragment (the system's or the association's). */
  status = 0;

  /** Adds one fragment: the whole answer when complete, a failed check, or null to wait for more. */
  add(fragment: Extract<FragmentCheck, { kind: 'fragment' }>): { ok: true; data: Buffer } | { ok: false; check: string } | null {
    if (this.parts.size === 0) this.status = fragment.status;
    const known = this.parts.get(fragment.offset);
    // A duplicate fragment is fine; one that contradicts what came at that offset is not.
    if (known && !known.equals(fragment.data)) return { ok: false, check: 'fragment-conflict' };
    this.parts.set(fragment.offset, fragment.data);
    if (this.parts.size > MAX_FRAGMENTS) return { ok: false, check: 'fragments' };
    if (!fragment.more) {
      const end = fragment.offset + fragment.data.length;
      if (this.end !== null && this.end !== end) return { ok: false, check: 'fragment-end' };
      this.end = end;
    }
    if (this.end === null) return null;
    const ordered = [...this.parts.entries()].sort(([a], [b]) => a - b);
    let at = 0;
    for (const [offset, data] of ordered) {
      if (offset > at) return null;
      if (offset < at) return { ok: false, check: 'fragment-overlap' };
      at += data.length;
    }
    if (at !== this.end) return at > this.end ? { ok: false, check: 'fragment-end' } : null;
    return { ok: true, data: Buffer.concat(ordered.map(([, data]) => data)) };
  }

  /** Some fragments came, not all. */
  get partial(): boolean {
    return this.parts.size > 0;
  }
}

/** READSTAT's payload: association id and status word pairs. */
export function decodeAssociations(data: Buffer): { ok: true; value: { associd: number; status: number }[] } | { ok: false; check: string } {
  if (data.length % 4 !== 0) return { ok: false, check: 'association-list' };
  const value: { associd: number; status: number }[] = [];
  for (let at = 0; at < data.length; at += 4) {
    const associd = data.readUInt16BE(at);
    if (associd === 0) return { ok: false, check: 'association-id' };
    value.push({ associd, status: data.readUInt16BE(at + 2) });
  }
  return { ok: true, value };
}

/** Most variables an answer may hold; ntpd sends a few dozen. */
export const MAX_VARIABLES = 256;

/**
 * READVAR's payload as name/value pairs: `name=value` separated by commas and line breaks; a value is bare text up to
 * the next comma, or a double-quoted string (which may hold commas). Only printable ASCII; a name appears once.
 */
export function parseVariables(data: Buffer): { ok: true; value: Map<string, string> } | { ok: false; check: string } {
  // ntpd pads the payload with NULs to four bytes; nothing else may follow the text.
  const text = data.toString('latin1').replace(/\0+$/, '');
  if (!/^[\x20-\x7e\r\n\t]*$/.test(text)) return { ok: false, check: 'characters' };
  const value = new Map<string, string>();
  let at = 0;
  const skip = () => {
    while (at < text.length && /[\s,]/.test(text[at]!)) at++;
  };
  skip();
  while (at < text.length) {
    const name = /^[A-Za-z0-9_.\-[\]]+/.exec(text.slice(at))?.[0];
    if (!name) return { ok: false, check: 'variable-name' };
    at += name.length;
    let val = '';
    if (text[at] === '=') {
      at++;
      if (text[at] === '"') {
        const close = text.indexOf('"', at + 1);
        if (close < 0) return { ok: false, check: 'quote' };
        val = text.slice(at + 1, close);
        at = close + 1;
      } else {
        const stop = text.slice(at).search(/[,\r\n]/);
        const end = stop < 0 ? text.length : at + stop;
        val = text.slice(at, end).trim();
        at = end;
      }
    }
    if (value.has(name)) return { ok: false, check: 'duplicate-variable' };
    value.set(name, val);
    if (value.size > MAX_VARIABLES) return { ok: false, check: 'variables' };
    const before = at;
    skip();
    if (at < text.length && before === at) return { ok: false, check: 'separator' };
  }
  return { ok: true, value };
}

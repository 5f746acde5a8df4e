/**
 * An independent re-derivation, straight from the bytes, of what a client must conclude about a reply
 * (RFC 5905 / RFC 4330, see docs/ntp-field-notes.md). It shares no code with main/ntp/ on purpose: the property
 * tests compare the engine's verdict with this one.
 */

export interface OracleContext {
  /** The 8 bytes of the transmit timestamp we sent, which a genuine reply echoes at offset 24. */
  sentTransmitBytes: Uint8Array;
  t1WallMs: number;
  t4WallMs: number;
}

export type OracleVerdict =
  | { kind: 'good'; offsetMs: number; delayMs: number }
  | { kind: 'bogus'; check: string }
  | { kind: 'kod'; code: string }
  | { kind: 'unsynchronized'; leap: number; stratum: number }
  /** So close to a threshold (or to midway between two eras) that either verdict is defensible: not compared. */
  | { kind: 'borderline' };

const SECONDS_1900_TO_1970 = 2_208_988_800;
const TWO_32 = 4_294_967_296;
const ROOT_DISTANCE_LIMIT_MS = 16_000;
const LOCAL_PRECISION_MS = 0.01;
const EPSILON_MS = 1e-3;

function u32(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) >>> 0) + (bytes[at + 1]! << 16) + (bytes[at + 2]! << 8) + bytes[at + 3]!;
}

function int8(byte: number): number {
  return byte > 127 ? byte - 256 : byte;
}

function allZero(bytes: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (bytes[i] !== 0) return false;
  return true;
}

/**
 * Unix ms of the wire timestamp at `at`, in whichever 136-year era lies closest to `pivotMs`; null when two eras are
 * about equally close (the timestamp is 68 years from the pivot, and either reading is defensible).
 */
function timestampMs(bytes: Uint8Array, at: number, pivotMs: number): number | null {
  const withinEra = u32(bytes, at) + u32(bytes, at + 4) / TWO_32;
  const readings = [-1, 0, 1, 2]
    .map((era) => (era * TWO_32 + withinEra - SECONDS_1900_TO_1970) * 1000)
    .sort((a, b) => Math.abs(a - pivotMs) - Math.abs(b - pivotMs));
  const [best, runnerUp] = readings as [number, number];
  return Math.abs(runnerUp - pivotMs) - Math.abs(best - pivotMs) < 2_000 ? null : best;
}

function kissCode(refId: Uint8Array): string | null {
  let end = 4;
  while (end > 0 && refId[end - 1] === 0) end--;
  if (end < 2) return null;
  let code = '';
  for (let i = 0; i < end; i++) {
    const c = refId[i]!;
    const upper = c >= 0x41 && c <= 0x5a;
    const digit = c >= 0x30 && c <= 0x39;
    if (!(upper || (i > 0 && digit))) return null;
    code += String.fromCharCode(c);
  }
  return code;
}

export function oracleVerdict(bytes: Uint8Array, ctx: OracleContext): OracleVerdict {
  if (bytes.length < 48 || bytes.length % 4 !== 0) return { kind: 'bogus', check: 'length' };
  const leap = bytes[0]! >> 6;
  const version = (bytes[0]! >> 3) & 7;
  const mode = bytes[0]! & 7;
  const stratum = bytes[1]!;
  if (mode !== 4) return { kind: 'bogus', check: 'mode' };
  if (version < 1 || version > 4) return { kind: 'bogus', check: 'version' };
  for (let i = 0; i < 8; i++) if (bytes[24 + i] !== ctx.sentTransmitBytes[i]) return { kind: 'bogus', check: 'origin-mismatch' };
  if (stratum === 0) {
    const code = kissCode(bytes.subarray(12, 16));
    if (code) return { kind: 'kod', code };
  }
  if (leap === 3 || stratum === 0 || stratum >= 16) return { kind: 'unsynchronized', leap, stratum };
  if (allZero(bytes, 32, 40) || allZero(bytes, 40, 48)) return { kind: 'bogus', check: 'zero-timestamp' };

  const t2 = timestampMs(bytes, 32, ctx.t1WallMs);
  const t3 = timestampMs(bytes, 40, ctx.t1WallMs);
  if (t2 === null || t3 === null) return { kind: 'borderline' };
  const delayMs = ctx.t4WallMs - ctx.t1WallMs - (t3 - t2);
  const toleranceMs = Math.pow(2, int8(bytes[3]!)) * 1000 + LOCAL_PRECISION_MS;
  if (Math.abs(delayMs + toleranceMs) < EPSILON_MS) return { kind: 'borderline' };
  if (delayMs < -toleranceMs) return { kind: 'bogus', check: 'negative-delay' };
  const rootDistanceMs = (u32(bytes, 4) * 1000) / 65536 / 2 + (u32(bytes, 8) * 1000) / 65536;
  if (Math.abs(rootDistanceMs - ROOT_DISTANCE_LIMIT_MS) < EPSILON_MS) return { kind: 'borderline' };
  if (rootDistanceMs >= ROOT_DISTANCE_LIMIT_MS) return { kind: 'bogus', check: 'root-distance' };
  return { kind: 'good', offsetMs: (t2 - ctx.t1WallMs + (t3 - ctx.t4WallMs)) / 2, delayMs: Math.max(0, delayMs) };
}

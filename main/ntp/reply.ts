/** Every check RFC 4330/5905 asks of a client before it believes a reply, then the arithmetic. */
import { offsetAndDelay } from './arithmetic.js';
import { decodePacket, kissCode, MODE_SERVER, type NtpPacket } from './packet.js';
import { isZero, ntpToUnixMs, sameTimestamp, type NtpTimestamp } from './timestamp.js';

/** Names of the checks a bogus reply can fail (travel as `Failure.code`). */
export type BogusCheck =
  | 'length'
  | 'mode'
  | 'version'
  | 'origin-mismatch'
  | 'zero-timestamp'
  | 'negative-delay'
  | 'root-distance';

export type ReplyVerdict =
  | { kind: 'good'; packet: NtpPacket; offsetMs: number; delayMs: number }
  | { kind: 'bogus'; check: BogusCheck }
  | { kind: 'kod'; code: string }
  | { kind: 'unsynchronized'; leap: number; stratum: number };

/** Root delay / 2 + root dispersion at or above this means the server cannot vouch for its time (RFC 5905 MAXDISP). */
const MAX_ROOT_DISTANCE_MS = 16_000;
/** Our own clock's read-out resolution, added to the server's precision when judging a negative delay. */
export const LOCAL_PRECISION_MS = 0.01;

export interface RequestContext {
  /** The transmit timestamp we sent, which the reply must echo as its origin. */
  sentTransmit: NtpTimestamp;
  t1WallMs: number;
  t4WallMs: number;
}

export function evaluateReply(datagram: Buffer, request: RequestContext): ReplyVerdict {
  const packet = decodePacket(datagram);
  if (!packet) return { kind: 'bogus', check: 'length' };
  if (packet.mode !== MODE_SERVER) return { kind: 'bogus', check: 'mode' };
  if (packet.version < 1 || packet.version > 4) return { kind: 'bogus', check: 'version' };
  // Only a reply that proves it answers our request may make us back off or stop, so origin comes first.
  if (!sameTimestamp(packet.originTimestamp, request.sentTransmit)) return { kind: 'bogus', check: 'origin-mismatch' };

  const kiss = kissCode(packet);
  if (kiss) return { kind: 'kod', code: kiss };
  if (packet.leap === 3 || packet.stratum === 0 || packet.stratum >= 16) {
    return { kind: 'unsynchronized', leap: packet.leap, stratum: packet.stratum };
  }
  if (isZero(packet.receiveTimestamp) || isZero(packet.transmitTimestamp)) return { kind: 'bogus', check: 'zero-timestamp' };

  const t2 = ntpToUnixMs(packet.receiveTimestamp, request.t1WallMs);
  const t3 = ntpToUnixMs(packet.transmitTimestamp, request.t1WallMs);
  const { offsetMs, delayMs } = offsetAndDelay(request.t1WallMs, t2, t3, request.t4WallMs);
  const tolerance = 2 ** packet.precision * 1000 + LOCAL_PRECISION_MS;
  if (delayMs < -tolerance) return { kind: 'bogus', check: 'negative-delay' };
  if (packet.rootDelayMs / 2 + packet.rootDispersionMs >= MAX_ROOT_DISTANCE_MS) return { kind: 'bogus', check: 'root-distance' };
  return { kind: 'good', packet, offsetMs, delayMs: Math.max(0, delayMs) };
}

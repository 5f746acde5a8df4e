/**
 * One command to a daemon's UDP port (chrony's cmdmon, ntpd's mode 6) within what is left of a read's deadline: the
 * NTP client's exchange loop, with the failures a daemon read reports.
 */
import type { Clock } from '../ntp/clock.js';
import { exchangeDatagram, type Judgement, type ResolvedAddress, type SocketFactory } from '../ntp/exchange.js';
import type { DaemonFailure } from './daemon-failure.js';

/** What a command over UDP can fail with: every daemon failure but a missing program (none is run). */
export type CommandFailure = Exclude<DaemonFailure, { kind: 'tool-missing' }>;

/** One command's outcome: its decoded value, or why there is none. */
export type Step<T> = { ok: true; value: T } | { ok: false; failure: CommandFailure };

/** Where a read's commands go, and the one deadline (monotonic ms) they all share. */
export interface CommandPort {
  target: ResolvedAddress;
  port: number;
  deadline: number;
  clock: Clock;
  makeSocket: SocketFactory;
}

/**
 * Sends `packet` and waits for the datagram `judge` accepts (others are not ours and the wait goes on). `onSilence`
 * may say what silence until the deadline means instead of no-reply (ntpd: an answer whose fragments never completed).
 */
export async function sendCommand<T>(
  to: CommandPort,
  packet: Buffer,
  judge: (datagram: Buffer) => Judgement<Step<T>>,
  onSilence?: () => Step<T> | undefined,
): Promise<Step<T>> {
  const remaining = Math.floor(to.deadline - to.clock.monoMs());
  if (remaining <= 0) return { ok: false, failure: { kind: 'no-reply' } };
  // The shared loop hands an NTP transmit timestamp to the judge; these protocols match on their own sequence instead.
  const exchange = await exchangeDatagram<Step<T>>(to.target, to.port, remaining, to.clock, { packet, transmit: { seconds: 0, fraction: 0 } }, judge, to.makeSocket);
  if (exchange.kind === 'reply') return exchange.result;
  if (exchange.kind === 'timeout') return onSilence?.() ?? { ok: false, failure: { kind: 'no-reply', ...(exchange.lastRejected && { rejected: exchange.lastRejected }) } };
  if (exchange.code === 'ECONNREFUSED') return { ok: false, failure: { kind: 'not-running' } };
  return { ok: false, failure: { kind: 'socket-error', code: exchange.code } };
}

/**
 * Reads a chronyd over UDP cmdmon (the read-only commands open to any local user): tracking, then each source and
 * its statistics. One request at a time, one overall deadline, a bounded number of sources; never throws.
 */
import { createSystemClock, type Clock } from '../ntp/clock.js';
import { createUdpSocket, type ResolvedAddress, type SocketFactory } from '../ntp/exchange.js';
import { sendCommand, type CommandFailure, type CommandPort, type Step } from './command-exchange.js';
import { randomUint16 } from '../ntp/random-bits.js';
import {
  decodeSourceCount,
  decodeSourceData,
  decodeSourceStats,
  decodeTracking,
  type ChronySource,
  type ChronySourceStats,
  type ChronyTracking,
} from './chrony-reports.js';
import { checkReply, encodeRequest, STATUS_UNAUTHORISED, type CommandName } from './chrony-wire.js';
import type { Parsed } from './daemon-failure.js';

/** chronyd's command port. */
export const DEFAULT_CHRONY_PORT = 323;

/** One source as chronyd sees it, with its statistics (null when they could not be read). */
export interface ChronySourceEntry {
  source: ChronySource;
  stats: ChronySourceStats | null;
}

/** What one read found. `sources` is null when tracking answered but the source list did not (a daemon is not "down" for that). */
export interface ChronyReport {
  tracking: ChronyTracking;
  sources: ChronySourceEntry[] | null;
  /** chronyd has more sources than were read (options.maxSources). */
  truncated: boolean;
}

/** Why a chrony read failed: the kinds every reader shares (chrony never reports a missing tool). */
export type ChronyFailure = CommandFailure;

export type ChronyRead = { ok: true; report: ChronyReport } | { ok: false; failure: ChronyFailure };

export interface ChronyReadOptions {
  /** The whole read's deadline (ms), all requests together. */
  timeoutMs: number;
  /** At most this many sources are read (default 16). */
  maxSources?: number;
  clock?: Clock;
  createSocket?: SocketFactory;
}

/** STT_NOSUCHSOURCE: the list shrank between our requests (a pool replaced a member). */
const STATUS_NO_SUCH_SOURCE = 4;

const sharedClock = createSystemClock();

export async function readChrony(target: ResolvedAddress, port: number, options: ChronyReadOptions): Promise<ChronyRead> {
  const clock = options.clock ?? sharedClock;
  const deadline = clock.monoMs() + options.timeoutMs;
  const to: CommandPort = { target, port, deadline, clock, makeSocket: options.createSocket ?? createUdpSocket };
  const ask = <T>(command: CommandName, decode: (body: Buffer) => Parsed<T>, index = 0) => request(to, command, decode, index);

  const tracking = await ask('tracking', decodeTracking);
  if (!tracking.ok) return tracking;
  const count = await ask('nSources', decodeSourceCount);
  if (!count.ok) return { ok: true, report: { tracking: tracking.value, sources: null, truncated: false } };
  const wanted = Math.min(count.value, options.maxSources ?? 16);
  const sources: ChronySourceEntry[] = [];
  for (let index = 0; index < wanted; index++) {
    const source = await ask('sourceData', decodeSourceData, index);
    if (!source.ok) {
      if (source.failure.kind === 'status' && source.failure.status === STATUS_NO_SUCH_SOURCE) break;
      return { ok: true, report: { tracking: tracking.value, sources: null, truncated: false } };
    }
    const stats = await ask('sourceStats', decodeSourceStats, index);
    sources.push({ source: source.value, stats: stats.ok ? stats.value : null });
  }
  return { ok: true, report: { tracking: tracking.value, sources, truncated: count.value > wanted } };
}

/** One request and its checked, decoded reply within what is left of the deadline. */
function request<T>(to: CommandPort, command: CommandName, decode: (body: Buffer) => Parsed<T>, index: number): Promise<Step<T>> {
  const sequence = ((randomUint16() << 16) | randomUint16()) >>> 0;
  return sendCommand<T>(to, encodeRequest(command, sequence, index), (datagram) => {
    const reply = checkReply(datagram, command, sequence);
    if (reply.kind === 'not-ours') return { reject: reply.check };
    return { accept: judged(reply, command, decode) };
  });
}

function judged<T>(reply: Exclude<ReturnType<typeof checkReply>, { kind: 'not-ours' }>, command: CommandName, decode: (body: Buffer) => Parsed<T>): Step<T> {
  if (reply.kind === 'status') {
    return { ok: false, failure: reply.status === STATUS_UNAUTHORISED ? { kind: 'refused', how: 'chrony-501' } : { kind: 'status', status: reply.status, command } };
  }
  if (reply.kind === 'invalid') return { ok: false, failure: { kind: 'invalid-reply', command, check: reply.check } };
  const decoded = decode(reply.body);
  return decoded.ok ? decoded : { ok: false, failure: { kind: 'invalid-reply', command, check: decoded.check } };
}

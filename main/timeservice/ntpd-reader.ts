/**
 * Reads an ntpd or ntpsec over NTP mode 6 (UDP, the read-only commands ntpq uses): the system variables, then the
 * association list and each association's variables. One request at a time, one overall deadline, answers bounded
 * in size and fragments, a bounded number of peers; never throws.
 */
import { createSystemClock, type Clock } from '../ntp/clock.js';
import { createUdpSocket, exchangeOnce, type ResolvedAddress, type SocketFactory } from '../ntp/exchange.js';
import { randomUint16 } from '../ntp/random-bits.js';
import { sendCommand, type CommandFailure, type CommandPort, type Step } from './command-exchange.js';
import { checkFragment, decodeAssociations, encodeRequest, parseVariables, Reassembly, type Opcode } from './mode6-wire.js';
import { PEER_VARIABLES, peerVariables, SYSTEM_VARIABLES, systemVariables, type NtpdPeer, type NtpdSystem } from './ntpd-vars.js';

/** ntpd answers control messages on the NTP port. */
export const DEFAULT_NTPD_PORT = 123;

/** What one read found. `peers` is null when the system variables answered but the peer list did not. */
export interface NtpdReport {
  system: NtpdSystem;
  peers: NtpdPeer[] | null;
  /** ntpd has more associations than were read (options.maxPeers). */
  truncated: boolean;
}

/** A read's report, or why it failed (ntpd's reader runs no program, so never tool-missing). */
export type NtpdRead = { ok: true; report: NtpdReport } | { ok: false; failure: CommandFailure };

/** The read's bounds, and its clock and sockets (replaceable in tests). */
export interface NtpdReadOptions {
  /** The whole read's deadline (ms), all requests together. */
  timeoutMs: number;
  /** At most this many associations are read (default 16). */
  maxPeers?: number;
  clock?: Clock;
  createSocket?: SocketFactory;
  /** The wall clock for reference times (default Date.now). */
  nowMs?: () => number;
}

const sharedClock = createSystemClock();

/** Reads ntpd at `target`:`port` once; never throws. */
export async function readNtpd(target: ResolvedAddress, port: number, options: NtpdReadOptions): Promise<NtpdRead> {
  const clock = options.clock ?? sharedClock;
  const makeSocket = options.createSocket ?? createUdpSocket;
  const nowMs = options.nowMs ?? Date.now;
  const start = clock.monoMs();
  const deadline = start + options.timeoutMs;
  // Kept back for one plain NTP probe if mode 6 stays silent: it tells `noquery` from nothing there.
  const probeReserve = Math.min(500, options.timeoutMs / 4);
  const ask = (opcode: Opcode, associd: number, names: readonly string[] = [], until = deadline) => request({ target, port, deadline: until, clock, makeSocket }, opcode, associd, names);

  const first = await ask('readvar', 0, SYSTEM_VARIABLES, deadline - probeReserve);
  if (!first.ok) {
    if (first.failure.kind !== 'no-reply') return first;
    return { ok: false, failure: (await answersNtp(target, port, deadline, clock, makeSocket)) ? { kind: 'refused', how: 'ntpd-noquery' } : first.failure };
  }
  const vars = parseVariables(first.value.data);
  if (!vars.ok) return invalid('readvar 0', vars.check);
  const system = systemVariables(vars.value, nowMs());
  if (!system.ok) return invalid('readvar 0', system.check);

  const noPeers = { ok: true as const, report: { system: system.value, peers: null, truncated: false } };
  const list = await ask('readstat', 0);
  if (!list.ok) return noPeers;
  const associations = decodeAssociations(list.value.data);
  if (!associations.ok) return noPeers;
  const wanted = associations.value.slice(0, options.maxPeers ?? 16);
  const peers: NtpdPeer[] = [];
  for (const { associd, status } of wanted) {
    const answer = await ask('readvar', associd, PEER_VARIABLES);
    if (!answer.ok) return noPeers;
    const peerVars = parseVariables(answer.value.data);
    const peer = peerVars.ok ? peerVariables(associd, status, peerVars.value) : peerVars;
    // One association we cannot make sense of does not sink the others (a refclock without an address, say).
    if (peer.ok) peers.push(peer.value);
  }
  return { ok: true, report: { system: system.value, peers, truncated: associations.value.length > wanted.length } };
}

function invalid(command: string, check: string): NtpdRead {
  return { ok: false, failure: { kind: 'invalid-reply', command, check } };
}

/** One request and its reassembled answer within what is left of the deadline. */
function request(to: CommandPort, opcode: Opcode, associd: number, names: readonly string[]): Promise<Step<{ status: number; data: Buffer }>> {
  const sequence = randomUint16() || 1;
  const command = `${opcode} ${associd}`;
  const parts = new Reassembly();
  return sendCommand<{ status: number; data: Buffer }>(
    to,
    encodeRequest(opcode, sequence, associd, names),
    (datagram) => {
      const fragment = checkFragment(datagram, opcode, sequence, associd);
      if (fragment.kind === 'not-ours') return { reject: fragment.check };
      if (fragment.kind === 'error') return { accept: { ok: false, failure: { kind: 'status', status: fragment.code, command } } };
      if (fragment.kind === 'invalid') return { accept: { ok: false, failure: { kind: 'invalid-reply', command, check: fragment.check } } };
      const whole = parts.add(fragment);
      if (whole === null) return { reject: 'awaiting-fragments' };
      return { accept: whole.ok ? { ok: true, value: { status: parts.status, data: whole.data } } : { ok: false, failure: { kind: 'invalid-reply', command, check: whole.check } } };
    },
    () => (parts.partial ? { ok: false, failure: { kind: 'invalid-reply', command, check: 'fragments-missing' } } : undefined),
  );
}

/** Whether an NTP server answers a plain client request on that port (any reply that passes the NTP checks). */
async function answersNtp(target: ResolvedAddress, port: number, deadline: number, clock: Clock, makeSocket: SocketFactory): Promise<boolean> {
  const remaining = Math.floor(deadline - clock.monoMs());
  if (remaining <= 0) return false;
  return (await exchangeOnce(target, port, remaining, clock, makeSocket)).kind === 'reply';
}

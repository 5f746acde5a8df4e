/**
 * One request and its reply over one UDP socket, with every socket fault turned into a value, never an exception.
 * The loop is shared: plain NTP (exchangeOnce) and NTS (exchangeDatagram with its own packet and judge) use it.
 */
import { createSocket, type Socket, type SocketOptions } from 'node:dgram';
import type { Clock } from './clock.js';
import { ipFamily } from './ip-literal.js';
import { buildRequest } from './packet.js';
import { evaluateReply, type ReplyVerdict } from './reply.js';
import type { NtpTimestamp } from './timestamp.js';

/** Makes the UDP socket of one exchange; createUdpSocket unless a test injects faults. */
export type SocketFactory = (type: 'udp4' | 'udp6') => Socket;

/**
 * dgram passes every address it binds or connects to through a lookup, by default dns.lookup, and loads node:dns for
 * it (about 1 ms of each fresh `check`, issue 19). Ours are IP addresses resolved before (ResolvedAddress), and the
 * wildcard dgram binds to: they are handed back as they are, and anything else is refused.
 */
const alreadyResolved: NonNullable<SocketOptions['lookup']> = (address, _options, callback) => {
  const family = ipFamily(address);
  if (family === 0) callback(Object.assign(new Error(`${address} is not an IP address`), { code: 'EINVAL' }), '', 4);
  else callback(null, address, family);
};

/** A UDP socket for addresses resolved already, which dgram does not look up again. */
export const createUdpSocket: SocketFactory = (type) => createSocket({ type, lookup: alreadyResolved });

/** Where to send: one resolved IP address of the server. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** How an exchange ended: an accepted reply and what the judge made of it, silence, or a socket that failed (its errno code). */
export type DatagramExchange<R> =
  | { kind: 'reply'; result: R; t4WallMs: number }
  | { kind: 'timeout'; lastRejected?: string }
  | { kind: 'socket-error'; code: string };

/** A plain NTP exchange: the accepted reply's verdict (never `bogus`: those are rejected and the wait goes on). */
export type Exchange = DatagramExchange<ReplyVerdict>;

/** What was sent: the transmit timestamp the reply must echo, our T1, and the reply's T4, on the wall clock. */
export interface SentRequest {
  sentTransmit: NtpTimestamp;
  t1WallMs: number;
  t4WallMs: number;
}

/** A judge either accepts a datagram (the exchange ends) or rejects it with a reason (the wait goes on). */
export type Judgement<R> = { accept: R } | { reject: string };

/** What goes on the wire, built whole before T1 is read, and the transmit timestamp the reply must echo. */
export interface DatagramRequest {
  packet: Buffer;
  transmit: NtpTimestamp;
}

/**
 * Codes that say this computer ran out of something (descriptors, buffers, memory), not that the server or the path
 * to it failed. `EAGAIN` is a full send buffer. Internal Node errors (`ERR_...`) and errors without a code are ours
 * too: they come from our side of the socket, never from the server.
 */
const LOCAL_RESOURCE_CODES = new Set(['EMFILE', 'ENFILE', 'ENOBUFS', 'ENOMEM', 'EAGAIN', 'EWOULDBLOCK']);

/** Whether a socket error code is a failure of this computer's own resources rather than of the server or route. */
export function isLocalSocketError(code: string): boolean {
  return LOCAL_RESOURCE_CODES.has(code) || code.startsWith('ERR_') || code === 'ERROR';
}

/** Plain NTP: a request with a random transmit timestamp; replies that fail a check of evaluateReply are rejected. */
export function exchangeOnce(
  target: ResolvedAddress,
  port: number,
  timeoutMs: number,
  clock: Clock,
  makeSocket: SocketFactory = createUdpSocket,
): Promise<Exchange> {
  return exchangeDatagram<ReplyVerdict>(
    target,
    port,
    timeoutMs,
    clock,
    buildRequest(),
    (datagram, sent) => {
      const verdict = evaluateReply(datagram, sent);
      return verdict.kind === 'bogus' ? { reject: verdict.check } : { accept: verdict };
    },
    makeSocket,
  );
}

/**
 * Sends one request on a connected socket (so the kernel drops datagrams from any other address or port, and an
 * ICMP "port unreachable" surfaces at once as ECONNREFUSED) and waits for the first reply the judge accepts.
 * A rejected reply could be forged or stale, so its reason is remembered and the wait goes on.
 * Every step that can throw or report an error (creating, binding, connecting, sending, a listener and the judge) is
 * guarded: whatever goes wrong ends this exchange as a `socket-error`, and nothing is sent after a
 * failed connect.
 */
export function exchangeDatagram<R>(
  target: ResolvedAddress,
  port: number,
  timeoutMs: number,
  clock: Clock,
  outgoing: DatagramRequest,
  judge: (datagram: Buffer, sent: SentRequest) => Judgement<R>,
  makeSocket: SocketFactory = createUdpSocket,
): Promise<DatagramExchange<R>> {
  return new Promise((resolve) => {
    let socket: Socket | undefined;
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    let lastRejected: string | undefined;
    let request: { transmit: NtpTimestamp; t1WallMs: number; t1MonoMs: number } | undefined;

    const finish = (exchange: DatagramExchange<R>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (socket) closeQuietly(socket);
      resolve(exchange);
    };
    const fail = (error: unknown) => finish({ kind: 'socket-error', code: errorCode(error) });
    /** A throw inside a socket callback would otherwise be an uncaught exception that kills the whole process. */
    const guarded =
      <A extends unknown[]>(step: (...args: A) => void) =>
      (...args: A) => {
        try {
          step(...args);
        } catch (error) {
          fail(error);
        }
      };

    const onMessage = (datagram: Buffer, remote: { address: string; port: number }) => {
      if (!request) return;
      const t4WallMs = request.t1WallMs + (clock.monoMs() - request.t1MonoMs);
      if (remote.port !== port || normalizeIp(remote.address) !== normalizeIp(target.address)) return;
      const judgement = judge(datagram, { sentTransmit: request.transmit, t1WallMs: request.t1WallMs, t4WallMs });
      if ('reject' in judgement) {
        lastRejected = judgement.reject;
        return;
      }
      finish({ kind: 'reply', result: judgement.accept, t4WallMs });
    };
    const onConnected = (error?: Error | null) => {
      if (settled) return;
      // Node hands a refused connect (no route, broadcast, no source address) to this callback, not to 'error'.
      if (error) return fail(error);
      // The packet is built before this (in the caller), so the send follows T1 at once: any work between the two
      // would count as path delay and move the offset by half of it.
      const t1WallMs = clock.wallMs();
      const t1MonoMs = clock.monoMs();
      request = { transmit: outgoing.transmit, t1WallMs, t1MonoMs };
      socket!.send(outgoing.packet, guarded((sendError: Error | null) => sendError && fail(sendError)));
    };

    guarded(() => {
      timer = setTimeout(() => finish({ kind: 'timeout', lastRejected }), timeoutMs);
      socket = makeSocket(target.family === 6 ? 'udp6' : 'udp4');
      // The implicit bind inside connect() reports EMFILE and the like here.
      socket.on('error', guarded(fail));
      socket.on('message', guarded(onMessage));
      socket.connect(port, target.address, guarded(onConnected));
    })();
  });
}

/**
 * Closing must not fail the exchange: its outcome is already known. The 'error' listener stays, so an error still
 * queued (a bind failure) lands in a finished exchange instead of crashing the process; late replies are ignored.
 */
function closeQuietly(socket: Socket): void {
  try {
    socket.close();
  } catch {
    // Already closed, or never opened.
  }
}

function normalizeIp(ip: string): string {
  return ipFamily(ip) === 6 ? ip.replace(/^::ffff:/, '').toLowerCase() : ip;
}

/** The errno-style code of an error (`EMFILE`, `ENETUNREACH`), or `ERROR` when it has none. */
export function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'ERROR';
}

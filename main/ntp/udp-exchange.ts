/** One request datagram and the wait for a reply that a caller-supplied judge accepts: shared by plain NTP and NTS. */
import { createSocket, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import type { Clock } from './clock.js';
import type { NtpTimestamp } from './timestamp.js';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** What was sent: the transmit timestamp the reply must echo, and our T1 on the wall clock. */
export interface SentRequest {
  sentTransmit: NtpTimestamp;
  t1WallMs: number;
  t4WallMs: number;
}

/** A judge either accepts a datagram (the exchange ends) or rejects it with a reason (the wait goes on). */
export type Judgement<R> = { accept: R } | { reject: string };

export type DatagramExchange<R> =
  | { kind: 'reply'; result: R; t4WallMs: number }
  | { kind: 'timeout'; lastRejected?: string }
  | { kind: 'socket-error'; code: string };

/**
 * Sends one request on a connected socket (so the kernel drops datagrams from any other address or port, and an
 * ICMP "port unreachable" surfaces at once as ECONNREFUSED) and waits for the first reply the judge accepts.
 * A rejected reply could be forged or stale, so its reason is remembered and the wait goes on.
 * `build` runs right after T1 is read, so it must be cheap (slow work belongs before the call).
 */
export function exchangeDatagram<R>(
  target: ResolvedAddress,
  port: number,
  timeoutMs: number,
  clock: Clock,
  build: (t1WallMs: number) => { packet: Buffer; transmit: NtpTimestamp },
  judge: (datagram: Buffer, sent: SentRequest) => Judgement<R>,
): Promise<DatagramExchange<R>> {
  return new Promise((resolve) => {
    const socket: Socket = createSocket(target.family === 6 ? 'udp6' : 'udp4');
    let settled = false;
    let lastRejected: string | undefined;
    let request: { transmit: NtpTimestamp; t1WallMs: number; t1MonoMs: number } | undefined;

    const finish = (exchange: DatagramExchange<R>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.removeAllListeners('message');
      socket.on('error', () => undefined);
      try {
        socket.close();
      } catch {
        // already closed
      }
      resolve(exchange);
    };
    const timer = setTimeout(() => finish({ kind: 'timeout', lastRejected }), timeoutMs);

    socket.on('error', (error) => finish({ kind: 'socket-error', code: errorCode(error) }));
    socket.on('message', (datagram, remote) => {
      if (!request) return;
      const t4WallMs = request.t1WallMs + (clock.monoMs() - request.t1MonoMs);
      if (remote.port !== port || normalizeIp(remote.address) !== normalizeIp(target.address)) return;
      const judgement = judge(datagram, { sentTransmit: request.transmit, t1WallMs: request.t1WallMs, t4WallMs });
      if ('reject' in judgement) {
        lastRejected = judgement.reject;
        return;
      }
      finish({ kind: 'reply', result: judgement.accept, t4WallMs });
    });
    socket.connect(port, target.address, () => {
      if (settled) return;
      const t1WallMs = clock.wallMs();
      const t1MonoMs = clock.monoMs();
      const built = build(t1WallMs);
      request = { transmit: built.transmit, t1WallMs, t1MonoMs };
      socket.send(built.packet, (error) => {
        if (error) finish({ kind: 'socket-error', code: errorCode(error) });
      });
    });
  });
}

function normalizeIp(ip: string): string {
  return isIP(ip) === 6 ? ip.replace(/^::ffff:/, '').toLowerCase() : ip;
}

/** The errno-style code of an error, or ERROR when it has none. */
export function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'ERROR';
}

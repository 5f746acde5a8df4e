/**
 * A UDP relay on loopback that holds each request and each reply for a random, unequal time (seeded), as a noisy
 * asymmetric path does: the asymmetry is what corrupts an NTP offset, and what a least-delay burst is meant to beat.
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { seededRandom } from './seeded-random.js';

export interface RelayOptions {
  /** Where requests go, e.g. a chronyd on 127.0.0.1. */
  targetPort: number;
  targetHost?: string;
  /** Each request is held a uniform random time in this range (ms) before it is passed on. */
  requestHoldMs: [number, number];
  /** Each reply likewise before it goes back. */
  replyHoldMs: [number, number];
  seed: number;
}

export interface UdpRelay {
  port: number;
  /** "127.0.0.1:PORT", as a user would type it. */
  server: string;
  close(): Promise<void>;
}

export async function startUdpRelay(options: RelayOptions): Promise<UdpRelay> {
  const random = seededRandom(options.seed);
  const hold = ([min, max]: [number, number]) => min + (max - min) * random();
  const targetHost = options.targetHost ?? '127.0.0.1';
  const front: Socket = createSocket('udp4');
  // One upstream socket per client, so each reply finds its way back to the client that asked.
  const upstream = new Map<string, Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, work: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      work();
    }, ms);
    timers.add(timer);
  };
  const upstreamFor = (client: RemoteInfo): Socket => {
    const key = `${client.address}:${client.port}`;
    let socket = upstream.get(key);
    if (!socket) {
      socket = createSocket('udp4');
      socket.on('error', () => undefined);
      socket.on('message', (reply) => later(hold(options.replyHoldMs), () => front.send(reply, client.port, client.address)));
      upstream.set(key, socket);
    }
    return socket;
  };
  front.on('error', () => undefined);
  front.on('message', (request, client) => {
    const socket = upstreamFor(client);
    later(hold(options.requestHoldMs), () => socket.send(request, options.targetPort, targetHost));
  });
  await new Promise<void>((resolve) => front.bind(0, '127.0.0.1', resolve));
  const port = front.address().port;
  return {
    port,
    server: `127.0.0.1:${port}`,
    async close() {
      for (const timer of timers) clearTimeout(timer);
      await Promise.all([front, ...upstream.values()].map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    },
  };
}

/** An in-process NTP server that sends the replies a real one will not send on demand. */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { decodePacket, encodePacket, MODE_SERVER, type NtpPacket } from '../../main/ntp/packet.js';
import { unixMsToNtp, type NtpTimestamp } from '../../main/ntp/timestamp.js';

/**
 * `offsetMs` shifts the server's timestamps; `delayMs` holds the reply back. To fake a symmetric path of D ms and a
 * true offset of O ms, use { offsetMs: O + D / 2, delayMs: D } (see `symmetric`).
 */
export interface ReplyShape {
  /** How far the fake server's timestamps are ahead of our clock at the moment the request arrives (ms). */
  offsetMs?: number;
  /** Time the server "spends" between receive and transmit (ms). */
  processingMs?: number;
  /** Fields to overwrite in the reply header. */
  fields?: Partial<NtpPacket>;
  /** Raw bytes to send instead of a well-formed reply. */
  raw?: Buffer;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Send from a second socket (another port). */
  fromOtherPort?: boolean;
  /** Do not answer at all. */
  silent?: boolean;
}

export interface FakeNtpServer {
  port: number;
  host: string;
  server: string;
  /** Requests received so far. */
  requests: number;
  /** Decides each reply; may change between queries. */
  shape: (request: NtpPacket, index: number) => ReplyShape;
  close(): Promise<void>;
}

export function symmetric(trueOffsetMs: number, roundTripMs: number): ReplyShape {
  return { offsetMs: trueOffsetMs + roundTripMs / 2, delayMs: roundTripMs };
}

/** A well-formed server reply header answering `origin`, stamped t2/t3 (Unix ms); `overrides` reshape it. */
export function serverPacket(origin: NtpTimestamp, t2: number, t3: number, overrides: Partial<NtpPacket> = {}): NtpPacket {
  return {
    leap: 0,
    version: 4,
    mode: MODE_SERVER,
    stratum: 2,
    poll: 6,
    precision: -20,
    rootDelayMs: 1,
    rootDispersionMs: 1,
    refIdBytes: Buffer.from([192, 0, 2, 1]),
    referenceTimestamp: unixMsToNtp(t2 - 1000),
    originTimestamp: origin,
    receiveTimestamp: unixMsToNtp(t2),
    transmitTimestamp: unixMsToNtp(t3),
    ...overrides,
  };
}

export function reply(request: NtpPacket, shape: ReplyShape, receivedAtMs: number): Buffer {
  if (shape.raw) return shape.raw;
  const t2 = receivedAtMs + (shape.offsetMs ?? 0);
  const t3 = t2 + (shape.processingMs ?? 0);
  return encodePacket(serverPacket(request.transmitTimestamp, t2, t3, { version: request.version, ...shape.fields }));
}

export async function startFakeNtpServer(
  shape: FakeNtpServer['shape'] = () => ({}),
  host: string = '127.0.0.1',
  /** A port to listen on (0: any free one); a pool's members on 127.0.0.2-5 share one. */
  listenPort = 0,
): Promise<FakeNtpServer> {
  const type = host.includes(':') ? 'udp6' : 'udp4';
  const socket: Socket = createSocket(type);
  const other: Socket = createSocket(type);
  const pending = new Set<NodeJS.Timeout>();
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(listenPort, host, () => (socket.off('error', reject), resolve()));
  });
  await new Promise<void>((resolve) => other.bind(0, host, resolve));
  const port = socket.address().port;
  const fake: FakeNtpServer = {
    port,
    host,
    server: host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`,
    requests: 0,
    shape,
    async close() {
      for (const timer of pending) clearTimeout(timer);
      await Promise.all([socket, other].map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    },
  };
  socket.on('message', (datagram: Buffer, remote: RemoteInfo) => {
    const receivedAt = Date.now();
    const request = decodePacket(datagram);
    if (!request) return;
    const s = fake.shape(request, fake.requests++);
    if (s.silent) return;
    const send = () => (s.fromOtherPort ? other : socket).send(reply(request, s, receivedAt), remote.port, remote.address);
    if (!s.delayMs) return send();
    const timer = setTimeout(() => {
      pending.delete(timer);
      send();
    }, s.delayMs);
    pending.add(timer);
  });
  return fake;
}

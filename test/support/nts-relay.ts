/** A UDP relay between an NTS client and chronyd that can tamper with replies or answer by itself (NTSN). */
import { createSocket, type RemoteInfo } from 'node:dgram';

/** What the relay does with one client request: forward it (reshaping the reply) or answer it itself. */
export type RelayAction = { forward: (reply: Buffer) => Buffer[] } | { answer: Buffer };

export interface NtsRelay {
  /** Requests seen so far. */
  requests: number;
  /** Decides per request; may be changed between queries. */
  action: (request: Buffer, index: number) => RelayAction;
  close(): Promise<void>;
}

/** Pass-through: the server's reply unchanged. */
export const passThrough: RelayAction = { forward: (reply) => [reply] };

/** Listens on `listenHost`:`port` and relays to 127.0.0.1:`port` (where chronyd serves NTP). */
export async function startNtsRelay(listenHost: string, port: number): Promise<NtsRelay> {
  const front = createSocket('udp4');
  await new Promise<void>((resolve) => front.bind(port, listenHost, resolve));
  const relay: NtsRelay = {
    requests: 0,
    action: () => passThrough,
    close: async () => {
      await new Promise<void>((resolve) => front.close(() => resolve()));
    },
  };
  front.on('message', (request: Buffer, client: RemoteInfo) => {
    const action = relay.action(request, relay.requests++);
    if ('answer' in action) return front.send(action.answer, client.port, client.address);
    const back = createSocket('udp4');
    back.on('message', (reply) => {
      for (const datagram of action.forward(reply)) front.send(datagram, client.port, client.address);
      back.close();
    });
    back.send(request, port, '127.0.0.1');
  });
  return relay;
}

import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { createUdpSocket, exchangeDatagram, type ResolvedAddress } from '../../main/ntp/exchange.js';
import { createSystemClock } from '../../main/ntp/clock.js';

/** A loopback UDP server that answers each datagram with itself, reversed. */
async function echo(type: 'udp4' | 'udp6', address: string): Promise<Socket> {
  const server = createSocket(type);
  server.on('message', (datagram, remote) => server.send(Buffer.from(datagram).reverse(), remote.port, remote.address));
  await new Promise<void>((done) => server.bind(0, address, done));
  return server;
}

const servers: Socket[] = [];
afterEach(() => servers.splice(0).forEach((server) => server.close()));

const clock = createSystemClock();
const request = { packet: Buffer.from('ping'), transmit: { seconds: 0, fraction: 0 } };
const accept = (datagram: Buffer) => ({ accept: datagram.toString() });

describe('createUdpSocket, for addresses resolved already', () => {
  it.each([
    ['udp4', '127.0.0.1', 4],
    ['udp6', '::1', 6],
  ] as const)('exchanges with %s %s without looking the address up again', async (type, address, family) => {
    const server = await echo(type, address);
    servers.push(server);
    const target: ResolvedAddress = { address, family };
    const exchange = await exchangeDatagram(target, server.address().port, 2000, clock, request, accept, createUdpSocket);
    expect(exchange).toMatchObject({ kind: 'reply', result: 'gnip' });
  });

  it('refuses a host name, which only the resolver may turn into an address', async () => {
    const exchange = await exchangeDatagram({ address: 'localhost', family: 4 }, 123, 2000, clock, request, accept, createUdpSocket);
    expect(exchange).toEqual({ kind: 'socket-error', code: 'EINVAL' });
  });
});

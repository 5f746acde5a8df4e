/** An NTS-KE server of our own on loopback, for answers chronyd will not give (a Server record naming `host:port`). */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createServer } from 'node:tls';
import { encodeRecord, RECORD, u16List } from '../../main/ntp/nts/ke-records.js';
import type { TestPki } from './nts-chronyd.js';

export interface FakeNtsKe {
  port: number;
  close(): Promise<void>;
}

/** Answers every key exchange with NTPv4, AES-SIV, one cookie and the given NTPv4 Server record, with the test CA's certificate. */
export async function startFakeNtsKe(pki: TestPki, serverRecord: string): Promise<FakeNtsKe> {
  const server = createServer(
    { key: readFileSync(join(pki.dir, 'good.key')), cert: readFileSync(join(pki.dir, 'good.crt')), ALPNProtocols: ['ntske/1'], minVersion: 'TLSv1.3' },
    (socket) => {
      socket.once('data', () =>
        socket.end(
          Buffer.concat([
            encodeRecord(RECORD.NEXT_PROTOCOL, true, u16List(0)),
            encodeRecord(RECORD.AEAD, true, u16List(15)),
            encodeRecord(RECORD.NEW_COOKIE, false, Buffer.alloc(100, 7)),
            encodeRecord(RECORD.SERVER, true, Buffer.from(serverRecord, 'latin1')),
            encodeRecord(RECORD.END, true),
          ]),
        ),
      );
      socket.on('error', () => undefined);
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/**
 * The mode 6 reader over UDP against a stand-in that answers the way a real ntpd may but ntpsec on loopback does not
 * here: an answer in fragments out of order, an error answer, fragments that never complete, a datagram not ours.
 */
import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { readNtpd } from '../../main/timeservice/ntpd-reader.js';

const loopback = { address: '127.0.0.1', family: 4 as const };
const SYSTEM = 'leap=0, stratum=2, rootdelay=1.250, rootdisp=3.500, refid=192.0.2.1,\r\nreftime=0xeec01d48.2e1aa087, tc=6, peer=0, offset=-0.125000,\r\nversion="ntpd 4.2.8p15"\r\n';

type Answer = (request: Buffer) => Buffer[];
let close: (() => void) | undefined;
afterEach(() => close?.());

/** A mode 6 stand-in on loopback: each request gets the datagrams `answer` makes of it. */
async function fakeNtpd(answer: Answer): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  socket.on('message', (request, remote) => {
    for (const datagram of answer(request)) socket.send(datagram, remote.port, remote.address);
  });
  close = () => socket.close();
  return socket.address().port;
}

/** One answer fragment to `request`: its sequence, opcode and association echoed. */
function fragment(request: Buffer, data: string, offset: number, more: boolean, error = 0): Buffer {
  const body = Buffer.from(data, 'latin1');
  const packet = Buffer.alloc(12 + Math.ceil(body.length / 4) * 4);
  packet[0] = 0x16;
  packet[1] = 0x80 | (error ? 0x40 : 0) | (more ? 0x20 : 0) | (request[1]! & 0x1f);
  request.copy(packet, 2, 2, 4);
  packet.writeUInt16BE(error ? error << 8 : 0x0615, 4);
  request.copy(packet, 6, 6, 8);
  packet.writeUInt16BE(offset, 8);
  packet.writeUInt16BE(body.length, 10);
  body.copy(packet, 12);
  return packet;
}

/** The system variables in three fragments, last first; no associations. */
const inPieces: Answer = (request) => {
  if ((request[1]! & 0x1f) === 1) return [fragment(request, '', 0, false)];
  const cuts = [0, 40, 100, SYSTEM.length];
  return [2, 0, 1].map((i) => fragment(request, SYSTEM.slice(cuts[i], cuts[i + 1]), cuts[i]!, i < 2));
};

describe('readNtpd over UDP, fragments and errors', () => {
  it('reassembles an answer that came in fragments out of order', async () => {
    const port = await fakeNtpd(inPieces);
    const read = await readNtpd(loopback, port, { timeoutMs: 1000 });
    expect(read).toMatchObject({ ok: true, report: { system: { leap: 0, stratum: 2, offsetMs: -0.125, rootDelayMs: 1.25, rootDispersionMs: 3.5, refId: '192.0.2.1', timeConstant: 6, version: 'ntpd 4.2.8p15' }, peers: [], truncated: false } });
  });

  it('waits past a datagram that is not ours (another sequence) for the real answer', async () => {
    const port = await fakeNtpd((request) => {
      const stale = Buffer.from(request);
      stale.writeUInt16BE((request.readUInt16BE(2) + 1) & 0xffff, 2);
      return [fragment(stale, 'leap=3', 0, false), ...inPieces(request)];
    });
    expect(await readNtpd(loopback, port, { timeoutMs: 1000 })).toMatchObject({ ok: true, report: { system: { leap: 0 } } });
  });

  it('an error answer is a status with its code (5: unknown variable)', async () => {
    const port = await fakeNtpd((request) => [fragment(request, '', 0, false, 5)]);
    expect(await readNtpd(loopback, port, { timeoutMs: 1000 })).toEqual({ ok: false, failure: { kind: 'status', status: 5, command: 'readvar 0' } });
  });

  it('fragments that never complete fail as such at the deadline, not as silence', async () => {
    const port = await fakeNtpd((request) => [fragment(request, SYSTEM.slice(0, 40), 0, true)]);
    expect(await readNtpd(loopback, port, { timeoutMs: 600 })).toEqual({ ok: false, failure: { kind: 'invalid-reply', command: 'readvar 0', check: 'fragments-missing' } });
  });

  it('a value that fails its check names the variable', async () => {
    const port = await fakeNtpd((request) => [fragment(request, SYSTEM.replace('stratum=2', 'stratum=99'), 0, false)]);
    expect(await readNtpd(loopback, port, { timeoutMs: 1000 })).toEqual({ ok: false, failure: { kind: 'invalid-reply', command: 'readvar 0', check: 'stratum' } });
  });
});

/** queryNts against a real NTS server (chronyd on loopback, test CA by openssl), with relays that tamper or kiss. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodePacket, decodePacket } from '../../../main/ntp/packet.js';
import { FIELD, field } from '../../../main/ntp/nts/nts-packet.js';
import { queryNts } from '../../../main/ntp/nts/query-nts.js';
import { createNtsSession } from '../../../main/ntp/nts/session.js';
import type { QueryResult } from '../../../main/ntp/result.js';
import { chronydNtsOffsetMs, makeTestPki, startNtsChronyd, startPlainTcpService, type NtsChronyd, type TestPki } from '../../support/nts-chronyd.js';
import { passThrough, startNtsRelay, type NtsRelay } from '../../support/nts-relay.js';
import { startFakeNtsKe, type FakeNtsKe } from '../../support/fake-nts-ke.js';
import { nts } from '../../support/addresses.js';
import { failureWords } from '../../../main/i18n/failure-words.js';

let pki: TestPki;
let direct: NtsChronyd;
let relayed: NtsChronyd;
let relay: NtsRelay;
let expired: NtsChronyd;
let wrongHost: NtsChronyd;
let elsewhere: NtsChronyd;
let hostAndPort: FakeNtsKe;
let plainTcp: Awaited<ReturnType<typeof startPlainTcpService>>;

beforeAll(async () => {
  pki = makeTestPki();
  [direct, relayed, expired, wrongHost, elsewhere] = await Promise.all([
    startNtsChronyd(pki),
    // Its key exchange sends clients to 127.0.0.2, where the relay listens and forwards to chronyd on 127.0.0.1.
    startNtsChronyd(pki, { ntpServer: '127.0.0.2' }),
    startNtsChronyd(pki, { cert: 'expired' }),
    startNtsChronyd(pki, { cert: 'wrong-host' }),
    // Its key exchange sends clients to 127.0.0.3, where nothing listens.
    startNtsChronyd(pki, { ntpServer: '127.0.0.3' }),
  ]);
  hostAndPort = await startFakeNtsKe(pki, '127.0.0.1:99');
  relay = await startNtsRelay('127.0.0.2', relayed.ntpPort);
  plainTcp = await startPlainTcpService();
});
afterAll(async () => {
  await relay?.close();
  await plainTcp?.close();
  await hostAndPort?.close();
  await Promise.all([direct, relayed, expired, wrongHost, elsewhere].map((s) => s?.stop()));
  pki?.remove();
});

const options = () => ({ timeoutMs: 2000, ca: pki.caPem });

function expectFailure(result: QueryResult, kind: string, code?: RegExp) {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.failure.kind).toBe(kind);
  if (code) expect(result.failure.code).toMatch(code);
}

describe('queryNts against chronyd', () => {
  it('measures an authenticated offset that agrees with chronyd as NTS client within 2 ms', async () => {
    // As NTP's clock filter does, the sample with the least delay is the one to trust (the machine may be busy).
    const session = createNtsSession();
    const samples = [];
    for (let poll = 0; poll < 8; poll++) {
      const result = await queryNts(nts(direct.server), { ...options(), session });
      expect(result.ok).toBe(true);
      if (result.ok) samples.push(result.sample);
    }
    const best = samples.reduce((a, b) => (b.delayMs < a.delayMs ? b : a));
    expect(best).toMatchObject({ authenticated: true, stratum: 8, refId: '127.127.1.1', port: direct.kePort, host: '127.0.0.1' });
    const theirs = chronydNtsOffsetMs(pki, direct);
    expect(Math.abs(best.offsetMs - theirs)).toBeLessThan(2);
  });

  it('polls with cookies: one key exchange for many polls, each cookie sent once, the jar kept full', async () => {
    const session = createNtsSession();
    const cookiesSent: string[] = [];
    relay.action = (request) => {
      const at = request.indexOf(Buffer.from([0x02, 0x04]), 48);
      cookiesSent.push(request.subarray(at, at + request.readUInt16BE(at + 2)).toString('hex'));
      return passThrough;
    };
    for (let poll = 0; poll < 5; poll++) {
      const result = await queryNts(nts(relayed.server), { ...options(), session });
      expect(result.ok && result.sample.authenticated).toBe(true);
    }
    expect(session.keyExchanges).toBe(1);
    expect(session.cookies).toHaveLength(8);
    expect(new Set(cookiesSent).size).toBe(5);
  });

  it('runs a new key exchange when the cookies run out (replies lost)', async () => {
    const session = createNtsSession();
    relay.action = () => ({ forward: () => [] });
    for (let poll = 0; poll < 8; poll++) expectFailure(await queryNts(nts(relayed.server), { ...options(), timeoutMs: 200, session }), 'timeout');
    expect(session.cookies).toHaveLength(0);
    relay.action = () => passThrough;
    const result = await queryNts(nts(relayed.server), { ...options(), session });
    expect(result.ok).toBe(true);
    expect(session.keyExchanges).toBe(2);
  });

  it('answers NTSN with a new key exchange, once, then measures', async () => {
    const session = createNtsSession();
    relay.requests = 0;
    relay.action = (request, index) => (index === 0 ? { answer: ntsnFor(request) } : passThrough);
    const result = await queryNts(nts(relayed.server), { ...options(), session });
    expect(result.ok && result.sample.authenticated).toBe(true);
    expect(session.keyExchanges).toBe(2);
    expect(relay.requests).toBe(2);
  });

  it('gives up with kod NTSN when the server still cannot use a fresh cookie', async () => {
    const session = createNtsSession();
    relay.action = (request) => ({ answer: ntsnFor(request) });
    expectFailure(await queryNts(nts(relayed.server), { ...options(), session }), 'kod', /^NTSN$/);
    expect(session.keyExchanges).toBe(2);
  });

  it.each([
    ['the stratum', (_reply: Buffer) => 1],
    ['the transmit timestamp', (_reply: Buffer) => 44],
    ['the encrypted cookies', (d: Buffer) => d.length - 24],
  ])('refuses a reply with one byte flipped in %s: nts-auth, never an offset', async (_, where) => {
    relay.action = () => ({
      forward: (reply) => {
        const tampered = Buffer.from(reply);
        tampered[where(reply)]! ^= 0x01;
        return [tampered];
      },
    });
    const result = await queryNts(nts(relayed.server), { ...options(), timeoutMs: 500 });
    expectFailure(result, 'nts-auth', /^authenticator$/);
  });

  it('drops a reply with another Unique Identifier and takes the genuine one after it', async () => {
    relay.action = () => ({ forward: (reply) => [withOtherUniqueId(reply), reply] });
    const result = await queryNts(nts(relayed.server), options());
    expect(result.ok && result.sample.authenticated).toBe(true);
    relay.action = () => ({ forward: (reply) => [withOtherUniqueId(reply)] });
    expectFailure(await queryNts(nts(relayed.server), { ...options(), timeoutMs: 500 }), 'nts-auth', /^unique-id$/);
  });

  it('fails nts-ke for a certificate from another CA, an expired one, and a wrong host name', async () => {
    const otherCa = await queryNts(nts(direct.server), { timeoutMs: 2000, ca: pki.otherCaPem });
    expectFailure(otherCa, 'nts-ke', /UNABLE_TO|SELF_SIGNED/);
    const noCa = await queryNts(nts(direct.server), { timeoutMs: 2000 });
    expectFailure(noCa, 'nts-ke', /UNABLE_TO|SELF_SIGNED/);
    expectFailure(await queryNts(nts(expired.server), options()), 'nts-ke', /^CERT_HAS_EXPIRED$/);
    expectFailure(await queryNts(nts(wrongHost.server), options()), 'nts-ke', /ALTNAME|HOSTNAME/);
    if (!otherCa.ok) expect(failureWords(otherCa.failure, 'en')).toContain('not trusted');
  });

  it('fails nts-ke against a plain TCP service, with the message in Chinese when asked', async () => {
    const result = await queryNts(nts(`nts://127.0.0.1:${plainTcp.port}`), { ...options() });
    expectFailure(result, 'nts-ke', /^ERR_SSL/);
    if (!result.ok) expect(failureWords(result.failure, 'zh-CN')).toContain('NTS 密钥交换');
  });

  it('names the NTP server the key exchange sent us to when that one fails, not the key exchange server that answered', async () => {
    const server = `nts://127.0.0.1:${elsewhere.kePort}`;
    const result = await queryNts(nts(server), options());
    expectFailure(result, 'unreachable', /ECONNREFUSED/);
    expect(!result.ok && result.failure).toMatchObject({ server, ntpServer: `127.0.0.3:${elsewhere.ntpPort}` });
    expect(!result.ok && failureWords(result.failure, 'en')).toBe(
      `Cannot reach the server (ECONNREFUSED). (The key exchange with ${server} sent us to the NTP server 127.0.0.3:${elsewhere.ntpPort}.)`,
    );
    expect(!result.ok && failureWords(result.failure, 'zh-CN')).toBe(`无法连接该服务器（ECONNREFUSED）。（与 ${server} 的密钥交换将我们指向 NTP 服务器 127.0.0.3:${elsewhere.ntpPort}。）`);
    // And a sample says where its time came from.
    relay.action = () => passThrough;
    const measured = await queryNts(nts(`nts://127.0.0.1:${relayed.kePort}`), options());
    expect(measured.ok && measured.sample.ntpServer).toBe(`127.0.0.2:${relayed.ntpPort}`);
  });

  it('refuses a Server record holding a port (127.0.0.1:99) as no host, without asking the resolver', async () => {
    const looked: string[] = [];
    const server = `nts://127.0.0.1:${hostAndPort.port}`;
    const result = await queryNts(nts(server), { ...options(), resolve: async (host) => (looked.push(host), []) });
    expectFailure(result, 'nts-ke', /^bad-server-name$/);
    expect(!result.ok && failureWords(result.failure, 'en')).toBe(
      'The NTS key exchange named an NTP server that is not a host name or an IP address alone (bad-server-name); no time was measured.',
    );
    expect(looked).toEqual([]);
  });

  it('fails unreachable when nothing listens on the KE port', async () => {
    expectFailure(await queryNts(nts(`nts://127.0.0.1:${direct.ntpPort}`), options()), 'unreachable', /ECONNREFUSED/);
  });
});

/** An unauthenticated Kiss-o'-Death NTSN answering `request`: origin and Unique Identifier echoed, as RFC 8915 asks. */
function ntsnFor(request: Buffer): Buffer {
  const asked = decodePacket(request.subarray(0, 48))!;
  const header = encodePacket({
    ...asked,
    mode: 4,
    stratum: 0,
    refIdBytes: Buffer.from('NTSN'),
    originTimestamp: asked.transmitTimestamp,
    receiveTimestamp: { seconds: 0, fraction: 0 },
    transmitTimestamp: { seconds: 0, fraction: 0 },
  });
  const uidAt = request.indexOf(Buffer.from([0x01, 0x04]), 48);
  return Buffer.concat([header, field(FIELD.UNIQUE_ID, request.subarray(uidAt + 4, uidAt + request.readUInt16BE(uidAt + 2)))]);
}

function withOtherUniqueId(reply: Buffer): Buffer {
  const copy = Buffer.from(reply);
  const uidAt = copy.indexOf(Buffer.from([0x01, 0x04]), 48);
  copy[uidAt + 10]! ^= 0xff;
  return copy;
}

/** NTS extension fields: our request's layout, and the reply checks against forged, tampered and random replies. */
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodePacket, decodePacket } from '../../../main/ntp/packet.js';
import { sivDecrypt, sivEncrypt } from '../../../main/ntp/nts/aes-siv.js';
import { authenticator, buildNtsRequest, checkNtsReply, field, FIELD } from '../../../main/ntp/nts/nts-packet.js';
import { evaluateReply } from '../../../main/ntp/reply.js';
import { serverPacket } from '../../support/fake-ntp-server.js';

const c2s = randomBytes(32);
const s2c = randomBytes(32);
const cookie = randomBytes(100);

/** What an NTS server does: check our authenticator with C2S, echo the UID, answer with S2C and new cookies inside. */
function serverReply(request: Buffer, newCookies: Buffer[], t2 = Date.now()): Buffer {
  const fields = readAll(request);
  const auth = fields.find((f) => f.type === FIELD.AUTHENTICATOR)!;
  const nonceLength = auth.body.readUInt16BE(0);
  const ctLength = auth.body.readUInt16BE(2);
  const nonce = auth.body.subarray(4, 4 + nonceLength);
  expect(sivDecrypt(c2s, auth.body.subarray(4 + nonceLength, 4 + nonceLength + ctLength), [request.subarray(0, auth.start), nonce])).not.toBeNull();
  const asked = decodePacket(request.subarray(0, 48))!;
  const head = Buffer.concat([encodePacket(serverPacket(asked.transmitTimestamp, t2, t2 + 0.01)), field(FIELD.UNIQUE_ID, fields.find((f) => f.type === FIELD.UNIQUE_ID)!.body)]);
  const replyNonce = randomBytes(16);
  const plaintext = Buffer.concat(newCookies.map((c) => field(FIELD.COOKIE, c)));
  return Buffer.concat([head, authenticator(replyNonce, sivEncrypt(s2c, plaintext, [head, replyNonce]))]);
}

function readAll(packet: Buffer) {
  const out: { type: number; start: number; body: Buffer }[] = [];
  for (let at = 48; at < packet.length; at += packet.readUInt16BE(at + 2)) {
    out.push({ type: packet.readUInt16BE(at), start: at, body: packet.subarray(at + 4, at + packet.readUInt16BE(at + 2)) });
  }
  return out;
}

describe('NTS request', () => {
  it('carries UID, the cookie, placeholders of the cookie\'s size and an authenticator that C2S verifies', () => {
    const request = buildNtsRequest(cookie, 3, c2s);
    const fields = readAll(request.packet);
    expect(fields.map((f) => f.type)).toEqual([FIELD.UNIQUE_ID, FIELD.COOKIE, FIELD.COOKIE_PLACEHOLDER, FIELD.COOKIE_PLACEHOLDER, FIELD.COOKIE_PLACEHOLDER, FIELD.AUTHENTICATOR]);
    expect(fields[0]!.body.equals(request.uniqueId)).toBe(true);
    expect(fields[1]!.body.equals(cookie)).toBe(true);
    expect(fields[2]!.body.length).toBe(cookie.length);
    expect(decodePacket(request.packet)).toMatchObject({ mode: 3, version: 4, transmitTimestamp: request.transmit });
    serverReply(request.packet, []);
    // Two requests never share a UID or a transmit timestamp.
    expect(buildNtsRequest(cookie, 0, c2s).uniqueId.equals(request.uniqueId)).toBe(false);
  });
});

describe('NTS reply checks', () => {
  const request = buildNtsRequest(cookie, 1, c2s);
  const fresh = [randomBytes(100), randomBytes(100)];
  const reply = serverReply(request.packet, fresh);

  it('accepts the genuine reply, returns the cookies from inside the ciphertext, and it passes the plain checks', () => {
    const check = checkNtsReply(reply, request.uniqueId, s2c);
    expect(check).toEqual({ kind: 'authentic', cookies: fresh });
    const now = Date.now();
    expect(evaluateReply(reply, { sentTransmit: request.transmit, t1WallMs: now, t4WallMs: now + 1 }).kind).toBe('good');
  });

  it('refuses another UID, the wrong key, and every single flipped bit before the padding', () => {
    expect(checkNtsReply(reply, randomBytes(32), s2c)).toEqual({ kind: 'unauthenticated', problem: 'unique-id' });
    expect(checkNtsReply(reply, request.uniqueId, c2s)).toEqual({ kind: 'unauthenticated', problem: 'authenticator' });
    for (let bit = 0; bit < reply.length * 8; bit += 3) {
      const tampered = Buffer.from(reply);
      tampered[bit >> 3]! ^= 1 << (bit & 7);
      expect(checkNtsReply(tampered, request.uniqueId, s2c).kind).toBe('unauthenticated');
    }
  });

  it('refuses a reply whose UID sits after the authenticator (outside what it covers)', () => {
    const head = reply.subarray(0, 48);
    const nonce = randomBytes(16);
    const moved = Buffer.concat([head, authenticator(nonce, sivEncrypt(s2c, Buffer.alloc(0), [head, nonce])), field(FIELD.UNIQUE_ID, request.uniqueId)]);
    expect(checkNtsReply(moved, request.uniqueId, s2c)).toEqual({ kind: 'unauthenticated', problem: 'unique-id' });
  });

  it('never throws and never authenticates random bytes, bare or after a genuine header and UID', () => {
    const prefix = reply.subarray(0, 48 + 36);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.boolean(), (bytes, prefixed) => {
        const datagram = prefixed ? Buffer.concat([prefix, Buffer.from(bytes)]) : Buffer.from(bytes);
        expect(checkNtsReply(datagram, request.uniqueId, s2c).kind).toBe('unauthenticated');
      }),
      { numRuns: 3000 },
    );
  });
});

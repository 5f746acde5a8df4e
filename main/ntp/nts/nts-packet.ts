/** NTS extension fields in NTPv4 packets (RFC 8915 section 5): the authenticated request and the reply's checks. */
import { randomBytes } from 'node:crypto';
import { buildRequest, NTP_HEADER_BYTES } from '../packet.js';
import type { NtpTimestamp } from '../timestamp.js';
import { sivDecrypt, sivEncrypt } from './aes-siv.js';

/** Extension field types (RFC 8915 section 5.3). */
export const FIELD = {
  UNIQUE_ID: 0x0104,
  COOKIE: 0x0204,
  COOKIE_PLACEHOLDER: 0x0304,
  AUTHENTICATOR: 0x0404,
} as const;
const UNIQUE_ID_BYTES = 32;
const NONCE_BYTES = 16;

/** A request ready to send, and what its reply must show. */
export interface NtsRequest {
  packet: Buffer;
  transmit: NtpTimestamp;
  uniqueId: Buffer;
}

/**
 * Mode 3 with Unique Identifier, one cookie, `placeholders` placeholders and the Authenticator (no encrypted fields).
 * Its transmit timestamp is random as every request's (buildRequest), so the whole packet, encryption included, is
 * built before T1 is read.
 */
export function buildNtsRequest(cookie: Buffer, placeholders: number, c2s: Buffer): NtsRequest {
  const { packet: header, transmit } = buildRequest();
  const uniqueId = randomBytes(UNIQUE_ID_BYTES);
  const fields = [field(FIELD.UNIQUE_ID, uniqueId), field(FIELD.COOKIE, cookie)];
  for (let i = 0; i < placeholders; i++) fields.push(field(FIELD.COOKIE_PLACEHOLDER, Buffer.alloc(cookie.length)));
  const ad = Buffer.concat([header, ...fields]);
  const nonce = randomBytes(NONCE_BYTES);
  return { packet: Buffer.concat([ad, authenticator(nonce, sivEncrypt(c2s, Buffer.alloc(0), [ad, nonce]))]), transmit, uniqueId };
}

/** Why an NTS reply was not believed; travels as the `nts-auth` failure code. */
export type NtsRejection = 'malformed' | 'unique-id' | 'authenticator';

export type NtsReplyCheck =
  | { kind: 'authentic'; cookies: Buffer[] }
  | { kind: 'unauthenticated'; problem: NtsRejection };

/**
 * Checks a reply's NTS fields: our Unique Identifier, inside the authenticated part, and an Authenticator that
 * decrypts with the server-to-client key. New cookies come only from inside the ciphertext. Never throws.
 */
export function checkNtsReply(datagram: Buffer, uniqueId: Buffer, s2c: Buffer): NtsReplyCheck {
  const fields = readFields(datagram);
  if (!fields) return { kind: 'unauthenticated', problem: 'malformed' };
  const auth = fields.find((f) => f.type === FIELD.AUTHENTICATOR);
  const uid = fields.find((f) => f.type === FIELD.UNIQUE_ID);
  if (!uid || !uid.body.equals(uniqueId) || (auth && uid.start > auth.start)) return { kind: 'unauthenticated', problem: 'unique-id' };
  if (!auth) return { kind: 'unauthenticated', problem: 'authenticator' };
  const parts = authenticatorParts(auth.body);
  if (!parts) return { kind: 'unauthenticated', problem: 'malformed' };
  const plaintext = sivDecrypt(s2c, parts.ciphertext, [datagram.subarray(0, auth.start), parts.nonce]);
  if (!plaintext) return { kind: 'unauthenticated', problem: 'authenticator' };
  const inner = readFieldList(plaintext, 0);
  if (!inner) return { kind: 'unauthenticated', problem: 'malformed' };
  return { kind: 'authentic', cookies: inner.filter((f) => f.type === FIELD.COOKIE && f.body.length > 0).map((f) => Buffer.from(f.body)) };
}

interface Field {
  type: number;
  /** Offset of the field's header in the buffer it was read from. */
  start: number;
  body: Buffer;
}

/** The extension fields after the header; null unless they tile the rest of the datagram exactly. */
function readFields(datagram: Buffer): Field[] | null {
  if (datagram.length < NTP_HEADER_BYTES) return null;
  return readFieldList(datagram, NTP_HEADER_BYTES);
}

function readFieldList(buf: Buffer, from: number): Field[] | null {
  const fields: Field[] = [];
  let at = from;
  while (at < buf.length) {
    if (at + 4 > buf.length) return null;
    const type = buf.readUInt16BE(at);
    const length = buf.readUInt16BE(at + 2);
    if (length < 4 || length % 4 !== 0 || at + length > buf.length) return null;
    fields.push({ type, start: at, body: buf.subarray(at + 4, at + length) });
    at += length;
  }
  return fields;
}

/** Nonce length, ciphertext length, nonce, ciphertext (each padded to 4 bytes), then padding. */
function authenticatorParts(body: Buffer): { nonce: Buffer; ciphertext: Buffer } | null {
  if (body.length < 4) return null;
  const nonceLength = body.readUInt16BE(0);
  const ciphertextLength = body.readUInt16BE(2);
  const nonceEnd = 4 + nonceLength;
  const ciphertextStart = 4 + padded(nonceLength);
  if (nonceLength === 0 || ciphertextStart + ciphertextLength > body.length) return null;
  return { nonce: body.subarray(4, nonceEnd), ciphertext: body.subarray(ciphertextStart, ciphertextStart + ciphertextLength) };
}

/** One extension field: type, length including the header, body padded with zeros to a multiple of 4. */
export function field(type: number, body: Buffer): Buffer {
  const out = Buffer.alloc(4 + padded(body.length));
  out.writeUInt16BE(type, 0);
  out.writeUInt16BE(out.length, 2);
  body.copy(out, 4);
  return out;
}

/** The Authenticator field around a nonce and a ciphertext (used by our request and by the test servers). */
export function authenticator(nonce: Buffer, ciphertext: Buffer): Buffer {
  const body = Buffer.alloc(4 + padded(nonce.length) + padded(ciphertext.length));
  body.writeUInt16BE(nonce.length, 0);
  body.writeUInt16BE(ciphertext.length, 2);
  nonce.copy(body, 4);
  ciphertext.copy(body, 4 + padded(nonce.length));
  return field(FIELD.AUTHENTICATOR, body);
}

function padded(length: number): number {
  return Math.ceil(length / 4) * 4;
}

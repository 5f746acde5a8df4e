/** AES-SIV (RFC 5297) over node:crypto, as AEAD_AES_SIV_CMAC_256 for NTS: a 32-byte key, K1 for S2V, K2 for CTR. */
import { createCipheriv, timingSafeEqual } from 'node:crypto';

const BLOCK = 16;
/** AEAD_AES_SIV_CMAC_256 takes two AES-128 keys back to back. */
export const SIV_KEY_BYTES = 32;
/** The synthetic IV that leads every ciphertext, which is also its authentication tag. */
export const SIV_TAG_BYTES = BLOCK;
const ZERO_BLOCK = Buffer.alloc(BLOCK);

/**
 * Encrypts `plaintext` with the associated-data components in order (for the AEAD interface: [ad, nonce]).
 * Returns V || C, 16 bytes longer than the plaintext.
 */
export function sivEncrypt(key: Buffer, plaintext: Buffer, associated: readonly Buffer[]): Buffer {
  const { macKey, ctrKey } = splitKey(key);
  const v = s2v(macKey, [...associated, plaintext]);
  return Buffer.concat([v, ctr(ctrKey, v, plaintext)]);
}

/** Decrypts V || C; null when it is too short or does not authenticate (the plaintext is then never released). */
export function sivDecrypt(key: Buffer, sealed: Buffer, associated: readonly Buffer[]): Buffer | null {
  if (sealed.length < SIV_TAG_BYTES) return null;
  const { macKey, ctrKey } = splitKey(key);
  const v = sealed.subarray(0, SIV_TAG_BYTES);
  const plaintext = ctr(ctrKey, v, sealed.subarray(SIV_TAG_BYTES));
  const expected = s2v(macKey, [...associated, plaintext]);
  return timingSafeEqual(expected, v) ? plaintext : null;
}

function splitKey(key: Buffer): { macKey: Buffer; ctrKey: Buffer } {
  if (key.length !== SIV_KEY_BYTES) throw new RangeError(`AES-SIV-CMAC-256 needs a ${SIV_KEY_BYTES}-byte key, got ${key.length}`);
  return { macKey: key.subarray(0, BLOCK), ctrKey: key.subarray(BLOCK) };
}

/** S2V (RFC 5297 section 2.4): a CMAC chain over the components, the last one (the plaintext) folded in at the end. */
function s2v(key: Buffer, components: readonly Buffer[]): Buffer {
  const mac = cmacWith(key);
  let d = mac(ZERO_BLOCK);
  for (const component of components.slice(0, -1)) d = xor(dbl(d), mac(component));
  const last = components[components.length - 1]!;
  if (last.length >= BLOCK) {
    const t = Buffer.from(last);
    const tail = t.subarray(t.length - BLOCK);
    xor(tail, d).copy(tail);
    return mac(t);
  }
  return mac(xor(dbl(d), pad(last)));
}

/** AES-CMAC (RFC 4493) as a CBC-MAC with a zero IV over the message whose last block is masked by a subkey. */
function cmacWith(key: Buffer): (message: Buffer) => Buffer {
  const l = aesBlock(key, ZERO_BLOCK);
  const k1 = dbl(l);
  const k2 = dbl(k1);
  return (message) => {
    const rest = message.length % BLOCK;
    const whole = message.length > 0 && rest === 0;
    const cut = message.length - rest;
    const body = whole ? Buffer.from(message) : Buffer.concat([message.subarray(0, cut), pad(message.subarray(cut))]);
    const lastAt = body.length - BLOCK;
    xor(body.subarray(lastAt), whole ? k1 : k2).copy(body, lastAt);
    const cipher = createCipheriv('aes-128-cbc', key, ZERO_BLOCK).setAutoPadding(false);
    const out = Buffer.concat([cipher.update(body), cipher.final()]);
    return out.subarray(out.length - BLOCK);
  };
}

function aesBlock(key: Buffer, block: Buffer): Buffer {
  const cipher = createCipheriv('aes-128-ecb', key, null).setAutoPadding(false);
  return Buffer.concat([cipher.update(block), cipher.final()]);
}

/** CTR from V with bits 31 and 63 of the counter cleared (RFC 5297 section 2.5), so a 64-bit counter never carries. */
function ctr(key: Buffer, v: Buffer, data: Buffer): Buffer {
  const counter = Buffer.from(v);
  counter[8]! &= 0x7f;
  counter[12]! &= 0x7f;
  const cipher = createCipheriv('aes-128-ctr', key, counter);
  return Buffer.concat([cipher.update(data), cipher.final()]);
}

/** Doubling in GF(2^128): shift left one bit, and on carry-out xor 0x87 into the last byte. */
function dbl(block: Buffer): Buffer {
  const out = Buffer.alloc(BLOCK);
  for (let i = 0; i < BLOCK; i++) out[i] = ((block[i]! << 1) | (i + 1 < BLOCK ? block[i + 1]! >> 7 : 0)) & 0xff;
  if (block[0]! & 0x80) out[BLOCK - 1]! ^= 0x87;
  return out;
}

/** The 10* padding of a partial block to 16 bytes. */
function pad(partial: Buffer): Buffer {
  const out = Buffer.alloc(BLOCK);
  partial.copy(out);
  out[partial.length] = 0x80;
  return out;
}

function xor(a: Buffer, b: Buffer): Buffer {
  const out = Buffer.alloc(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}

/** AES-SIV against RFC 5297 Appendix A, and the properties NTS relies on: tampering anywhere is refused. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sivDecrypt, sivEncrypt } from '../../../main/ntp/nts/aes-siv.js';

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');

describe('AES-SIV, RFC 5297 Appendix A', () => {
  it('A.1 deterministic authenticated encryption', () => {
    const key = hex('fffefdfc fbfaf9f8 f7f6f5f4 f3f2f1f0 f0f1f2f3 f4f5f6f7 f8f9fafb fcfdfeff');
    const ad = hex('10111213 14151617 18191a1b 1c1d1e1f 20212223 24252627');
    const plaintext = hex('11223344 55667788 99aabbcc ddee');
    const expected = hex('85632d07 c6e8f37f 950acd32 0a2ecc93 40c02b96 90c4dc04 daef7f6a fe5c');
    expect(sivEncrypt(key, plaintext, [ad]).toString('hex')).toBe(expected.toString('hex'));
    expect(sivDecrypt(key, expected, [ad])?.toString('hex')).toBe(plaintext.toString('hex'));
  });

  it('A.2 nonce-based, with two AD components and the nonce as the last one', () => {
    const key = hex('7f7e7d7c 7b7a7978 77767574 73727170 40414243 44454647 48494a4b 4c4d4e4f');
    const ad1 = hex('00112233 44556677 8899aabb ccddeeff deaddada deaddada ffeeddcc bbaa9988 77665544 33221100');
    const ad2 = hex('10203040 50607080 90a0');
    const nonce = hex('09f91102 9d74e35b d84156c5 635688c0');
    const plaintext = hex('74686973 20697320 736f6d65 20706c61 696e7465 78742074 6f20656e 63727970 74207573 696e6720 5349562d 414553');
    const expected = hex(`7bdb6e3b 432667eb 06f4d14b ff2fbd0f cb900f2f ddbe4043 26601965 c889bf17 dba77ceb 094fa663
      b7a3f748 ba8af829 ea64ad54 4a272e9c 485b62a3 fd5c0d`);
    expect(sivEncrypt(key, plaintext, [ad1, ad2, nonce]).toString('hex')).toBe(expected.toString('hex'));
    expect(sivDecrypt(key, expected, [ad1, ad2, nonce])?.toString()).toBe('this is some plaintext to encrypt using SIV-AES');
  });

  it('refuses a wrong key, a wrong AD, a flipped bit or a truncation', () => {
    const key = Buffer.alloc(32, 7);
    const sealed = sivEncrypt(key, Buffer.from('cookie cookie cookie'), [Buffer.from('ad'), Buffer.alloc(16, 1)]);
    expect(sivDecrypt(Buffer.alloc(32, 8), sealed, [Buffer.from('ad'), Buffer.alloc(16, 1)])).toBeNull();
    expect(sivDecrypt(key, sealed, [Buffer.from('ae'), Buffer.alloc(16, 1)])).toBeNull();
    expect(sivDecrypt(key, sealed.subarray(0, 15), [])).toBeNull();
    for (let bit = 0; bit < sealed.length * 8; bit += 7) {
      const tampered = Buffer.from(sealed);
      tampered[bit >> 3]! ^= 1 << (bit & 7);
      expect(sivDecrypt(key, tampered, [Buffer.from('ad'), Buffer.alloc(16, 1)])).toBeNull();
    }
  });

  it('round-trips any plaintext and AD lengths (block edges included)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 70 }), fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 3 }), (k, p, ads) => {
        const key = Buffer.from(k);
        const associated = ads.map((a) => Buffer.from(a));
        const sealed = sivEncrypt(key, Buffer.from(p), associated);
        expect(sealed.length).toBe(p.length + 16);
        expect(sivDecrypt(key, sealed, associated)?.equals(Buffer.from(p))).toBe(true);
      }),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { randomUint16 } from '../../main/ntp/random-bits.js';

describe('randomUint16', () => {
  it('gives whole numbers in [0, 65535], spread over the range (not a constant, not a few bits)', () => {
    const draws = Array.from({ length: 2000 }, () => randomUint16());
    expect(draws.every((n) => Number.isInteger(n) && n >= 0 && n <= 0xffff)).toBe(true);
    expect(new Set(draws).size).toBeGreaterThan(1900);
    // Each of the 16 bits is set in roughly half of the draws: a stuck bit would weaken the request's nonce.
    for (let bit = 0; bit < 16; bit++) {
      const set = draws.filter((n) => (n >> bit) & 1).length;
      expect(set).toBeGreaterThan(850);
      expect(set).toBeLessThan(1150);
    }
  });
});

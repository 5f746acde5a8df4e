import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoTime } from '../../main/cli/iso-time.js';

describe('isoTime', () => {
  it('writes every moment as toISOString() does', () => {
    // Date's whole range: years before 0 and after 9999 included, fractions of a millisecond truncated alike.
    fc.assert(
      fc.property(fc.double({ min: -8.64e15, max: 8.64e15, noNaN: true }), (ms) => {
        expect(isoTime(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 5000 },
    );
    for (const ms of [0, -1, 1796595394138.797, Date.UTC(9999, 11, 31, 23, 59, 59, 999), Date.UTC(10000, 0, 1), -62167219200000]) {
      expect(isoTime(ms)).toBe(new Date(ms).toISOString());
    }
  });

  it('throws on a time that is none, as toISOString() does', () => {
    expect(() => isoTime(Number.NaN)).toThrow(RangeError);
  });
});

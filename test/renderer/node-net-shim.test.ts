import fc from 'fast-check';
import { isIP as nodeIsIP } from 'node:net';
import { describe, expect, it } from 'vitest';
import { isIP } from '../../renderer/shims/node-net.js';

const examples = [
  '1.2.3.4', '255.255.255.255', '256.1.1.1', '1.2.3', '01.2.3.4', '1.2.3.4.5', '::', '::1', '1::', 'fe80::1%eth0', 'fe80::1%',
  '::ffff:192.0.2.1', '2001:db8::1', '2001:db8:0:0:0:0:0:1', '2001:db8::1::2', '12345::', 'g::1', '[::1]', '::1%a:b', ':1',
  '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:1.2.3.4', 'localhost', '', ' 1.2.3.4',
];

describe('the browser isIP used by the settings window', () => {
  it.each(examples)('agrees with node:net on %j', (input) => {
    expect(isIP(input)).toBe(nodeIsIP(input));
  });

  it('agrees with node:net on random address-like strings', () => {
    const chars = fc.constantFrom(...'0123456789abcdefABCDEFg:.%');
    fc.assert(fc.property(fc.string({ unit: chars, maxLength: 45 }), (input) => isIP(input) === nodeIsIP(input)), { numRuns: 20_000 });
  });

  it('agrees with node:net on real addresses', () => {
    fc.assert(fc.property(fc.oneof(fc.ipV4(), fc.ipV6(), fc.ipV4Extended()), (input) => isIP(input) === nodeIsIP(input)), { numRuns: 5_000 });
  });
});

import fc from 'fast-check';
import { isIP } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ipFamily } from '../../main/ntp/ip-literal.js';

const examples = [
  '1.2.3.4', '255.255.255.255', '256.1.1.1', '1.2.3', '01.2.3.4', '1.2.3.4.5', '::', '::1', '1::', 'fe80::1%eth0', 'fe80::1%',
  '::ffff:192.0.2.1', '2001:db8::1', '2001:db8:0:0:0:0:0:1', '2001:db8::1::2', '12345::', 'g::1', '[::1]', '::1%a:b', ':1',
  '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:7:1.2.3.4', '1:2:3:4:5::1.2.3.4',
  '1:2:3:4:5:6::1.2.3.4', '1:2:3:4:5:6:7::', '::1:2:3:4:5:6:7', '1.2.3.4::', '1:::2', ':::', '::1.2.3.4', '::%x',
  'localhost', '', ' 1.2.3.4', '127.0.0.1:123', 'a:b', '0.0.0.0', '::1%a%b', '1::2%-.:',
];

describe('ipFamily agrees with node:net isIP', () => {
  it.each(examples)('on %j', (input) => {
    expect(ipFamily(input)).toBe(isIP(input));
  });

  it('on random address-like strings', () => {
    const chars = fc.constantFrom(...'0123456789abcdefABCDEFg:.%');
    fc.assert(fc.property(fc.string({ unit: chars, maxLength: 45 }), (input) => ipFamily(input) === isIP(input)), { numRuns: 20_000 });
  });

  it('on real addresses, names and near-misses', () => {
    const nearMiss = fc.stringMatching(/^[0-9a-fA-F.:%\[\]a-z]{0,40}$/);
    const any = fc.oneof(fc.ipV4(), fc.ipV6(), fc.ipV4Extended(), nearMiss, fc.domain(), fc.string());
    fc.assert(fc.property(any, (input) => ipFamily(input) === isIP(input)), { numRuns: 10_000 });
  });

  it('finds the family of literals, zoned or v4-mapped, and none in names or host:port', () => {
    for (const text of ['::', '::1', 'fe80::1%eth0', '::ffff:192.0.2.1', '2001:db8::1']) expect(ipFamily(text)).toBe(6);
    for (const text of ['192.0.2.1', '0.0.0.0']) expect(ipFamily(text)).toBe(4);
    for (const text of ['time.example.com', '127.0.0.1:123', 'a:b', '1.2.3']) expect(ipFamily(text)).toBe(0);
  });
});

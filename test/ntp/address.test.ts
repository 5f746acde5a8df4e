import { isIP } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addressKey, ipFamily, parseServerAddress } from '../../main/ntp/address.js';

describe('parseServerAddress', () => {
  it.each([
    ['time.example.com', 'time.example.com', 123, 0],
    ['Time.Example.COM.', 'time.example.com', 123, 0],
    ['time.example.com:11123', 'time.example.com', 11123, 0],
    ['localhost', 'localhost', 123, 0],
    ['192.0.2.1', '192.0.2.1', 123, 4],
    ['192.0.2.1:1123', '192.0.2.1', 1123, 4],
    ['::1', '::1', 123, 6],
    ['2001:db8::1', '2001:db8::1', 123, 6],
    ['[::1]', '::1', 123, 6],
    ['[::1]:11123', '::1', 11123, 6],
    ['  ntp1.example.net  ', 'ntp1.example.net', 123, 0],
  ])('accepts %s', (input, host, port, family) => {
    const parsed = parseServerAddress(input);
    expect(parsed).toEqual({ ok: true, address: { protocol: 'ntp', text: input.trim(), host, port, family } });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['host:0', 'bad-port'],
    ['host:65536', 'bad-port'],
    ['host:abc', 'bad-port'],
    ['host:', 'bad-port'],
    ['[::1]:x', 'bad-port'],
    ['ntp://time.example.com', 'bad-host'],
    ['time.example.com; rm -rf /', 'bad-host'],
    ['$(reboot)', 'bad-host'],
    ['bad host', 'bad-host'],
    ['-leading.example', 'bad-host'],
    ['999.1.1.1', 'bad-host'],
    ['[time.example.com]:123', 'bad-host'],
    ['a..b', 'bad-host'],
    ['1:2:3', 'bad-host'],
  ])('refuses %j (%s)', (input, reason) => {
    expect(parseServerAddress(input)).toEqual({ ok: false, reason });
  });

  it('gives one key for one server however it is written', () => {
    const key = (text: string) => {
      const parsed = parseServerAddress(text);
      if (!parsed.ok) throw new Error(text);
      return addressKey(parsed.address);
    };
    expect(key('[::1]:123')).toBe(key('::1'));
    expect(key('Time.Example.com')).toBe(key('time.example.com:123'));
    expect(key('127.0.0.1:1')).not.toBe(key('127.0.0.1:2'));
  });
});

describe('ipFamily (isIP without compiling the IPv6 pattern for names)', () => {
  it('agrees with isIP on IP literals, zoned IPv6, host:port and near-misses', () => {
    const nearMiss = fc.stringMatching(/^[0-9a-fA-F.:%\[\]a-z]{0,40}$/);
    const any = fc.oneof(fc.ipV4(), fc.ipV6(), fc.ipV4Extended(), nearMiss, fc.domain(), fc.string());
    fc.assert(fc.property(any, (text) => ipFamily(text) === isIP(text)), { numRuns: 5_000 });
  });

  it('still finds IPv6 literals, zoned or v4-mapped', () => {
    for (const text of ['::', '::1', 'fe80::1%eth0', '::ffff:192.0.2.1', '2001:db8::1']) expect(ipFamily(text)).toBe(6);
    for (const text of ['192.0.2.1', '0.0.0.0']) expect(ipFamily(text)).toBe(4);
    for (const text of ['time.example.com', '127.0.0.1:123', 'a:b', '1.2.3']) expect(ipFamily(text)).toBe(0);
  });
});

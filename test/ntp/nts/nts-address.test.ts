/** nts:// addresses: host and NTS-KE port (default 4460), the plain parser's rules for the host, nothing else. */
import { describe, expect, it } from 'vitest';
import { isNtsAddress, parseNtsAddress } from '../../../main/ntp/nts/nts-address.js';

describe('parseNtsAddress', () => {
  it.each([
    ['nts://time.example.com', 'time.example.com', 4460],
    ['  NTS://Time.Example.COM:4461/ ', 'time.example.com', 4461],
    ['nts://192.0.2.1', '192.0.2.1', 4460],
    ['nts://192.0.2.1:1', '192.0.2.1', 1],
    ['nts://[2001:db8::1]', '2001:db8::1', 4460],
    ['nts://[2001:db8::1]:65535', '2001:db8::1', 65535],
  ])('%s -> %s port %i', (input, host, port) => {
    expect(parseNtsAddress(input)).toEqual({ ok: true, address: { protocol: 'nts', text: input.trim(), host, port } });
  });

  it.each([
    ['time.example.com', 'not-nts'],
    ['ntp://time.example.com', 'not-nts'],
    ['nts://', 'bad-host'],
    ['nts://user:pw@time.example.com', 'bad-host'],
    ['nts://time.example.com/path', 'bad-host'],
    ['nts://2001:db8::1', 'bad-host'],
    ['nts://[192.0.2.1]', 'bad-host'],
    ['nts://1.2.3', 'bad-host'],
    ['nts://time.example.com:0', 'bad-port'],
    ['nts://time.example.com:65536', 'bad-port'],
    ['nts://time.example.com:', 'bad-port'],
  ])('refuses %s (%s)', (input, reason) => {
    expect(parseNtsAddress(input)).toEqual({ ok: false, reason });
  });

  it('tells NTS addresses from plain ones', () => {
    expect(isNtsAddress(' nts://a')).toBe(true);
    expect(isNtsAddress('a:123')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { addressKey, isNtsAddress, parseAnyServer, parseServerAddress } from '../../main/ntp/address.js';

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
    expect(parseServerAddress(input)).toEqual({ ok: false, problem: reason });
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

describe('parseAnyServer: nts:// addresses (host and NTS-KE port, default 4460; the plain rules for the host)', () => {
  it.each([
    ['nts://time.example.com', 'time.example.com', 4460],
    ['  NTS://Time.Example.COM:4461/ ', 'time.example.com', 4461],
    ['nts://192.0.2.1', '192.0.2.1', 4460],
    ['nts://192.0.2.1:1', '192.0.2.1', 1],
    ['nts://[2001:db8::1]', '2001:db8::1', 4460],
    ['nts://[2001:db8::1]:65535', '2001:db8::1', 65535],
  ])('%s -> %s port %i', (input, host, port) => {
    expect(parseAnyServer(input)).toEqual({ ok: true, address: { protocol: 'nts', text: input.trim(), host, port } });
  });

  it.each([
    'nts://',
    'nts://user:pw@time.example.com',
    'nts://time.example.com/path',
    'nts://2001:db8::1',
    'nts://[192.0.2.1]',
    'nts://1.2.3',
    'nts://time.example.com:0',
    'nts://time.example.com:65536',
    'nts://time.example.com:',
  ])('refuses %s', (input) => {
    expect(parseAnyServer(input)).toEqual({ ok: false, problem: 'nts-invalid' });
  });

  it('tells NTS addresses from plain ones', () => {
    expect(isNtsAddress(' nts://a')).toBe(true);
    expect(isNtsAddress('a:123')).toBe(false);
    expect(parseAnyServer('ntp://time.example.com')).toEqual({ ok: false, problem: 'bad-host' });
  });
});

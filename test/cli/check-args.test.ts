/** check's own options: -t in seconds beside the older milliseconds, and -p given to servers written without a port. */
import { describe, expect, it } from 'vitest';
import { pluginOptions, timeoutToMs, withPort } from '../../main/cli/check-args.js';

describe('timeoutToMs', () => {
  it('reads seconds as check_ntp_time (0.1-60), and 100 or more as the older milliseconds: no value means both', () => {
    expect(['5', '0.5', '.1', '60', '10'].map(timeoutToMs)).toEqual([5000, 500, 100, 60_000, 10_000]);
    expect(['100', '300', '5000', '60000'].map(timeoutToMs)).toEqual([100, 300, 5000, 60_000]);
    expect(['0.05', '61', '99', '100.5', '60001', '-1', '1e3', '0x10', ''].map(timeoutToMs)).toEqual(Array(9).fill(undefined));
  });
});

describe('withPort', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1:4123'],
    ['time.example', 'time.example:4123'],
    ['::1', '[::1]:4123'],
    ['[::1]', '[::1]:4123'],
    ['pool://pool.example', 'pool://pool.example:4123'],
    // Written with a port, NTS (its port is the key exchange's), or not an address: as given.
    ['127.0.0.1:123', '127.0.0.1:123'],
    ['[::1]:123', '[::1]:123'],
    ['pool://pool.example:123', 'pool://pool.example:123'],
    ['nts://time.example', 'nts://time.example'],
    ['ntp://x', 'ntp://x'],
  ])('%s -> %s', (server, expected) => {
    expect(withPort(server, 4123)).toBe(expected);
  });
});

describe('pluginOptions', () => {
  it('defaults: 0.1 and 1 s, at least one server, a dead one WARNING among others, -q off', () => {
    const read = pluginOptions({}, 'en');
    expect(read).toMatchObject({ ok: true, options: { warning: { text: '0.1' }, critical: { text: '1' }, minServers: 1, unreachable: 'warning', quiet: false } });
  });

  it('names every bad option at once, in the user language', () => {
    const read = pluginOptions({ warning: 'x', 'min-servers': '101', unreachable: 'ok', port: '0' }, 'zh-CN');
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.problems.map((p) => p.split('：')[0])).toEqual(['--warning', '--min-servers', '--unreachable', '--port']);
  });
});

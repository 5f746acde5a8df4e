import { describe, expect, it } from 'vitest';
import { offsetAndDelay } from '../../main/ntp/arithmetic.js';
import { ntpToUnixMs, unixMsToNtp, NTP_UNIX_DELTA_S } from '../../main/ntp/timestamp.js';

describe('RFC 5905 offset and delay', () => {
  it('server ahead by 500 ms with a 40 ms round trip', () => {
    // T1=1000, one-way 20 ms, server clock +500: T2 = 1020+500, T3 = T2+1, T4 = 1041.
    const r = offsetAndDelay(1000, 1520, 1521, 1041);
    expect(r.offsetMs).toBeCloseTo(500, 9);
    expect(r.delayMs).toBeCloseTo(40, 9);
  });

  it('server behind gives a negative offset', () => {
    const r = offsetAndDelay(10_000, 9_760, 9_760, 10_040);
    expect(r.offsetMs).toBeCloseTo(-260, 9);
    expect(r.delayMs).toBeCloseTo(40, 9);
  });

  it('|offset| < delay/2 is not pulled to -delay/2 (the ntp-time-sync 0.5.0 bug)', () => {
    // True offset +5 ms, 40 ms round trip: T2 = 1000+20+5, T3 = T2, T4 = 1040.
    const r = offsetAndDelay(1000, 1025, 1025, 1040);
    expect(r.offsetMs).toBeCloseTo(5, 9);
    expect(r.delayMs).toBeCloseTo(40, 9);
    const zero = offsetAndDelay(1000, 1020, 1020, 1040);
    expect(zero.offsetMs).toBeCloseTo(0, 9);
  });

  it('large offsets (an hour, a year) keep their sign and size', () => {
    const hour = 3_600_000;
    expect(offsetAndDelay(0, hour + 10, hour + 10, 20).offsetMs).toBeCloseTo(hour, 6);
    const year = 365 * 24 * hour;
    expect(offsetAndDelay(year, 10, 10, year + 20).offsetMs).toBeCloseTo(-year + 0, 3);
  });
});

describe('NTP timestamps and eras', () => {
  it('round-trips Unix ms with sub-microsecond error', () => {
    const t = Date.UTC(2026, 10, 23, 12, 0, 0) + 0.123456;
    expect(ntpToUnixMs(unixMsToNtp(t), t)).toBeCloseTo(t, 3);
  });

  it('1970 is 2208988800 NTP seconds', () => {
    expect(unixMsToNtp(0)).toEqual({ seconds: NTP_UNIX_DELTA_S, fraction: 0 });
  });

  it('keeps working across the 2036 era rollover', () => {
    const rollover = (2 ** 32 - NTP_UNIX_DELTA_S) * 1000; // 2036-02-07T06:28:16Z
    expect(new Date(rollover).toISOString()).toBe('2036-02-07T06:28:16.000Z');
    const before = rollover - 1500;
    const after = rollover + 2500;
    const wireAfter = unixMsToNtp(after);
    expect(wireAfter.seconds).toBe(2); // era 1 starts again from 0
    // Local clock just before the rollover, server just after: decoded in era 1, 4 s later.
    expect(ntpToUnixMs(wireAfter, before) - before).toBeCloseTo(4000, 3);
    // And the other way round.
    expect(ntpToUnixMs(unixMsToNtp(before), after) - after).toBeCloseTo(-4000, 3);
    const r = offsetAndDelay(before, ntpToUnixMs(wireAfter, before), ntpToUnixMs(wireAfter, before), before + 10);
    expect(r.offsetMs).toBeCloseTo(4000 - 5, 3);
  });

  it('decodes a timestamp far in the future relative to a 2026 clock in the right era', () => {
    const now = Date.UTC(2026, 0, 1);
    const in2040 = Date.UTC(2040, 0, 1);
    expect(ntpToUnixMs(unixMsToNtp(in2040), now)).toBeCloseTo(in2040, 3);
  });
});

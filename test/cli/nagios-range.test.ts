/** Threshold ranges against the Monitoring Plugins guidelines' own table of examples. */
import { describe, expect, it } from 'vitest';
import { alerts, isPlainLimit, parseRange, perfdataLimit } from '../../main/cli/nagios-range.js';

// https://www.monitoring-plugins.org/doc/guidelines.html#THRESHOLDFORMAT, "Example ranges".
const GUIDELINE_EXAMPLES: [string, (x: number) => boolean][] = [
  ['10', (x) => x < 0 || x > 10],
  ['10:', (x) => x < 10],
  ['~:10', (x) => x > 10],
  ['10:20', (x) => x < 10 || x > 20],
  ['@10:20', (x) => x >= 10 && x <= 20],
];
const PROBES = [-5, -0.001, 0, 0.5, 9.999, 10, 10.001, 15, 19.999, 20, 20.001, 1e6];

describe('parseRange and alerts', () => {
  it.each(GUIDELINE_EXAMPLES)('%s alerts exactly where the guidelines say', (text, expected) => {
    const range = parseRange(text)!;
    expect(range).not.toBeNull();
    for (const x of PROBES) expect(alerts(range, x), `${text} at ${x}`).toBe(expected(x));
  });

  it('takes decimals and signs, and a missing start as 0 (the guidelines\' ":10")', () => {
    expect(parseRange('0.5')).toMatchObject({ start: 0, end: 0.5, inside: false });
    expect(parseRange('-1:.5')).toMatchObject({ start: -1, end: 0.5 });
    expect(parseRange(':10')).toMatchObject({ start: 0, end: 10 });
    expect(parseRange('@~:2')).toMatchObject({ start: -Infinity, end: 2, inside: true });
  });

  it.each(['', 'abc', '20:10', '1:2:3', '0x10', '1e3', '@', '~', '10:~', '--1', 'NaN', ' 1'])('refuses "%s"', (text) => {
    expect(parseRange(text)).toBeNull();
  });

  it('a plain limit is the N form only; perfdata gets the end, 0 when open, six decimals (as check_ntp_time)', () => {
    expect(['1', '0.1'].map((t) => isPlainLimit(parseRange(t)!))).toEqual([true, true]);
    expect(['1:', '~:1', '1:2', '@0:1'].map((t) => isPlainLimit(parseRange(t)!))).toEqual([false, false, false, false]);
    expect(['0.1', '@0.1:0.2', '0.2:', '~:3'].map((t) => perfdataLimit(parseRange(t)!))).toEqual(['0.100000', '0.200000', '0.000000', '3.000000']);
  });
});

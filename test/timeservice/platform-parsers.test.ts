/** Windows' `w32tm /query /status /verbose` and macOS's `sntp` parsers, on outputs in the shape their documentation shows. */
import { describe, expect, it } from 'vitest';
import { parseSntpOutput } from '../../main/timeservice/sntp-output.js';
import { parseW32tmStatus, w32tmSynchronized } from '../../main/timeservice/w32tm-status.js';
import { W32TM_SYNCED } from '../support/stand-in-tools.js';

/** A workstation that never synchronised: leap 3, stratum 0, the CMOS clock as its source (no /verbose). */
const W32TM_UNSYNCED = `Leap Indicator: 3(not synchronized)
Stratum: 0 (unspecified)
Precision: -23 (119.209ns per tick)
Root Delay: 0.0000000s
Root Dispersion: 0.0000000s
ReferenceId: 0x00000000 (unspecified)
Last Successful Sync Time: unspecified
Source: Local CMOS Clock
Poll Interval: 10 (1024s)
`;

describe('parseW32tmStatus', () => {
  it('reads a synchronised Windows with /verbose', () => {
    const parsed = parseW32tmStatus(W32TM_SYNCED);
    expect(parsed).toEqual({ ok: true, value: { leap: 0, stratum: 4, rootDelayS: 0.015625, rootDispersionS: 0.03125, source: 'DC01.contoso.com', pollLog2: 10, phaseOffsetS: -0.0000107, sinceLastGoodSyncS: 153.470601 } });
    expect(w32tmSynchronized((parsed as Extract<typeof parsed, { ok: true }>).value)).toBe(true);
  });

  it('reads one that never synchronised, and says so', () => {
    const parsed = parseW32tmStatus(W32TM_UNSYNCED);
    expect(parsed).toMatchObject({ ok: true, value: { leap: 3, stratum: 0, source: 'Local CMOS Clock', phaseOffsetS: null } });
    expect(w32tmSynchronized((parsed as Extract<typeof parsed, { ok: true }>).value)).toBe(false);
  });

  it('reads by position and value, so translated labels and a decimal comma do not matter', () => {
    const german = W32TM_SYNCED.replace('Leap Indicator', 'Sprungindikator').replace('Root Delay: 0.0156250s', 'Stammverzögerung: 0,0156250s');
    expect(parseW32tmStatus(german)).toMatchObject({ ok: true, value: { leap: 0, rootDelayS: 0.015625 } });
  });

  it('names what does not fit', () => {
    expect(parseW32tmStatus('The following error occurred: The service has not been started. (0x80070426)')).toEqual({ ok: false, check: 'lines' });
    expect(parseW32tmStatus(W32TM_SYNCED.replace('Stratum: 4', 'Stratum: x'))).toEqual({ ok: false, check: 'stratum' });
  });
});

describe('parseSntpOutput', () => {
  it('reads each result line, with RFC 5905 signs, skipping the banner', () => {
    const out = 'sntp 4.2.8p10@1.3728-o Tue Mar 21 14:36:42 UTC 2017 (136.200.1~2544)\n2023-03-14 10:19:43.123456 (+0100) +0.003192 +/- 0.021149 time.apple.com 17.253.34.125 s1 no-leap\n';
    expect(parseSntpOutput(out)).toEqual({ ok: true, value: [{ offsetS: 0.003192, errorS: 0.021149, host: 'time.apple.com', address: '17.253.34.125', stratum: 1, leap: 'no-leap' }] });
    expect(parseSntpOutput('-1.500000 +/- 0.010000 pool.ntp.org 192.0.2.1\n')).toMatchObject({ ok: true, value: [{ offsetS: -1.5, stratum: null, leap: null }] });
  });

  it('fails on output without a result', () => {
    expect(parseSntpOutput('sntp: Exchange failed: Timeout\n')).toEqual({ ok: false, check: 'no-result' });
  });
});

/** The kernel's clock state: both printers' parsers, and a real read on this machine against libc's adjtimex itself. */
import { execFile, execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { kernelView } from '../../main/timeservice/daemon-view.js';
import { parseAdjtimexPrint, parseNtptime, readKernel, STA_UNSYNC } from '../../main/timeservice/kernel-state.js';
import type { RunTool } from '../../main/timeservice/run-tool.js';
import { ntpsecProgram } from '../support/ntpd.js';

/** `adjtimex --print` (Debian's adjtimex 1.29) on a machine whose chronyd keeps the kernel synchronised (rtcsync). */
const ADJTIMEX_SYNCED = `         mode: 0
       offset: 0
    frequency: -1153433
     maxerror: 4500
     esterror: 12
       status: 8193
time_constant: 2
    precision: 1
    tolerance: 32768000
         tick: 10000
     raw time:  1796524928s 707803089us = 1796524928.707803089
 return value = 0
`;

describe('kernel state parsers', () => {
  it('reads adjtimex --print: synchronised, offset in ns under STA_NANO', () => {
    expect(parseAdjtimexPrint(ADJTIMEX_SYNCED)).toEqual({ ok: true, value: { clockState: 0, status: 0x2001, offsetUs: 0, maxErrorUs: 4500, estErrorUs: 12, tool: 'adjtimex' } });
    const slewing = ADJTIMEX_SYNCED.replace('offset: 0', 'offset: -250000');
    expect(parseAdjtimexPrint(slewing)).toMatchObject({ ok: true, value: { offsetUs: -250 } });
    expect(kernelView((parseAdjtimexPrint(ADJTIMEX_SYNCED) as Extract<ReturnType<typeof parseAdjtimexPrint>, { ok: true }>).value)).toMatchObject({ kind: 'kernel', synchronized: true, errorBoundMs: 4.5, lastUpdateAgeSeconds: null });
  });

  it('names the field it could not read', () => {
    expect(parseAdjtimexPrint(ADJTIMEX_SYNCED.replace(' return value = 0', ''))).toEqual({ ok: false, check: 'return-value' });
    expect(parseAdjtimexPrint(ADJTIMEX_SYNCED.replace('maxerror: 4500', 'maxerror: lots'))).toEqual({ ok: false, check: 'maxerror' });
    expect(parseNtptime('ntp_gettime() returns code 0 (OK)\n')).toEqual({ ok: false, check: 'return-value' });
  });

  it('reads this machine through ntpsec\'s ntptime and agrees with adjtimex(2) called from python', async () => {
    // adjtimex is not installed here: the reader moves on to ntptime (from the unpacked ntpsec).
    const run: RunTool = (file, args, timeoutMs) =>
      new Promise((resolve, reject) =>
        execFile(file === 'ntptime' ? ntpsecProgram('ntptime') : file, args, { timeout: timeoutMs }, (error, stdout) => (error ? reject(error) : resolve(stdout))),
      );
    const read = await readKernel({ timeoutMs: 5000, run });
    // libc's adjtimex with modes 0 (a read), LP64 struct timex: maxerror at 24, esterror at 32, status at 40.
    const script = [
      'import ctypes, struct',
      'b = ctypes.create_string_buffer(208)',
      'r = ctypes.CDLL(None).adjtimex(b)',
      'print(r, struct.unpack_from("<q", b, 24)[0], struct.unpack_from("<q", b, 32)[0], struct.unpack_from("<i", b, 40)[0])',
    ].join('\n');
    const [clockState, maxErrorUs, estErrorUs, status] = execFileSync('python3', ['-c', script]).toString().trim().split(' ').map(Number);
    expect(read).toMatchObject({ ok: true, state: { tool: 'ntptime', clockState, status } });
    const state = (read as Extract<typeof read, { ok: true }>).state;
    // maxerror grows by 500 µs a second until it is pinned at 16 s; the two reads are moments apart.
    expect(Math.abs(state.maxErrorUs - maxErrorUs!)).toBeLessThanOrEqual(5000);
    expect(Math.abs(state.estErrorUs - estErrorUs!)).toBeLessThanOrEqual(5000);
    // Nothing disciplines this machine's kernel (every chronyd in the tests runs with -x).
    expect(kernelView(state).synchronized).toBe(state.maxErrorUs < 16_000_000);
    expect(state.status & STA_UNSYNC).toBe(status! & STA_UNSYNC);
  });

  it('says which tool is missing when neither adjtimex nor ntptime is installed', async () => {
    const none: RunTool = () => Promise.reject(Object.assign(new Error('spawn ENOENT'), { code: 'ENOENT' }));
    expect(await readKernel({ timeoutMs: 1000, run: none })).toEqual({ ok: false, failure: { kind: 'tool-missing', tool: 'adjtimex or ntptime' } });
  });
});

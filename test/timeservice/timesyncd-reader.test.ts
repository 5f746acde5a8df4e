/** The timesyncd reader through the real busctl against a fake org.freedesktop.timesync1 on a private bus. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { timesyncdView } from '../../main/timeservice/daemon-view.js';
import { busctlFailure, readTimesyncd, runBusctl } from '../../main/timeservice/timesyncd-reader.js';
import { startFakeTimesyncd, type TimesyncState } from '../support/fake-timesyncd.js';
import { startSessionBus, type SessionBus } from '../support/session-bus.js';

let bus: SessionBus;
let empty: SessionBus;
const nowUs = BigInt(Date.now()) * 1000n;
// The server 2.5 ms ahead of this computer, 1 ms of delay: T2 - T1 = 3 ms, T3 - T4 = 2 ms.
const state: TimesyncState = {
  serverName: 'ntp.example.org',
  serverAddress: [2, Buffer.from([192, 0, 2, 7])],
  pollIntervalUSec: 64_000_000n,
  ntpMessage: [0, 4, 4, 2, -20, 1500n, 2500n, Buffer.from('GPS\0'), nowUs - 10_000_000n, nowUs - 9_997_000n, nowUs - 9_996_900n, nowUs - 9_998_900n, false, 7n, 300n],
};

beforeAll(async () => {
  [bus, empty] = await Promise.all([startSessionBus(), startSessionBus()]);
  await startFakeTimesyncd(bus, state);
});
afterAll(async () => {
  await Promise.all([bus?.stop(), empty?.stop()]);
});

describe('readTimesyncd', () => {
  it('reads the server, poll interval and last NTP message, and makes them a view with our signs', async () => {
    const read = await readTimesyncd({ timeoutMs: 5000, run: runBusctl(bus.address) });
    expect(read).toEqual({
      ok: true,
      report: {
        serverName: 'ntp.example.org',
        serverAddress: '192.0.2.7',
        pollIntervalS: 64,
        message: { leap: 0, stratum: 2, rootDelayUs: 1500, rootDispersionUs: 2500, t1Us: Number(nowUs) - 10_000_000, t2Us: Number(nowUs) - 9_997_000, t3Us: Number(nowUs) - 9_996_900, t4Us: Number(nowUs) - 9_998_900, spike: false, packetCount: 7, jitterUs: 300 },
      },
    });
    const view = timesyncdView((read as Extract<typeof read, { ok: true }>).report, Number(nowUs / 1000n));
    expect(view).toMatchObject({ kind: 'timesyncd', synchronized: true, stratum: 2, source: { address: '192.0.2.7' }, updateIntervalSeconds: 64 });
    expect(view.offsetMs).toBeCloseTo(2.5, 6);
    expect(view.errorBoundMs).toBeCloseTo(3.25, 6);
    expect(view.lastUpdateAgeSeconds).toBeCloseTo(9.9989, 3);
  });

  it('before its first sync (T4 zero, leap 3) it is not synchronised and never updated', async () => {
    const saved = state.ntpMessage;
    state.ntpMessage = [3, 4, 4, 0, -20, 0n, 0n, Buffer.alloc(4), 0n, 0n, 0n, 0n, false, 0n, 0n];
    state.serverAddress = [0, Buffer.alloc(0)];
    const read = await readTimesyncd({ timeoutMs: 5000, run: runBusctl(bus.address) });
    state.ntpMessage = saved;
    state.serverAddress = [2, Buffer.from([192, 0, 2, 7])];
    expect(read.ok).toBe(true);
    const view = timesyncdView((read as Extract<typeof read, { ok: true }>).report, Date.now());
    expect(view).toMatchObject({ synchronized: false, lastUpdateAgeSeconds: null, source: { address: 'ntp.example.org', offsetMs: null } });
  });

  it('says not running when nobody owns org.freedesktop.timesync1, and when there is no bus at all', async () => {
    expect(await readTimesyncd({ timeoutMs: 5000, run: runBusctl(empty.address) })).toEqual({ ok: false, failure: { kind: 'not-running' } });
    expect(await readTimesyncd({ timeoutMs: 5000, run: runBusctl('unix:path=/nonexistent/bus') })).toEqual({ ok: false, failure: { kind: 'not-running' } });
  });

  it('says which failure busctl met: not installed, access denied, too slow', () => {
    expect(busctlFailure(Object.assign(new Error('spawn busctl ENOENT'), { code: 'ENOENT' }))).toEqual({ kind: 'tool-missing', tool: 'busctl' });
    // busctl's message when the bus policy denies the call (sd-bus, C locale).
    const denied = 'Failed to get property ServerName on interface org.freedesktop.timesync1.Manager: Access denied\n';
    expect(busctlFailure(Object.assign(new Error('Command failed'), { code: 1, stderr: denied }))).toEqual({ kind: 'refused', how: 'dbus-denied' });
    expect(busctlFailure(Object.assign(new Error('Command failed'), { killed: true, code: null, stderr: '' }))).toEqual({ kind: 'no-reply' });
    expect(busctlFailure(Object.assign(new Error('Command failed'), { code: 1, stderr: 'Failed to get property: Something else\n' }))).toEqual({ kind: 'status', status: 1, command: 'get-property' });
  });
});

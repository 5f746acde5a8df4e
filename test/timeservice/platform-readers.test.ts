/**
 * The Windows Time and macOS timed readers, run through the real runner against stand-in `w32tm` and `sntp` scripts
 * placed first on PATH (never a real Windows or Mac): documented samples, Windows' error codes, a program that
 * hangs, one that prints garbage, one that prints 10 MB, and none installed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { timedView, w32timeView } from '../../main/timeservice/daemon-view.js';
import { DEFAULT_TIMED_SERVER, readTimed } from '../../main/timeservice/sntp-output.js';
import { readW32time } from '../../main/timeservice/w32tm-status.js';
import { sntpSample, standInTool, W32TM_SYNCED, W32TM_UNSYNCED, withPath, type StandIn, type StandInBehaviour } from '../support/stand-in-tools.js';

let made: StandIn[] = [];
const dirs: string[] = [];
afterEach(() => {
  made.forEach((s) => s.remove());
  made = [];
});
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tool(name: string, behaviour: StandInBehaviour): StandIn {
  const standIn = standInTool(name, behaviour);
  made.push(standIn);
  return standIn;
}

/** A directory with an ntp.conf holding `text`. */
function conf(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ntp-conf-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'ntp.conf'), text);
  return join(dir, 'ntp.conf');
}

/** PATH with no directory holding the program (an empty directory only). */
const EMPTY_PATH = mkdtempSync(join(tmpdir(), 'empty-path-'));
dirs.push(EMPTY_PATH);

describe('readW32time through a stand-in w32tm', () => {
  it('runs w32tm /query /status /verbose and reads a synchronised Windows as a view', async () => {
    const w32tm = tool('w32tm', { prints: W32TM_SYNCED });
    const read = await withPath(w32tm.path, () => readW32time({ timeoutMs: 5000 }));
    expect(w32tm.args()).toEqual(['/query /status /verbose']);
    expect(read).toMatchObject({ ok: true, status: { leap: 0, stratum: 4, source: 'DC01.contoso.com', phaseOffsetS: -0.0000107 } });
    const view = w32timeView((read as Extract<typeof read, { ok: true }>).status);
    expect(view).toMatchObject({ kind: 'w32time', synchronized: true, source: { address: 'DC01.contoso.com', offsetMs: null }, stratum: 4, lastUpdateAgeSeconds: 153.470601, updateIntervalSeconds: 1024 });
    expect(view.offsetMs).toBeCloseTo(-0.0107, 6);
    // Root dispersion + root delay / 2: 31.25 + 7.8125 ms.
    expect(view.errorBoundMs).toBeCloseTo(39.0625, 6);
  });

  it('reads one that never synchronised as not synchronised', async () => {
    const w32tm = tool('w32tm', { prints: W32TM_UNSYNCED });
    const read = await withPath(w32tm.path, () => readW32time({ timeoutMs: 5000 }));
    expect(read.ok && w32timeView(read.status)).toMatchObject({ synchronized: false, stratum: 0, source: { address: 'Local CMOS Clock' } });
  });

  it('knows Windows\' error codes in any language: service not started, access denied', async () => {
    const stopped = tool('w32tm', { prints: 'Der folgende Fehler ist aufgetreten: Der Dienst wurde nicht gestartet. (0x80070426)\r\n', exitStatus: 1 });
    expect(await withPath(stopped.path, () => readW32time({ timeoutMs: 5000 }))).toEqual({ ok: false, failure: { kind: 'not-running' } });
    const denied = tool('w32tm', { prints: 'The following error occurred: Access is denied. (0x80070005)\r\n' });
    expect(await withPath(denied.path, () => readW32time({ timeoutMs: 5000 }))).toEqual({ ok: false, failure: { kind: 'refused', how: 'w32time-denied' } });
    // A status whose reference happens to read as that code (128.7.0.5) is still a status.
    const lookalike = tool('w32tm', { prints: W32TM_SYNCED.replace('0x0A000001 (source IP:  10.0.0.1)', '0x80070005 (source IP:  128.7.0.5)') });
    expect(await withPath(lookalike.path, () => readW32time({ timeoutMs: 5000 }))).toMatchObject({ ok: true, status: { stratum: 4 } });
  });

  it('refuses a status without the /verbose lines (no phase offset: no belief)', async () => {
    const short = tool('w32tm', { prints: W32TM_SYNCED.split('\r\n\r\n')[0]! });
    expect(await withPath(short.path, () => readW32time({ timeoutMs: 5000 }))).toEqual({ ok: false, failure: { kind: 'invalid-reply', command: 'w32tm /query /status /verbose', check: 'phase-offset' } });
  });

  it('gives up on a w32tm that hangs, deaf to SIGTERM, at the deadline', async () => {
    const hang = tool('w32tm', 'hangs');
    const started = Date.now();
    expect(await withPath(hang.path, () => readW32time({ timeoutMs: 400 }))).toEqual({ ok: false, failure: { kind: 'no-reply' } });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('says what is wrong with garbage, with 10 MB, and with no w32tm at all', async () => {
    const garbage = tool('w32tm', { prints: 'garbage \x01\x02 not a status\n' });
    expect(await withPath(garbage.path, () => readW32time({ timeoutMs: 5000 }))).toEqual({ ok: false, failure: { kind: 'invalid-reply', command: 'w32tm /query /status /verbose', check: 'lines' } });
    const flood = tool('w32tm', 'floods');
    expect(await withPath(flood.path, () => readW32time({ timeoutMs: 5000 }))).toEqual({ ok: false, failure: { kind: 'invalid-reply', command: 'w32tm /query /status /verbose', check: 'size' } });
    expect(await withPath(EMPTY_PATH, () => readW32time({ timeoutMs: 5000 }))).toEqual({ ok: false, failure: { kind: 'tool-missing', tool: 'w32tm' } });
  });
});

describe('readTimed through a stand-in sntp', () => {
  it('measures the server ntp.conf names, and reads its result as timed\'s view', async () => {
    const sntp = tool('sntp', { prints: sntpSample('-2.500125', 'ntp.example.net') });
    const read = await withPath(sntp.path, () => readTimed({ timeoutMs: 5000, confPath: conf('# set by System Settings\nserver ntp.example.net.\n') }));
    expect(sntp.args()).toEqual(['ntp.example.net']);
    expect(read).toEqual({ ok: true, line: { offsetS: -2.500125, errorS: 0.021149, host: 'ntp.example.net', address: '127.0.0.1', stratum: 1, leap: 'no-leap' } });
    const view = timedView((read as Extract<typeof read, { ok: true }>).line);
    // RFC 5905's sign, ours: the server 2.5 s behind this computer, so timed would put this computer 2.5 s back.
    expect(view).toMatchObject({ kind: 'timed', synchronized: true, source: { address: '127.0.0.1' }, stratum: 1, lastUpdateAgeSeconds: null });
    expect(view.offsetMs).toBeCloseTo(-2500.125, 6);
    expect(view.source!.offsetMs).toBeCloseTo(-2500.125, 6);
    expect(view.errorBoundMs).toBeCloseTo(21.149, 6);
  });

  it('asks Apple\'s server when ntp.conf is missing or names something that is not a host (never an option)', async () => {
    const sntp = tool('sntp', { prints: sntpSample('+0.000100', DEFAULT_TIMED_SERVER) });
    await withPath(sntp.path, () => readTimed({ timeoutMs: 5000, confPath: join(EMPTY_PATH, 'none.conf') }));
    await withPath(sntp.path, () => readTimed({ timeoutMs: 5000, confPath: conf('server -s\n') }));
    expect(sntp.args()).toEqual([DEFAULT_TIMED_SERVER, DEFAULT_TIMED_SERVER]);
  });

  it('reads an unsynchronised server as timed not synchronised', async () => {
    const sntp = tool('sntp', { prints: sntpSample('+0.000100', 'x').replace('s1 no-leap', 's16 unsync') });
    const read = await withPath(sntp.path, () => readTimed({ timeoutMs: 5000, confPath: conf('server x\n') }));
    expect(read.ok && timedView(read.line).synchronized).toBe(false);
  });

  it('says what is wrong with a hang, garbage, 10 MB, a failed exchange and no sntp', async () => {
    const conf1 = conf('server time.example\n');
    const hang = tool('sntp', 'hangs');
    const started = Date.now();
    expect(await withPath(hang.path, () => readTimed({ timeoutMs: 400, confPath: conf1 }))).toEqual({ ok: false, failure: { kind: 'no-reply' } });
    expect(Date.now() - started).toBeLessThan(1500);
    const garbage = tool('sntp', { prints: '\x00\x01 +1.0 +/- nonsense\n' });
    expect(await withPath(garbage.path, () => readTimed({ timeoutMs: 5000, confPath: conf1 }))).toEqual({ ok: false, failure: { kind: 'invalid-reply', command: 'sntp time.example', check: 'no-result' } });
    const flood = tool('sntp', 'floods');
    expect(await withPath(flood.path, () => readTimed({ timeoutMs: 5000, confPath: conf1 }))).toEqual({ ok: false, failure: { kind: 'invalid-reply', command: 'sntp time.example', check: 'size' } });
    const failed = tool('sntp', { prints: 'sntp: Exchange failed: Timeout\n', exitStatus: 1 });
    expect(await withPath(failed.path, () => readTimed({ timeoutMs: 5000, confPath: conf1 }))).toEqual({ ok: false, failure: { kind: 'status', status: 1, command: 'sntp time.example' } });
    expect(await withPath(EMPTY_PATH, () => readTimed({ timeoutMs: 5000, confPath: conf1 }))).toEqual({ ok: false, failure: { kind: 'tool-missing', tool: 'sntp' } });
  });
});

/** `auto`'s order and its "none found" rule, with fake readers standing in for the daemons. */
import { describe, expect, it } from 'vitest';
import type { DaemonRead } from '../../main/timeservice/cross-check.js';
import type { DaemonFailure } from '../../main/timeservice/daemon-failure.js';
import { parseDaemonOption, type DaemonTarget } from '../../main/timeservice/daemon-option.js';
import { readDaemon, type DaemonReader } from '../../main/timeservice/read-daemon.js';

const view = { synchronized: true, source: null, stratum: 2, offsetMs: 0, lastOffsetMs: 0, errorBoundMs: 1, lastUpdateAgeSeconds: 1, updateIntervalSeconds: 64 };

/** A reader that answers per kind as told, and records what it was asked, in order. */
function fakes(answers: Partial<Record<DaemonTarget['kind'], DaemonFailure | 'ok'>>): { read: DaemonReader; asked: string[] } {
  const asked: string[] = [];
  const read: DaemonReader = async (target) => {
    asked.push(target.kind);
    const answer = answers[target.kind] ?? { kind: 'not-running' };
    return answer === 'ok' ? ({ ok: true, view: { kind: target.kind, ...view } } as DaemonRead) : { ok: false, failure: answer };
  };
  return { read, asked };
}

describe('readDaemon auto', () => {
  it('tries chronyd, then ntpd, then timesyncd, and takes the first that answers', async () => {
    const { read, asked } = fakes({ timesyncd: 'ok' });
    const lookup = await readDaemon({ kind: 'auto' }, 1000, read);
    expect(asked).toEqual(['chrony', 'ntpd', 'timesyncd']);
    expect(lookup).toMatchObject({ choice: { kind: 'timesyncd' }, read: { ok: true } });
  });

  it('stops at chronyd when it answers', async () => {
    const { read, asked } = fakes({ chrony: 'ok', ntpd: 'ok' });
    expect(await readDaemon({ kind: 'auto' }, 1000, read)).toMatchObject({ choice: { kind: 'chrony', host: '127.0.0.1', port: 323 } });
    expect(asked).toEqual(['chrony']);
  });

  it('finds none (null, not a failure) when nothing runs, is silent or has no tool; never asks the kernel', async () => {
    const { read, asked } = fakes({ chrony: { kind: 'not-running' }, ntpd: { kind: 'no-reply' }, timesyncd: { kind: 'tool-missing', tool: 'busctl' }, kernel: 'ok' });
    expect(await readDaemon({ kind: 'auto' }, 1000, read)).toBeNull();
    expect(asked).toEqual(['chrony', 'ntpd', 'timesyncd']);
  });

  it('reports a daemon that is there but refuses, instead of looking further', async () => {
    const { read, asked } = fakes({ ntpd: { kind: 'refused', how: 'ntpd-noquery' }, timesyncd: 'ok' });
    expect(await readDaemon({ kind: 'auto' }, 1000, read)).toMatchObject({ choice: { kind: 'ntpd', port: 123 }, read: { ok: false, failure: { kind: 'refused', how: 'ntpd-noquery' } } });
    expect(asked).toEqual(['chrony', 'ntpd']);
  });

  it('reads only the daemon named, and reports its absence as a failure', async () => {
    const { read, asked } = fakes({});
    expect(await readDaemon({ kind: 'kernel' }, 1000, read)).toMatchObject({ choice: { kind: 'kernel' }, read: { ok: false, failure: { kind: 'not-running' } } });
    expect(await readDaemon({ kind: 'none' }, 1000, read)).toBeNull();
    expect(asked).toEqual(['kernel']);
  });
});

describe('readDaemon auto on each platform', () => {
  it('asks Windows Time first on Windows, and moves on when w32tm is not there', async () => {
    const found = fakes({ w32time: 'ok', chrony: 'ok' });
    expect(await readDaemon({ kind: 'auto' }, 1000, found.read, 'win32')).toMatchObject({ choice: { kind: 'w32time' }, read: { ok: true } });
    expect(found.asked).toEqual(['w32time']);
    const missing = fakes({ w32time: { kind: 'tool-missing', tool: 'w32tm' }, chrony: 'ok' });
    expect(await readDaemon({ kind: 'auto' }, 1000, missing.read, 'win32')).toMatchObject({ choice: { kind: 'chrony' } });
    expect(missing.asked).toEqual(['w32time', 'chrony']);
  });

  it('asks timed first on macOS; a W32Time that refuses is reported, not passed over', async () => {
    const mac = fakes({ timed: 'ok', chrony: 'ok' });
    expect(await readDaemon({ kind: 'auto' }, 1000, mac.read, 'darwin')).toMatchObject({ choice: { kind: 'timed' } });
    expect(mac.asked).toEqual(['timed']);
    const refused = fakes({ w32time: { kind: 'refused', how: 'w32time-denied' } });
    expect(await readDaemon({ kind: 'auto' }, 1000, refused.read, 'win32')).toMatchObject({ choice: { kind: 'w32time' }, read: { ok: false, failure: { kind: 'refused' } } });
    expect(refused.asked).toEqual(['w32time']);
  });

  it('never asks Windows Time or timed anywhere else, even where they would answer', async () => {
    for (const platform of ['linux', 'freebsd'] as const) {
      const { read, asked } = fakes({ w32time: 'ok', timed: 'ok' });
      expect(await readDaemon({ kind: 'auto' }, 1000, read, platform)).toBeNull();
      expect(asked).toEqual(['chrony', 'ntpd', 'timesyncd']);
    }
    const onWindows = fakes({ timed: 'ok' });
    expect(await readDaemon({ kind: 'auto' }, 1000, onWindows.read, 'win32')).toBeNull();
    expect(onWindows.asked).toEqual(['w32time', 'chrony', 'ntpd', 'timesyncd']);
  });

  it('reads w32time or timed when named, on any platform', async () => {
    const { read, asked } = fakes({ w32time: 'ok', timed: 'ok' });
    expect(await readDaemon({ kind: 'w32time' }, 1000, read, 'linux')).toMatchObject({ choice: { kind: 'w32time' }, read: { ok: true } });
    expect(await readDaemon({ kind: 'timed' }, 1000, read, 'win32')).toMatchObject({ choice: { kind: 'timed' }, read: { ok: true } });
    expect(asked).toEqual(['w32time', 'timed']);
  });
});

describe('parseDaemonOption', () => {
  it('knows every value, with each kind\'s default port', () => {
    expect(parseDaemonOption('ntpd')).toEqual({ kind: 'ntpd', host: '127.0.0.1', port: 123, family: 4 });
    expect(parseDaemonOption('ntpd=[::1]')).toEqual({ kind: 'ntpd', host: '::1', port: 123, family: 6 });
    expect(parseDaemonOption('ntpd=10.0.0.5:1123')).toEqual({ kind: 'ntpd', host: '10.0.0.5', port: 1123, family: 4 });
    expect(parseDaemonOption('chrony=10.0.0.5')).toEqual({ kind: 'chrony', host: '10.0.0.5', port: 323, family: 4 });
    expect(parseDaemonOption('timesyncd')).toEqual({ kind: 'timesyncd' });
    expect(parseDaemonOption('kernel')).toEqual({ kind: 'kernel' });
    expect(parseDaemonOption('w32time')).toEqual({ kind: 'w32time' });
    expect(parseDaemonOption('timed')).toEqual({ kind: 'timed' });
    for (const bad of ['timesyncd=x', 'kernel=1', 'w32time=x', 'timed=127.0.0.1', 'W32Time', 'w32tm', 'ntp', 'ntpd=', 'ntpd=1.2.3.4:99999']) expect(parseDaemonOption(bad)).toBeNull();
  });
});

/** Reads the chosen time service once, as a view or the reason it could not be read; `auto` says nothing when none runs. */
import { resolveHost } from '../ntp/query.js';
import type { ResolvedAddress } from '../ntp/exchange.js';
import { readChrony } from './chrony-reader.js';
import type { DaemonRead } from './cross-check.js';
import { isAbsent } from './daemon-failure.js';
import { autoOrder, type DaemonChoice, type DaemonTarget } from './daemon-option.js';
import { chronyView, kernelView, ntpdView, timedView, timesyncdView, w32timeView } from './daemon-view.js';
import { readKernel } from './kernel-state.js';
import { readNtpd } from './ntpd-reader.js';
import { readTimed } from './sntp-output.js';
import { readTimesyncd } from './timesyncd-reader.js';
import { readW32time } from './w32tm-status.js';

/** What a read found: the daemon asked for (or found) with its read, or null (none chosen; auto found none). */
export type DaemonLookup = { choice: DaemonTarget; read: DaemonRead } | null;

/** Reads one daemon within a deadline (ms); replaceable in tests of the auto order. */
export type DaemonReader = (target: DaemonTarget, timeoutMs: number) => Promise<DaemonRead>;

/**
 * `auto` tries the platform's own service (Windows Time, timed), then chronyd, ntpd and timesyncd, in one deadline,
 * and takes the first that is there: silence, nothing listening or no tool means that one is absent, not broken; a
 * refusal or a bad reply is reported. None there: null, which is not a failure (a CI machine runs no daemon).
 * `platform` is process.platform's (tests name another).
 */
export async function readDaemon(choice: DaemonChoice, timeoutMs: number, read: DaemonReader = readTarget, platform: NodeJS.Platform = process.platform): Promise<DaemonLookup> {
  if (choice.kind === 'none') return null;
  if (choice.kind !== 'auto') return { choice, read: await read(choice, timeoutMs) };
  const deadline = Date.now() + timeoutMs;
  for (const target of autoOrder(platform)) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    const result = await read(target, left);
    if (result.ok || !isAbsent(result.failure)) return { choice: target, read: result };
  }
  return null;
}

/** The real readers, each turned into a view. */
export async function readTarget(target: DaemonTarget, timeoutMs: number): Promise<DaemonRead> {
  switch (target.kind) {
    case 'chrony':
    case 'ntpd': {
      const address = await resolve(target);
      if (!address) return { ok: false, failure: { kind: 'socket-error', code: 'ENOTFOUND' } };
      if (target.kind === 'chrony') {
        const read = await readChrony(address, target.port, { timeoutMs });
        return read.ok ? { ok: true, view: chronyView(read.report, Date.now()) } : read;
      }
      const read = await readNtpd(address, target.port, { timeoutMs });
      return read.ok ? { ok: true, view: ntpdView(read.report, Date.now()) } : read;
    }
    case 'timesyncd': {
      const read = await readTimesyncd({ timeoutMs });
      return read.ok ? { ok: true, view: timesyncdView(read.report, Date.now()) } : read;
    }
    case 'kernel': {
      const read = await readKernel({ timeoutMs });
      return read.ok ? { ok: true, view: kernelView(read.state) } : read;
    }
    case 'w32time': {
      const read = await readW32time({ timeoutMs });
      return read.ok ? { ok: true, view: w32timeView(read.status) } : read;
    }
    case 'timed': {
      const read = await readTimed({ timeoutMs });
      return read.ok ? { ok: true, view: timedView(read.line) } : read;
    }
  }
}

async function resolve(target: Extract<DaemonTarget, { kind: 'chrony' | 'ntpd' }>): Promise<ResolvedAddress | null> {
  if (target.family !== 0) return { address: target.host, family: target.family };
  return (await resolveHost(target.host).catch(() => []))[0] ?? null;
}

/** Reads the chosen time service once, as a view or the reason it could not be read; `auto` says nothing when none runs. */
import { resolveHost } from '../ntp/query.js';
import { readChrony } from './chrony-reader.js';
import type { DaemonRead } from './cross-check.js';
import { LOCAL_CHRONY, type DaemonChoice } from './daemon-option.js';
import { chronyView } from './daemon-view.js';

/** What a read found: the daemon asked for (or found) with its read, or null (none chosen; auto found none). */
export type DaemonLookup = { choice: Extract<DaemonChoice, { kind: 'chrony' }>; read: DaemonRead } | null;

export async function readDaemon(choice: DaemonChoice, timeoutMs: number): Promise<DaemonLookup> {
  if (choice.kind === 'none') return null;
  const target = choice.kind === 'auto' ? LOCAL_CHRONY : choice;
  const read = await readChronyAt(target, timeoutMs);
  // auto: silence or nothing listening means no chronyd here, not a broken one; a refusal or bad reply is one.
  if (choice.kind === 'auto' && !read.ok && (read.failure.kind === 'not-running' || read.failure.kind === 'no-reply')) return null;
  return { choice: target, read };
}

async function readChronyAt(target: Extract<DaemonChoice, { kind: 'chrony' }>, timeoutMs: number): Promise<DaemonRead> {
  let address = { address: target.host, family: target.family as 4 | 6 };
  if (target.family === 0) {
    const resolved = await resolveHost(target.host).catch(() => []);
    if (resolved.length === 0) return { ok: false, failure: { kind: 'socket-error', code: 'ENOTFOUND' } };
    address = resolved[0]!;
  }
  const read = await readChrony(address, target.port, { timeoutMs });
  return read.ok ? { ok: true, view: chronyView(read.report, Date.now()) } : read;
}

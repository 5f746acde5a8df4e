/**
 * The time service set against the servers' consensus: one verdict per round from plain data (pure), and the
 * `confirm` rule over rounds for the monitor. Kinds and figures only; the edges word them.
 */
import { classifyOffset, type Thresholds } from '../judging/classify.js';
import { Confirmed } from '../judging/confirmed.js';
import type { ServerState } from '../judging/server-state.js';
import { AGELESS_KINDS, type DaemonView } from './daemon-view.js';
import type { DaemonFailure } from './daemon-failure.js';

/** A daemon read: its view, or why it could not be read. */
export type DaemonRead = { ok: true; view: DaemonView } | { ok: false; failure: DaemonFailure };

/** One server as the consensus judged it, for finding the daemon's source among ours. */
export interface JudgedServer {
  server: string;
  address: string;
  offsetMs: number;
  falseticker: boolean;
}

/** What the servers said this round: the consensus with its own error bound, and the servers measured. */
export interface ConsensusView {
  /** Our sign: positive when the servers are ahead (this computer behind). */
  offsetMs: number;
  /** The half-width of the interval a majority agreed on, around the consensus (ms). */
  errorBoundMs: number;
  servers: JudgedServer[];
}

export const DAEMON_VERDICTS = ['agrees', 'disagrees', 'follows-falseticker', 'not-synchronized', 'stale', 'unreachable', 'unchecked'] as const;
/**
 * agrees; disagrees (beyond both error bounds and the warning threshold); follows-falseticker (its source is one the
 * consensus rejects); not-synchronized (it says so); stale (no update for STALE_INTERVALS of its own intervals);
 * unreachable (not read: the failure says why); unchecked (synchronised and fresh, but no consensus to compare with).
 */
export type DaemonVerdict = (typeof DAEMON_VERDICTS)[number];

export interface CrossCheck {
  verdict: DaemonVerdict;
  /** How bad the verdict is, on the servers' scale (unknown when the daemon could not be read). */
  state: ServerState;
  view: DaemonView | null;
  failure: DaemonFailure | null;
  /** The consensus minus the daemon's belief (ms), our sign; null without both. */
  differenceMs: number | null;
  /** The followed source as one of our servers (its name), when it is one. */
  followed: string | null;
  /** follows-falseticker: how far the followed source is from the consensus (ms, our sign). */
  sourceFromConsensusMs: number | null;
}

/** A daemon silent for this many of its update intervals is stale: a full reachability register (8 polls) without news. */
export const STALE_INTERVALS = 8;

/** The verdict for one round. `consensus` null: the servers reached no verdict this round. */
export function crossCheck(read: DaemonRead, consensus: ConsensusView | null, thresholds: Thresholds): CrossCheck {
  const none = { differenceMs: null, followed: null, sourceFromConsensusMs: null };
  if (!read.ok) return { verdict: 'unreachable', state: 'unknown', view: null, failure: read.failure, ...none };
  const view = read.view;
  const base = { view, failure: null };
  if (!view.synchronized) return { verdict: 'not-synchronized', state: 'warning', ...base, ...none };
  // The kernel and timed keep no age we can read: the kernel's maxerror passing 16 s (not synchronised above) is its
  // staleness; timed's source is measured afresh each read.
  const age = view.lastUpdateAgeSeconds;
  if (age === null ? !AGELESS_KINDS.includes(view.kind) : age > STALE_INTERVALS * view.updateIntervalSeconds) {
    return { verdict: 'stale', state: 'warning', ...base, ...none };
  }
  if (!consensus) return { verdict: 'unchecked', state: 'ok', ...base, ...none };
  const differenceMs = consensus.offsetMs - view.offsetMs;
  // Half the warning threshold: servers closer than that are one clock as far as the verdict goes.
  const followed = followedServer(view, consensus, (thresholds.warningSeconds * 1000) / 2);
  const sourceOffsetMs = followed?.offsetMs ?? view.source?.offsetMs ?? null;
  const sourceFromConsensusMs = sourceOffsetMs === null ? null : sourceOffsetMs - consensus.offsetMs;
  const detail = { differenceMs, followed: followed?.server ?? null, sourceFromConsensusMs };
  // Its source is ours and a falseticker, or (not ours) the daemon's own measurement of it lies beyond both bounds.
  const sourceFalse = followed ? followed.falseticker : sourceFromConsensusMs !== null && beyond(sourceFromConsensusMs, view.errorBoundMs, consensus, thresholds);
  if (sourceFalse) return { verdict: 'follows-falseticker', state: atLeastWarning(sourceFromConsensusMs!, thresholds), ...base, ...detail };
  if (beyond(differenceMs, view.errorBoundMs, consensus, thresholds)) return { verdict: 'disagrees', state: atLeastWarning(differenceMs, thresholds), ...base, ...detail };
  return { verdict: 'agrees', state: 'ok', ...base, ...detail };
}

/** Beyond the daemon's error bound plus the consensus's, and at least the warning threshold. */
function beyond(differenceMs: number, daemonBoundMs: number, consensus: ConsensusView, thresholds: Thresholds): boolean {
  const size = Math.abs(differenceMs);
  return size > daemonBoundMs + consensus.errorBoundMs && size >= thresholds.warningSeconds * 1000;
}

function atLeastWarning(offsetMs: number, thresholds: Thresholds): ServerState {
  const state = classifyOffset(offsetMs, thresholds);
  return state === 'critical' ? 'critical' : 'warning';
}

/**
 * The daemon's source among our servers: the one at its address; when several share it (ports differ, as on
 * loopback), the only one whose offset lies within `toleranceMs` of the daemon's own measurement of its source.
 * Null when none, or when that cannot tell them apart: a name we are not sure of is worse than an address.
 */
export function followedServer(view: DaemonView, consensus: ConsensusView, toleranceMs: number): JudgedServer | null {
  const source = view.source;
  if (!source) return null;
  const same = consensus.servers.filter((s) => s.address === source.address);
  if (same.length <= 1) return same[0] ?? null;
  if (source.offsetMs === null) return null;
  const near = same.filter((s) => Math.abs(s.offsetMs - source.offsetMs!) <= toleranceMs);
  return near.length === 1 ? near[0]! : null;
}

/** The verdict over rounds: a change counts after `confirm` rounds in a row asked for it, as a server's state does. */
export class DaemonVerdictMachine {
  private readonly confirmed = new Confirmed<DaemonVerdict | 'unknown'>('unknown');

  /** One round's check; the confirmed change, if this round completed one. */
  observe(check: CrossCheck, confirm: number): { from: DaemonVerdict | 'unknown'; to: DaemonVerdict } | null {
    const changed = this.confirmed.observe(check.verdict, confirm);
    return changed ? { from: changed.from, to: check.verdict } : null;
  }

  get verdict(): DaemonVerdict | 'unknown' {
    return this.confirmed.value;
  }
}

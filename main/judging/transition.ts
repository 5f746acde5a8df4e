/** A change of one server's state: the only thing that reaches the tray, notifications, webhooks and alerts. */
import type { Failure, Sample } from '../ntp/result.js';
import type { LimitExcess } from './limits.js';
import type { ServerState } from './server-state.js';

/** What a verdict across servers is about: this computer's clock, one server that disagrees, a leap second. */
export type VerdictReason = 'local-clock' | 'falseticker' | 'leap';

/** The figures of a verdict transition (see main/consensus/clock-verdict.ts). */
export interface VerdictDetail {
  reason: VerdictReason;
  /**
   * local-clock: the consensus offset (positive = the servers are ahead, so this computer is behind); falseticker: the
   * server's offset from the consensus; leap: 0.
   */
  offsetMs: number;
  /** Servers that agree (truechimers; for leap: that announce it) and servers that voted. */
  agree: number;
  total: number;
  /** For leap: 1 a second inserted, 2 deleted, 0 no longer announced. */
  leap?: 0 | 1 | 2;
}

export interface Transition {
  server: string;
  from: ServerState;
  to: ServerState;
  /** The result that completed the change: a sample for ok/warning/critical, a failure for unreachable. */
  sample?: Sample;
  failure?: Failure;
  /** The threshold crossed (seconds): the one entered on an alarm, the warning threshold on recovery. */
  thresholdSeconds?: number;
  at: number;
  /** Set when this is a verdict across servers; `server` is then the falseticker, or "" for this computer and leap. */
  verdict?: VerdictDetail;
  /** Limits the server is beyond (maxStratum, maxRootDistanceSeconds): why it is WARNING whatever its offset. */
  beyond?: LimitExcess[];
  /**
   * Set when a verdict already says what this server's offset change says (the local clock moved, or the server is
   * the falseticker): the change is logged but not alerted, so the user gets one alarm for one cause.
   */
  foldedInto?: 'local-clock' | 'falseticker';
}

/**
 * Whether a transition is worth telling someone (notification, webhook): every one except a first verdict being OK,
 * which is news to nobody, a change folded into a verdict's alarm, and a leap second no longer announced (it is
 * alerted once, when announced). The sample log still records them all.
 */
export function isAlert(t: Transition): boolean {
  if (t.foldedInto || (t.verdict?.reason === 'leap' && t.to === 'ok')) return false;
  return !(t.from === 'unknown' && t.to === 'ok');
}

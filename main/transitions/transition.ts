/** A change of one server's state: the only thing that reaches the tray, notifications, webhooks and alerts. */
import type { Failure, Sample } from '../sample/sample.js';

export const STATES = ['unknown', 'ok', 'warning', 'critical', 'unreachable'] as const;
export type ServerState = (typeof STATES)[number];

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
}

/** How bad a state is, for "worst of all servers" (tray colour, exit codes). */
export const SEVERITY: Record<ServerState, number> = { ok: 0, unknown: 1, warning: 2, unreachable: 3, critical: 4 };

export function worstState(states: Iterable<ServerState>): ServerState {
  let worst: ServerState = 'ok';
  let any = false;
  for (const state of states) {
    if (!any || SEVERITY[state] > SEVERITY[worst]) worst = state;
    any = true;
  }
  return any ? worst : 'unknown';
}

/**
 * Whether a transition is worth telling someone (notification, webhook): every one except a server's first verdict
 * being OK, which is news to nobody. The sample log still records it.
 */
export function isAlert(t: Transition): boolean {
  return !(t.from === 'unknown' && t.to === 'ok');
}

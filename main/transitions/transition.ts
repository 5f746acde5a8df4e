/** A change of one server's state: the only thing that reaches the tray, notifications, webhooks and alerts. */
import type { Failure, Sample } from '../sample/sample.js';
import type { ServerState } from '../state/server-state.js';

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

/**
 * Whether a transition is worth telling someone (notification, webhook): every one except a server's first verdict
 * being OK, which is news to nobody. The sample log still records it.
 */
export function isAlert(t: Transition): boolean {
  return !(t.from === 'unknown' && t.to === 'ok');
}

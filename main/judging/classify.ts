/** Offsets against thresholds: the state one offset calls for, and the threshold a change of state crossed. */
import type { ServerState } from './server-state.js';

export interface Thresholds {
  warningSeconds: number;
  criticalSeconds: number;
}

/** The state one offset calls for. The sign never matters: a clock behind is as wrong as one ahead. */
export function classifyOffset(offsetMs: number, thresholds: Thresholds): ServerState {
  const seconds = Math.abs(offsetMs) / 1000;
  if (seconds >= thresholds.criticalSeconds) return 'critical';
  if (seconds >= thresholds.warningSeconds) return 'warning';
  return 'ok';
}

/**
 * The threshold a change of state crossed, as transitions report it: the one entered on an alarm, the one left on a
 * step down from critical, the warning threshold on recovery; none for other changes.
 */
export function crossedThreshold(from: ServerState, to: ServerState, thresholds: Thresholds): number | undefined {
  if (to === 'critical') return thresholds.criticalSeconds;
  if (to === 'warning') return from === 'critical' ? thresholds.criticalSeconds : thresholds.warningSeconds;
  if (to === 'ok' && (from === 'warning' || from === 'critical')) return thresholds.warningSeconds;
  return undefined;
}

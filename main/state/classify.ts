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

/**
 * How much longer than configured the next poll of a server waits (a multiplier, 1 = as configured).
 * RATE doubles it each time, up to about two hours (RFC 8633). A server that stopped answering is polled less
 * often too, but only up to 4x, so that its return is noticed soon. Each good reply halves it back.
 */
import type { QueryResult } from '../ntp/result.js';
import type { Settings } from '../settings/settings.js';

export const RATE_BACKOFF_CAP_SECONDS = 7_200;
export const SILENCE_BACKOFF_MAX = 4;

export function nextBackoff(
  current: number,
  result: QueryResult,
  consecutiveFailures: number,
  settings: Pick<Settings, 'intervalSeconds' | 'failuresBeforeUnreachable'>,
): number {
  if (result.ok) return Math.max(1, current / 2);
  const { kind, code } = result.failure;
  if (kind === 'kod' && code === 'RATE') {
    const cap = Math.max(1, RATE_BACKOFF_CAP_SECONDS / settings.intervalSeconds);
    return Math.min(current * 2, cap);
  }
  const silent = kind === 'timeout' || kind === 'unreachable' || kind === 'dns';
  if (silent && consecutiveFailures >= settings.failuresBeforeUnreachable) return Math.min(current * 2, Math.max(current, SILENCE_BACKOFF_MAX));
  return current;
}

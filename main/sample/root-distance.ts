/** A sample's root (synchronization) distance: how far from its offset the true offset may lie (RFC 5905 lambda). */
import { LOCAL_PRECISION_MS } from '../ntp/reply.js';

/** What the root distance needs of a sample (a Sample has all of it). */
export interface Spread {
  delayMs: number;
  rootDelayMs: number;
  rootDispersionMs: number;
  /** From a burst or the monitor's last polls; 0 or absent when unknown. */
  jitterMs?: number;
}

/**
 * Root delay / 2 + root dispersion + delay / 2 + our own clock's precision + jitter: the half-width of the
 * correctness interval, inside which the true offset lies. Selection builds its intervals from it; the limits
 * (judging/limits.ts) keep a server whose distance is beyond the maximum from voting.
 */
export function rootDistanceMs(s: Spread, clientPrecisionMs = LOCAL_PRECISION_MS): number {
  return s.rootDelayMs / 2 + s.rootDispersionMs + s.delayMs / 2 + clientPrecisionMs + (s.jitterMs ?? 0);
}

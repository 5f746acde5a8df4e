/** RFC 5905's clock filter idea, pure: of several samples of one server keep the least-delay one, and measure jitter. */

/** What the filter needs of a sample: its offset and the round-trip delay that bounds the offset's error. */
export interface Measured {
  offsetMs: number;
  delayMs: number;
}

/** ntpd keeps the last 8 samples of a server; the monitor's jitter across polls looks at as many. */
export const FILTER_SIZE = 8;

/**
 * The index of the sample with the least delay: path asymmetry corrupts an offset by at most half the delay, so the
 * least-delay sample has the tightest error bound. Ties go to the earlier sample. -1 for an empty list.
 */
export function leastDelayIndex(samples: readonly Measured[]): number {
  let best = -1;
  samples.forEach((s, i) => {
    if (best === -1 || s.delayMs < samples[best]!.delayMs) best = i;
  });
  return best;
}

/**
 * RMS of the other samples' offset differences from the chosen one (RFC 5905 10, divided by n - 1 as ntpd does).
 * 0 for a single sample: one reply says nothing about variation.
 */
export function jitterAround(samples: readonly Measured[], chosen: number): number {
  if (samples.length < 2) return 0;
  const reference = samples[chosen]!.offsetMs;
  let sum = 0;
  samples.forEach((s, i) => {
    if (i !== chosen) sum += (s.offsetMs - reference) ** 2;
  });
  return Math.sqrt(sum / (samples.length - 1));
}

/**
 * Jitter across a server's recent polls (oldest first): the last 8 are filtered as RFC 5905 does, around the
 * least-delay one. For the monitor, which calls it with every new poll. 0 with fewer than two polls.
 */
export function pollJitterMs(recent: readonly Measured[]): number {
  const window = recent.slice(-FILTER_SIZE);
  return jitterAround(window, leastDelayIndex(window));
}

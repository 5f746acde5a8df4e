/** The one rule for a server's limits (maxStratum, maxRootDistanceSeconds), shared by `check` and the monitor. */
import { rootDistanceMs } from '../consensus/selection.js';
import type { Sample } from '../sample/sample.js';
import type { Settings } from '../settings/settings.js';

/** One limit a sample is beyond, with the figures a message needs (language-free, so transitions stay data). */
export type LimitExcess = { limit: 'stratum'; value: number; max: number } | { limit: 'root-distance'; valueSeconds: number; maxSeconds: number };

/** The limits `sample` is beyond; empty when none is set or none is exceeded. */
export function limitExcesses(sample: Sample, limits: Pick<Settings, 'maxStratum' | 'maxRootDistanceSeconds'>): LimitExcess[] {
  const excesses: LimitExcess[] = [];
  if (limits.maxStratum !== null && sample.stratum > limits.maxStratum) excesses.push({ limit: 'stratum', value: sample.stratum, max: limits.maxStratum });
  const distanceSeconds = rootDistanceMs(sample) / 1000;
  if (limits.maxRootDistanceSeconds !== null && distanceSeconds > limits.maxRootDistanceSeconds) {
    excesses.push({ limit: 'root-distance', valueSeconds: distanceSeconds, maxSeconds: limits.maxRootDistanceSeconds });
  }
  return excesses;
}

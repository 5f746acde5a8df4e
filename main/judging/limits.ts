/**
 * The one rule for a server's limits (maxStratum, maxRootDistanceSeconds), shared by `check` and the monitor: a
 * server beyond one is at least WARNING, and never votes in selection (a wide interval would let everything agree).
 */
import { rootDistanceMs } from '../sample/root-distance.js';
import type { Sample } from '../ntp/result.js';
import type { Settings } from '../settings/settings.js';
import type { ServerState } from './server-state.js';

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

/** Whether `sample` may vote in selection: within every limit (RFC 5905's fit test; MAXDIST is the default limit). */
export function mayVote(sample: Sample, limits: Pick<Settings, 'maxStratum' | 'maxRootDistanceSeconds'>): boolean {
  return limitExcesses(sample, limits).length === 0;
}

/** A server's state by its offset, raised to WARNING when it is beyond a limit: the one rule `check` and the monitor apply. */
export function withinLimitsState<S extends ServerState>(byOffset: S, beyondLimit: boolean): S | 'warning' {
  return byOffset === 'ok' && beyondLimit ? 'warning' : byOffset;
}

/** The one limits rule: what a sample is beyond, and the state a server beyond a limit is shown in. */
import { describe, expect, it } from 'vitest';
import { limitExcesses, mayVote, withinLimitsState } from '../../main/judging/limits.js';
import { sampleResult } from '../support/results.js';

const sample = (over: { stratum?: number; rootDispersionMs?: number } = {}) => {
  const result = sampleResult('a.test', 1);
  if (!result.ok) throw new Error('a sample');
  return { ...result.sample, ...over };
};

describe('limits', () => {
  it('names each limit a sample is beyond, and such a sample never votes', () => {
    const limits = { maxStratum: 3, maxRootDistanceSeconds: 0.5 };
    expect(limitExcesses(sample(), limits)).toEqual([]);
    expect(mayVote(sample(), limits)).toBe(true);
    const far = sample({ stratum: 5, rootDispersionMs: 900 });
    expect(limitExcesses(far, limits).map((e) => e.limit)).toEqual(['stratum', 'root-distance']);
    expect(mayVote(far, limits)).toBe(false);
    expect(limitExcesses(far, { maxStratum: null, maxRootDistanceSeconds: null })).toEqual([]);
  });

  it('raises OK to WARNING beyond a limit and leaves every worse or unknown state as it is', () => {
    expect(withinLimitsState('ok', true)).toBe('warning');
    expect(withinLimitsState('ok', false)).toBe('ok');
    for (const state of ['warning', 'critical', 'unknown', 'unreachable'] as const) expect(withinLimitsState(state, true)).toBe(state);
  });
});

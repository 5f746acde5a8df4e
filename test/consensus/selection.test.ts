/** Selection (RFC 5905 11.2.1 and 11.2.3) against hand-made correctness intervals, then properties over random ones. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { selectConsensus, type Candidate } from '../../main/consensus/selection.js';
import { rootDistanceMs } from '../../main/sample/root-distance.js';
import type { Sample } from '../../main/ntp/result.js';
import { MAX_DISTANCE_SECONDS } from '../../main/settings/settings.js';
import { mayVote } from '../../main/judging/limits.js';

/** A candidate whose correctness interval is offset +/- halfWidth exactly (client precision 0 in these tests). */
function interval(offsetMs: number, halfWidthMs: number): Candidate {
  return { offsetMs, delayMs: 0, rootDelayMs: 0, rootDispersionMs: halfWidthMs };
}
const select = (candidates: Candidate[]) => selectConsensus(candidates, 0);

describe('rootDistanceMs', () => {
  it('is root delay / 2 + root dispersion + delay / 2 + client precision + jitter', () => {
    expect(rootDistanceMs({ rootDelayMs: 10, rootDispersionMs: 3, delayMs: 4, jitterMs: 0.5 }, 0.25)).toBe(5 + 3 + 2 + 0.25 + 0.5);
    expect(rootDistanceMs({ rootDelayMs: 0, rootDispersionMs: 0, delayMs: 0 })).toBeGreaterThan(0);
  });
});

describe('selectConsensus', () => {
  it('all agree: every server a truechimer, the consensus weighted by 1 / lambda over the offsets inside [low, high]', () => {
    const verdict = select([interval(1, 2), interval(2, 2.5), interval(2.5, 4)])!;
    expect(verdict.selection).toEqual(['truechimer', 'truechimer', 'truechimer']);
    expect(verdict.allowed).toBe(0);
    expect([verdict.low, verdict.high]).toEqual([-0.5, 3]);
    // Weights 1/2, 1/2.5, 1/4: (0.5 + 0.8 + 0.625) / 1.15.
    expect(verdict.consensusOffsetMs).toBeCloseTo(1.925 / 1.15, 9);
    expect(verdict.combined).toBe(3);
  });

  it('a truechimer whose offset lies outside [low, high] is not combined: it reaches the intersection from afar', () => {
    const verdict = select([interval(1, 2), interval(2, 2), interval(4, 4)])!;
    expect(verdict.selection).toEqual(['truechimer', 'truechimer', 'truechimer']);
    expect([verdict.low, verdict.high]).toEqual([0, 3]);
    // Only 1 and 2 are combined, weights 1/2 each: (0.5 + 1) / 1 = 1.5. Before issue 17, +4 pulled it to 2.
    expect(verdict.consensusOffsetMs).toBeCloseTo(1.5, 9);
    expect(verdict.combined).toBe(2);
  });

  it('with no offset inside [low, high], the middle of it (never an offset no interval allows)', () => {
    // [-1.9, 0.1], [-0.1, 1.9], [-0.5, 1.5]: every interval covers [-0.1, 0.1], no offset lies in it.
    const verdict = select([interval(-0.9, 1), interval(0.9, 1), interval(0.5, 1)])!;
    expect([verdict.low, verdict.high].map((v) => Number(v.toFixed(9)))).toEqual([-0.1, 0.1]);
    expect(verdict.combined).toBe(0);
    expect(verdict.consensusOffsetMs).toBeCloseTo(0, 9);
  });

  it('one liar of four is a falseticker and does not move the consensus', () => {
    const verdict = select([interval(0.1, 1), interval(-0.2, 1), interval(0, 1), interval(150, 1.5)])!;
    expect(verdict.selection).toEqual(['truechimer', 'truechimer', 'truechimer', 'falseticker']);
    expect(verdict.allowed).toBe(1);
    expect(verdict.truechimers).toBe(3);
    expect(Math.abs(verdict.consensusOffsetMs)).toBeLessThan(0.2);
  });

  it('two liars of five (disagreeing with each other) are both falsetickers', () => {
    const verdict = select([interval(0, 5), interval(2, 5), interval(-3, 5), interval(-400, 5), interval(900, 5)])!;
    expect(verdict.selection).toEqual(['truechimer', 'truechimer', 'truechimer', 'falseticker', 'falseticker']);
    expect(verdict.allowed).toBe(2);
    expect(verdict.consensusOffsetMs).toBeCloseTo(-1 / 3, 9);
  });

  it('two liars of five that agree with each other are still outvoted', () => {
    const verdict = select([interval(0, 5), interval(2, 5), interval(-3, 5), interval(500, 5), interval(501, 5)])!;
    expect(verdict.selection.filter((s) => s === 'falseticker')).toHaveLength(2);
    expect(verdict.selection.slice(3)).toEqual(['falseticker', 'falseticker']);
  });

  it('no majority (three servers, three different times): no verdict', () => {
    expect(select([interval(0, 1), interval(100, 1), interval(-100, 1)])).toBeNull();
  });

  it('a tie (two against two): no verdict, never a guess', () => {
    expect(select([interval(0, 1), interval(0.5, 1), interval(2500, 1), interval(2500.5, 1)])).toBeNull();
  });

  it('fewer than three answers: no verdict even when they agree', () => {
    expect(select([interval(0, 1), interval(0.1, 1)])).toBeNull();
    expect(select([])).toBeNull();
  });

  it('intervals that only touch count as overlapping', () => {
    const verdict = select([interval(0, 1), interval(2, 1), interval(4, 1)]);
    // 0 and 2 touch at 1, 2 and 4 touch at 3: a majority of 2 at each end, all three reach [1, 3].
    expect(verdict?.selection).toEqual(['truechimer', 'truechimer', 'truechimer']);
  });

  it('a non-finite figure gives no verdict instead of a wrong one', () => {
    expect(select([interval(0, 1), interval(0, 1), { ...interval(0, 1), offsetMs: Number.NaN }])).toBeNull();
  });

  it('a majority whose midpoints lie apart still decides (the midpoint test RFC 5905 lists would refuse it)', () => {
    const verdict = select([interval(5, 5), interval(10, 1), interval(100.5, 0.5)]);
    expect(verdict?.selection).toEqual(['truechimer', 'truechimer', 'falseticker']);
  });
});

describe('selectConsensus properties', () => {
  const honestAndLiars = fc
    .record({
      truth: fc.double({ min: -5000, max: 5000, noNaN: true }),
      honest: fc.array(fc.record({ error: fc.double({ min: -0.999, max: 0.999, noNaN: true }), half: fc.double({ min: 0.01, max: 50, noNaN: true }) }), { minLength: 2, maxLength: 8 }),
      liars: fc.array(fc.record({ away: fc.double({ min: 1, max: 10_000, noNaN: true }), side: fc.boolean(), half: fc.double({ min: 0.01, max: 50, noNaN: true }) }), { maxLength: 7 }),
    })
    .filter(({ honest, liars }) => honest.length > liars.length && honest.length + liars.length >= 3);

  it('a majority of intervals containing the true time always gives a verdict: they are truechimers, the liars far away are not', () => {
    fc.assert(
      fc.property(honestAndLiars, ({ truth, honest, liars }) => {
        // Each honest interval contains the truth (the error is a fraction of its half-width).
        const good = honest.map((h) => interval(truth + h.error * h.half, h.half));
        const reach = Math.max(...good.map((g) => Math.abs(g.offsetMs - truth) + g.rootDispersionMs));
        // Liars sit beyond every honest interval, each its own distance away.
        const bad = liars.map((l) => interval(truth + (l.side ? 1 : -1) * (reach + l.half + l.away), l.half));
        const verdict = select([...good, ...bad]);
        expect(verdict).not.toBeNull();
        expect(verdict!.selection.slice(0, good.length).every((s) => s === 'truechimer')).toBe(true);
        // Within rounding: truth + half - half need not be truth in floating point.
        expect(verdict!.low).toBeLessThanOrEqual(truth + 1e-6);
        expect(verdict!.high).toBeGreaterThanOrEqual(truth - 1e-6);
        const offsets = good.map((g) => g.offsetMs);
        expect(verdict!.consensusOffsetMs).toBeGreaterThanOrEqual(Math.min(...offsets) - 1e-6);
        expect(verdict!.consensusOffsetMs).toBeLessThanOrEqual(Math.max(...offsets) + 1e-6);
      }),
      { numRuns: 300 },
    );
  });

  it('any verdict rests on a majority whose intervals all reach [low, high]', () => {
    const anyCandidate = fc.record({ offsetMs: fc.double({ min: -100, max: 100, noNaN: true }), half: fc.double({ min: 0.01, max: 60, noNaN: true }) });
    fc.assert(
      fc.property(fc.array(anyCandidate, { minLength: 3, maxLength: 9 }), (raw) => {
        const candidates = raw.map((r) => interval(r.offsetMs, r.half));
        const verdict = select(candidates);
        if (!verdict) return;
        expect(verdict.truechimers * 2).toBeGreaterThan(candidates.length);
        expect(verdict.low).toBeLessThanOrEqual(verdict.high);
        candidates.forEach((c, i) => {
          const reaches = c.offsetMs + c.rootDispersionMs >= verdict.low && c.offsetMs - c.rootDispersionMs <= verdict.high;
          expect(verdict.selection[i]).toBe(reaches ? 'truechimer' : 'falseticker');
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe('a minority cannot steer the verdict (issue 17)', () => {
  const limits = { maxStratum: null, maxRootDistanceSeconds: MAX_DISTANCE_SECONDS };
  /** A full sample, as a server's reply gives it: selection and the limits read different fields of it. */
  function reply(server: string, figures: Pick<Sample, 'offsetMs' | 'delayMs' | 'rootDelayMs' | 'rootDispersionMs' | 'stratum' | 'leap'>): Sample {
    return { server, host: server, port: 123, address: '127.0.0.1', version: 4, refId: 'X', precision: -20, at: 0, jitterMs: 0, samples: 1, ...figures };
  }
  /** What both faces do: only servers within the limits vote (judging/limits.ts), then selection. */
  const judged = (samples: Sample[]) => {
    const voters = samples.filter((s) => mayVote(s, limits));
    return { voters, verdict: selectConsensus(voters) };
  };

  const honest = fc.record({ delayMs: fc.double({ min: 0, max: 20, noNaN: true }), rootDelayMs: fc.double({ min: 0, max: 20, noNaN: true }), rootDispersionMs: fc.double({ min: 0, max: 10, noNaN: true }), error: fc.double({ min: -1, max: 1, noNaN: true }) });
  const liar = fc.record({
    offsetMs: fc.oneof(fc.double({ min: -5000, max: 5000, noNaN: true }), fc.constantFrom(2500, -2500, 150, 1)),
    delayMs: fc.double({ min: 0, max: 3000, noNaN: true }),
    rootDelayMs: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 3000, noNaN: true })),
    rootDispersionMs: fc.oneof(fc.constant(0), fc.constant(15_000), fc.double({ min: 0, max: 16_000, noNaN: true })),
    stratum: fc.integer({ min: 1, max: 15 }),
    leap: fc.integer({ min: 0, max: 2 }),
  });
  const fleets = fc
    .record({ honest: fc.array(honest, { minLength: 2, maxLength: 7 }), liars: fc.array(liar, { maxLength: 6 }) })
    .filter(({ honest, liars }) => honest.length > liars.length && honest.length + liars.length >= 3);

  it('with a strict honest majority: a verdict within the honest error bound, and no interval missing that bound marked truechimer', () => {
    fc.assert(
      fc.property(fleets, ({ honest: good, liars }) => {
        const honestSamples = good.map((h, i) => {
          const sample = reply(`h${i}`, { ...h, offsetMs: 0, stratum: 2, leap: 0 });
          // An honest server's offset lies inside its own correctness interval around the true offset, 0.
          return { ...sample, offsetMs: h.error * rootDistanceMs(sample) };
        });
        const liarSamples = liars.map((l, i) => reply(`l${i}`, l));
        // The honest error bound: no honest interval reaches further from the truth.
        const bound = Math.max(...honestSamples.map((s) => Math.abs(s.offsetMs) + rootDistanceMs(s))) + 1e-9;
        const { voters, verdict } = judged([...honestSamples, ...liarSamples]);
        // Liars beyond a limit do not vote; fewer than 3 voters left means no verdict, never a guess.
        if (voters.length < 3) return void expect(verdict).toBeNull();
        expect(verdict).not.toBeNull();
        expect(Math.abs(verdict!.consensusOffsetMs)).toBeLessThanOrEqual(bound);
        voters.forEach((v, i) => {
          const missesTheBound = v.offsetMs - rootDistanceMs(v) > bound || v.offsetMs + rootDistanceMs(v) < -bound;
          if (missesTheBound) expect(verdict!.selection[i], v.server).toBe('falseticker');
        });
      }),
      { numRuns: 500 },
    );
  });

  it('the dispersive server of the issue: one true, one at +2.5 s, one true at 15 s dispersion gives no verdict, not -202 ms', () => {
    const trueOne = reply('true', { offsetMs: 0.01, delayMs: 0.1, rootDelayMs: 0, rootDispersionMs: 0.02, stratum: 8, leap: 0 });
    const liarOne = reply('liar', { offsetMs: 2500, delayMs: 0.1, rootDelayMs: 0, rootDispersionMs: 0.02, stratum: 2, leap: 0 });
    const dispersive = reply('dispersive', { offsetMs: 0, delayMs: 0.1, rootDelayMs: 0, rootDispersionMs: 15_000, stratum: 8, leap: 0 });
    const { voters, verdict } = judged([trueOne, liarOne, dispersive]);
    expect(voters.map((v) => v.server)).toEqual(['true', 'liar']);
    expect(verdict).toBeNull();
    // Two true and a liar beside it: the liar is the falseticker and the consensus is the true servers'.
    const { verdict: majority } = judged([trueOne, { ...trueOne, server: 'true2', offsetMs: -0.01 }, liarOne, dispersive]);
    expect(majority!.selection).toEqual(['truechimer', 'truechimer', 'falseticker']);
    expect(Math.abs(majority!.consensusOffsetMs)).toBeLessThan(0.05);
  });
});

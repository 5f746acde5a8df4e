/** Selection (RFC 5905 11.2.1 and 11.2.3) against hand-made correctness intervals, then properties over random ones. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rootDistanceMs, selectConsensus, type Candidate } from '../../main/consensus/selection.js';

/** A candidate whose correctness interval is offset +/- halfWidth exactly (client precision 0 in these tests). */
function interval(offsetMs: number, halfWidthMs: number): Candidate {
  return { offsetMs, delayMs: 0, rootDelayMs: 0, rootDispersionMs: halfWidthMs };
}
const select = (candidates: Candidate[]) => selectConsensus(candidates, 0);

describe('rootDistanceMs', () => {
  it('is root delay / 2 + root dispersion + delay / 2 + client precision + jitter', () => {
    expect(rootDistanceMs({ offsetMs: 5, rootDelayMs: 10, rootDispersionMs: 3, delayMs: 4, jitterMs: 0.5 }, 0.25)).toBe(5 + 3 + 2 + 0.25 + 0.5);
    expect(rootDistanceMs({ offsetMs: 5, rootDelayMs: 0, rootDispersionMs: 0, delayMs: 0 })).toBeGreaterThan(0);
  });
});

describe('selectConsensus', () => {
  it('all agree: every server a truechimer, the consensus weighted by 1 / lambda', () => {
    const verdict = select([interval(1, 2), interval(2, 2), interval(4, 4)])!;
    expect(verdict.selection).toEqual(['truechimer', 'truechimer', 'truechimer']);
    expect(verdict.allowed).toBe(0);
    // Weights 1/2, 1/2, 1/4: (0.5 + 1 + 1) / 1.25 = 2.
    expect(verdict.consensusOffsetMs).toBeCloseTo(2, 9);
    expect([verdict.low, verdict.high]).toEqual([0, 3]);
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

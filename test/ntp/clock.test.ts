import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSystemClock, measureAnchor, SYSTEM_SOURCES, type TimeSources } from '../../main/ntp/clock.js';

/**
 * A simulated machine: the true wall time is the monotonic time plus `anchor`, every read costs `stepMs`, and one
 * chosen read (`pauseAt`, counting both kinds) stalls for `pauseMs` first, as a fresh Node process does when its
 * first performance.now() loads perf_hooks or a garbage collection lands between two reads.
 */
function simulated(anchor: number, options: { pauseAt?: number; pauseMs?: number; stepMs?: number } = {}) {
  let mono = 5_000;
  let reads = 0;
  let stepMs = options.stepMs ?? 0.0002;
  const tick = () => {
    if (reads++ === options.pauseAt) mono += options.pauseMs ?? 0;
    mono += stepMs;
  };
  const sources: TimeSources = {
    dateNow: () => (tick(), Math.floor(mono + anchor)),
    monoNow: () => (tick(), mono),
  };
  return { sources, stepWall: (ms: number) => (anchor += ms), trueWall: () => mono + anchor, setReadCost: (ms: number) => (stepMs = ms) };
}

describe('the wall anchor, measured on a Date.now() tick edge', () => {
  it('is right to a few microseconds whatever read a 0.1-2 ms pause lands on', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 30_000 }), fc.double({ min: 0.1, max: 2, noNaN: true }), (fraction, pauseAt, pauseMs) => {
        const anchor = 1_780_000_000_000 + fraction;
        const measured = measureAnchor(simulated(anchor, { pauseAt, pauseMs }).sources);
        // Each read costs 0.2 us: an edge bracketed by two pairs of reads is known to under 1 us.
        expect(Math.abs(measured - anchor)).toBeLessThan(0.002);
      }),
      { numRuns: 300 },
    );
  });

  it('settles for the narrowest edge when every edge is slow to read, and stays inside its bracket', () => {
    // Reads of 30 us each: no edge can be bracketed within 10 us, so it gives up after a few edges.
    const anchor = 1_780_000_000_000.4321;
    const measured = measureAnchor(simulated(anchor, { stepMs: 0.03 }).sources);
    expect(Math.abs(measured - anchor)).toBeLessThan(0.06);
  });
});

describe('the anchor the process started with', () => {
  it('is used as it is, without watching a tick: one Date.now() a reading', () => {
    const machine = simulated(1_780_000_000_000.6789);
    let dateReads = 0;
    const clock = createSystemClock({
      dateNow: () => (dateReads++, machine.sources.dateNow()),
      monoNow: machine.sources.monoNow,
      originMs: () => 1_780_000_000_000.6789,
    });
    for (let i = 0; i < 100; i++) expect(Math.abs(clock.wallMs() - machine.trueWall())).toBeLessThan(0.002);
    expect(dateReads).toBe(100);
  });

  it('is measured again on a tick edge when the clock was stepped since the process started', () => {
    // A step under a millisecond may fall within a reading's bounds, and is then pulled in as the clock goes on.
    for (const step of [-5_000.25, -1.5, -1.001, +1.001, +1.5, +3_600_000.75]) {
      const machine = simulated(1_780_000_000_000.125);
      const clock = createSystemClock({ ...machine.sources, originMs: () => 1_780_000_000_000.125 - step });
      expect(Math.abs(clock.wallMs() - machine.trueWall()), `stepped ${step} ms`).toBeLessThan(0.005);
    }
  });

  it('is this process\'s own: Node\'s start anchor agrees with one measured on a tick edge of the real clocks', () => {
    // Decision 43: they agree to a microsecond or two in a fresh process; 0.1 ms leaves room for a busy test machine.
    const measured = measureAnchor({ dateNow: SYSTEM_SOURCES.dateNow, monoNow: SYSTEM_SOURCES.monoNow });
    expect(Math.abs(SYSTEM_SOURCES.originMs!() - measured)).toBeLessThan(0.1);
  });
});

describe('system clock for T1/T4', () => {
  it('reads the simulated wall time to a few microseconds, and follows a step of the clock', () => {
    const machine = simulated(1_780_000_000_000.25, { pauseAt: 3, pauseMs: 1.3 });
    const clock = createSystemClock(machine.sources);
    for (let i = 0; i < 1000; i++) expect(Math.abs(clock.wallMs() - machine.trueWall())).toBeLessThan(0.005);
    machine.stepWall(-5_000.123);
    clock.wallMs();
    for (let i = 0; i < 1000; i++) expect(Math.abs(clock.wallMs() - machine.trueWall())).toBeLessThan(0.005);
    machine.stepWall(+86_400_000.5);
    clock.wallMs();
    expect(Math.abs(clock.wallMs() - machine.trueWall())).toBeLessThan(0.005);
  });

  it('measures the anchor once, not again on a reading near a tick (its bracket may leave it a little high)', () => {
    // The edge is watched with slow reads (2 us each: a bracket of about 8 us, trusted, so the anchor is right only to
    // about 4 us), the readings after it are fast (0.2 us). Wherever the true anchor falls within a millisecond,
    // 25,000 readings (20 ms, 20 tick edges) read Date.now() once each: none watches a tick again, and each stays
    // within the anchor's error.
    for (let fraction = 0.013; fraction < 1; fraction += 0.05) {
      const machine = simulated(1_780_000_000_000 + fraction, { stepMs: 0.002 });
      let dateReads = 0;
      const counted: TimeSources = { dateNow: () => (dateReads++, machine.sources.dateNow()), monoNow: machine.sources.monoNow };
      const clock = createSystemClock(counted);
      clock.wallMs();
      machine.setReadCost(0.0002);
      const afterMeasuring = dateReads;
      for (let i = 0; i < 25_000; i++) expect(Math.abs(clock.wallMs() - machine.trueWall())).toBeLessThan(0.012);
      expect(dateReads - afterMeasuring, `anchor fraction ${fraction}`).toBe(25_000);
    }
  });

  it('agrees with Date.now() to within its truncation, at sub-millisecond resolution', () => {
    const clock = createSystemClock();
    const diffs: number[] = [];
    const fractions = new Set<number>();
    for (let i = 0; i < 50_000; i++) {
      const wall = clock.wallMs();
      diffs.push(wall - Date.now());
      fractions.add(Math.round((wall % 1) * 100));
    }
    diffs.sort((a, b) => a - b);
    // Date.now() floors the true time, so wall - Date.now() lies in [0, 1) (a pause between the two reads can only
    // push a few readings below 0; they must stay rare).
    const median = diffs[diffs.length >> 1]!;
    expect(median).toBeGreaterThanOrEqual(-0.05);
    expect(median).toBeLessThan(1);
    expect(diffs.filter((d) => d < -0.1 || d >= 1.1).length).toBeLessThan(diffs.length / 100);
    expect(fractions.size).toBeGreaterThan(10);
  });

  it('monoMs never goes backwards', () => {
    const clock = createSystemClock();
    let last = clock.monoMs();
    for (let i = 0; i < 10_000; i++) {
      const now = clock.monoMs();
      expect(now).toBeGreaterThanOrEqual(last);
      last = now;
    }
  });
});

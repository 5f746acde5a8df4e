import { describe, expect, it } from 'vitest';
import { createSystemClock } from '../../main/ntp/clock.js';

describe('system clock for T1/T4', () => {
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

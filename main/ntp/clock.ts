/**
 * Local time for T1/T4. `wallMs` follows the system clock (so a stepped clock is measured as stepped) with
 * sub-millisecond resolution; `monoMs` is monotonic, for the interval between T1 and T4.
 */
export interface Clock {
  wallMs(): number;
  monoMs(): number;
}

/**
 * performance.timeOrigin + performance.now() is precise but monotonic: after a clock step it no longer tells the
 * wall time. So we keep an anchor (wall minus monotonic) inside the bounds every Date.now() reading gives
 * (Date.now() truncates, so the true anchor lies in [now - mono, now + 1 - mono)), tighten it with each reading,
 * and re-measure it from scratch when a reading falls outside (the clock was stepped).
 */
export function createSystemClock(): Clock {
  // The first anchor is free: performance.timeOrigin is the wall time at the monotonic clock's zero, read by Node at
  // start with microsecond resolution (it agreed with measureAnchor() within 4-8 us, where two measureAnchor() runs
  // differed by up to 146 us). measureAnchor() spins up to 3 ms, a quarter of `ntp-monitor check`'s budget (issue 9);
  // it still runs when the first reading falls outside the bounds (the clock was stepped since the process started).
  let anchor = performance.timeOrigin;
  return {
    wallMs() {
      const before = performance.now();
      const now = Date.now();
      const after = performance.now();
      const lower = now - after;
      const upper = now + 1 - before;
      if (anchor > upper || anchor < lower - 1) anchor = measureAnchor();
      else anchor = Math.max(anchor, lower);
      return anchor + performance.now();
    },
    monoMs: () => performance.now(),
  };
}

/**
 * Watches Date.now() tick over a few times. Reading the tick before the monotonic clock makes each estimate a lower
 * bound (a pause between the two reads only lowers it), so the largest of them is the best.
 */
function measureAnchor(): number {
  let best = -Infinity;
  for (let edge = 0; edge < 3; edge++) {
    const start = Date.now();
    let tick = start;
    while (tick === start) tick = Date.now();
    best = Math.max(best, tick - performance.now());
  }
  return best;
}

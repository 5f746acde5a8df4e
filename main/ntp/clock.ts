/**
 * Local time for T1/T4. `wallMs` follows the system clock (so a stepped clock is measured as stepped) with
 * sub-millisecond resolution; `monoMs` is monotonic, for the interval between T1 and T4.
 */
export interface Clock {
  wallMs(): number;
  monoMs(): number;
}

/**
 * performance.now() is precise but monotonic: after a clock step it no longer tells the wall time. So we keep an
 * anchor (wall minus monotonic), measured on a tick edge of Date.now(), inside the bounds every Date.now() reading
 * gives (Date.now() truncates, so the true anchor lies in [now - mono, now + 1 - mono)), tighten it with each
 * reading, and re-measure it from scratch when a reading falls outside (the clock was stepped).
 */
export function createSystemClock(): Clock {
  // The first anchor is measured, not taken from performance.timeOrigin: in a fresh `ntp-monitor check` process the
  // two disagreed by over a millisecond, and every offset of that run moved by as much (a chronyd on loopback read
  // +1.355 ms with a 1.353 ms delay, outside RFC 5905's bound). One tick edge costs at most 1 ms, before T1 is read.
  let anchor: number | undefined;
  return {
    wallMs() {
      if (anchor === undefined) anchor = measureAnchor(1);
      const before = performance.now();
      const now = Date.now();
      const after = performance.now();
      const lower = now - after;
      const upper = now + 1 - before;
      if (anchor > upper || anchor < lower - 1) anchor = measureAnchor(3);
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
function measureAnchor(edges: number): number {
  let best = -Infinity;
  for (let edge = 0; edge < edges; edge++) {
    const start = Date.now();
    let tick = start;
    while (tick === start) tick = Date.now();
    best = Math.max(best, tick - performance.now());
  }
  return best;
}

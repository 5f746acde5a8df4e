/**
 * Local time for T1/T4. `wallMs` follows the system clock (so a stepped clock is measured as stepped) with
 * sub-millisecond resolution; `monoMs` is monotonic, for the interval between T1 and T4.
 */
export interface Clock {
  wallMs(): number;
  monoMs(): number;
}

/** Largest disagreement with Date.now() tolerated before re-anchoring (Date.now() truncates to whole ms). */
const DRIFT_TOLERANCE_MS = 1.5;

/**
 * performance.timeOrigin + performance.now() is precise but monotonic: after a clock step or a long slew it no
 * longer tells the wall time. So anchor the monotonic clock to the edge of a Date.now() millisecond tick, and
 * re-anchor whenever the two disagree by more than a tick.
 */
export function createSystemClock(): Clock {
  let anchor = anchorToTick();
  return {
    wallMs() {
      const estimate = anchor + performance.now();
      if (Math.abs(Date.now() - estimate) > DRIFT_TOLERANCE_MS) anchor = anchorToTick();
      return anchor + performance.now();
    },
    monoMs: () => performance.now(),
  };
}

function anchorToTick(): number {
  const start = Date.now();
  let tick = start;
  while (tick === start) tick = Date.now();
  return tick - performance.now();
}

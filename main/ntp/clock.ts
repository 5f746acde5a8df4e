/**
 * Local time for T1/T4. `wallMs` follows the system clock (so a stepped clock is measured as stepped) with
 * sub-millisecond resolution; `monoMs` is monotonic, for the interval between T1 and T4.
 */
export interface Clock {
  wallMs(): number;
  monoMs(): number;
}

/** The readings the clock is made of; tests replace them to play a slow first read or a stepped clock. */
export interface TimeSources {
  /** Whole milliseconds of the system clock, truncated (`Date.now`). */
  dateNow(): number;
  /** A monotonic clock in fractional milliseconds. */
  monoNow(): number;
  /**
   * The wall time at monoNow()'s zero as the runtime recorded it when the process started, to the microsecond; without
   * it the anchor is measured on a tick edge.
   */
  originMs?(): number;
}

/**
 * An edge is trusted when the monotonic reads that bracket it are this close: the anchor is then right to half of
 * it. A fresh Node process pauses for 0.1-2 ms every few hundred microseconds of a spin loop (compilation, young
 * garbage collections), and an edge seen across such a pause would put the anchor off by as much.
 */
const TRUSTED_EDGE_MS = 0.01;
/** Edges watched at most (each costs up to 1 ms of spinning), or start anchors read, before settling for the narrowest. */
const MAX_EDGES = 5;

/** process.hrtime() in milliseconds: libuv's monotonic clock, the one performance.now() reads. */
function hrtimeMs(): number {
  const [seconds, nanoseconds] = process.hrtime();
  return seconds * 1e3 + nanoseconds / 1e6;
}

/**
 * Node records the wall time (gettimeofday, microseconds) and libuv's monotonic time together when the process starts:
 * performance.timeOrigin and performance.now()'s zero. Their difference is the anchor, read without waiting for a tick
 * (the tick edge cost 1-2 ms of every fresh `check`, issue 19). performance.now() is read between two monotonic reads,
 * so that a pause between them is seen, and retried.
 */
function startAnchor(): number {
  return narrowest(() => {
    const before = hrtimeMs();
    const sinceOrigin = performance.now();
    const after = hrtimeMs();
    return { anchor: performance.timeOrigin + sinceOrigin - (before + after) / 2, width: after - before };
  });
}

/**
 * Reads an anchor with `attempt` (the anchor and the width of the monotonic bracket it was read in) until one is
 * trusted, MAX_EDGES times at most, and keeps the narrowest; a first reading without a bracket (infinite width) is
 * kept only until a bracketed one comes.
 */
function narrowest(attempt: () => { anchor: number; width: number }): number {
  let best = { anchor: Number.NaN, width: Number.POSITIVE_INFINITY };
  for (let tries = 0; tries < MAX_EDGES && best.width > TRUSTED_EDGE_MS; tries++) {
    const next = attempt();
    if (next.width < best.width || Number.isNaN(best.anchor)) best = next;
  }
  return best.anchor;
}

/** This process's clocks: Date.now(), process.hrtime() and the anchor Node recorded at start. */
export const SYSTEM_SOURCES: TimeSources = { dateNow: () => Date.now(), monoNow: hrtimeMs, originMs: startAnchor };

/**
 * The monotonic clock is precise, but after a clock step it no longer tells the wall time. So we keep an anchor (wall
 * minus monotonic): first the one the process started with (`originMs`), else measured on a tick edge of Date.now().
 * It is kept inside the bounds every Date.now() reading gives (Date.now() truncates, so the true anchor lies in
 * [now - mono, now + 1 - mono)): each reading pulls it inside them, and one more than a millisecond outside means the
 * clock was stepped (since the process started, or since the last reading), so the anchor is measured again.
 */
export function createSystemClock(sources: TimeSources = SYSTEM_SOURCES): Clock {
  let anchor: number | undefined;
  return {
    wallMs() {
      const before = sources.monoNow();
      const now = sources.dateNow();
      const after = sources.monoNow();
      const lower = now - after;
      const upper = now + 1 - before;
      if (anchor === undefined) {
        // The start anchor is exact, so it must lie within the first reading's bounds; outside them the clock was
        // stepped since the process started.
        const origin = sources.originMs?.();
        anchor = origin !== undefined && origin > lower - TRUSTED_EDGE_MS && origin < upper + TRUSTED_EDGE_MS ? origin : measureAnchor(sources);
      }
      // Pulled in, not measured again, when just outside: an anchor measured on an edge is right only to half the edge's
      // bracket, and a reading a few microseconds after a tick would otherwise cost a new measurement.
      if (anchor > upper + 1 || anchor < lower - 1) anchor = measureAnchor(sources);
      else anchor = Math.min(Math.max(anchor, lower), upper);
      return anchor + sources.monoNow();
    },
    monoMs: () => sources.monoNow(),
  };
}

/**
 * Watches Date.now() tick over, with a monotonic read before every Date.now() read, until one edge is bracketed
 * within TRUSTED_EDGE_MS: at the edge the wall time is exactly the new tick, and the monotonic time lies between the
 * read before the last Date.now() that still gave the old tick and the read after the new one. The anchor is the
 * tick minus the middle of that bracket. Measured this way a slow read (a garbage collection, a function compiled
 * on its first call) widens the bracket, which is seen and retried, instead of moving the anchor unseen.
 */
export function measureAnchor({ dateNow, monoNow }: TimeSources): number {
  return narrowest(() => {
    let previous = monoNow();
    const start = dateNow();
    let before = previous;
    let tick = start;
    while (tick === start) {
      before = previous;
      previous = monoNow();
      tick = dateNow();
    }
    const after = monoNow();
    // A jump of more than one tick is a clock step: the wall time at the jump is not known to the millisecond, so
    // only the lower bound is kept, and only while nothing better has been seen.
    return tick === start + 1 ? { anchor: tick - (before + after) / 2, width: after - before } : { anchor: tick - after, width: Number.POSITIVE_INFINITY };
  });
}

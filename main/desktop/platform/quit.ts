/**
 * Quitting without making the user wait: the tray and windows go first (the caller hides them), then the drain
 * (queries in flight, webhook deliveries, the log flush) gets a few seconds at most. No Electron here.
 */

/** Long enough for a loopback webhook and a log flush; short enough that Quit still feels immediate. */
export const DRAIN_CAP_MS = 3000;

/** Waits for `drain` or `capMs`, whichever comes first; says which, so a cut-short drain can be logged. */
export async function drainWithin(drain: Promise<void>, capMs = DRAIN_CAP_MS): Promise<'drained' | 'cut short'> {
  let timer: NodeJS.Timeout | undefined;
  const cap = new Promise<'cut short'>((resolve) => (timer = setTimeout(() => resolve('cut short'), capMs)));
  try {
    return await Promise.race([drain.then(() => 'drained' as const), cap]);
  } finally {
    clearTimeout(timer);
  }
}

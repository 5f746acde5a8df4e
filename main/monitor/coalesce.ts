/** Turns a burst of requests for an async task (SIGHUP x50 in a second) into one run, or two at most. */

/** How long requests must pause before the task runs, and the longest a request waits however many follow it. */
export interface CoalesceTiming {
  settleMs: number;
  maxWaitMs: number;
}

export const DEFAULT_COALESCE: CoalesceTiming = { settleMs: 300, maxWaitMs: 2_000 };

/**
 * Returns a trigger. The task runs once triggers have paused for `settleMs` (or `maxWaitMs` after the first waiting
 * one, so a steady stream cannot starve it); a trigger during a run asks for one more run after it. Runs never
 * overlap, and the last request is always served. A run that fails goes to `onError`; later ones still run.
 * `idle()` resolves when no run is under way or waiting; `cancel()` drops the waiting requests (shutting down: a
 * reload asked for just before SIGTERM is not worth doing), leaving only a run already under way.
 */
export function coalesce(
  task: () => Promise<void>,
  onError: (error: unknown) => void,
  timing: CoalesceTiming = DEFAULT_COALESCE,
): { trigger(): void; idle(): Promise<void>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  let firstWaitingAt: number | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  const waiters: (() => void)[] = [];
  const settle = () => {
    if (timer || running || again) return;
    for (const wake of waiters.splice(0)) wake();
  };
  const run = () => {
    timer = undefined;
    firstWaitingAt = undefined;
    running = task()
      .catch(onError)
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          arm();
        }
        settle();
      });
  };
  const arm = () => {
    const now = Date.now();
    firstWaitingAt ??= now;
    clearTimeout(timer);
    timer = setTimeout(run, Math.max(0, Math.min(timing.settleMs, firstWaitingAt + timing.maxWaitMs - now)));
  };
  return {
    trigger() {
      if (running) again = true;
      else arm();
    },
    idle: () =>
      new Promise<void>((resolve) => {
        waiters.push(resolve);
        settle();
      }),
    cancel() {
      clearTimeout(timer);
      timer = undefined;
      firstWaitingAt = undefined;
      again = false;
      settle();
    },
  };
}

/** Runs an async task for a burst of requests no more than twice: the run under way, and one more after it. */

/**
 * Returns a trigger. A trigger while the task runs asks for one more run after it (a second, third... trigger adds
 * nothing), so the last request is always served and 50 SIGHUPs in a second cost one or two reloads.
 * `idle()` resolves when no run is under way or asked for. A run that fails goes to `onError`; the next still runs.
 */
export function coalesce(task: () => Promise<void>, onError: (error: unknown) => void): { trigger(): void; idle(): Promise<void> } {
  let running: Promise<void> | undefined;
  let again = false;
  const run = (): Promise<void> =>
    task()
      .catch(onError)
      .then(() => {
        if (!again) return;
        again = false;
        return run();
      });
  return {
    trigger() {
      if (running) {
        again = true;
        return;
      }
      running = run().finally(() => (running = undefined));
    },
    idle: () => running ?? Promise.resolve(),
  };
}

/**
 * A simulated clock for the bench: replaces the global setTimeout/clearTimeout (all the Scheduler uses) with a
 * queue run in simulated time, so hours of polling take milliseconds and latencies are exact.
 */

interface Pending {
  at: number;
  seq: number;
  fn: () => void;
}

const realSetImmediate = setImmediate;

export class VirtualClock {
  now = 0;
  private seq = 0;
  private queue: Pending[] = [];
  private live = new Set<Pending>();
  private saved?: { setTimeout: typeof setTimeout; clearTimeout: typeof clearTimeout };

  /** Timers scheduled and not yet fired or cleared. */
  get pending(): number {
    return this.live.size;
  }

  install(): void {
    this.saved = { setTimeout: globalThis.setTimeout, clearTimeout: globalThis.clearTimeout };
    globalThis.setTimeout = ((fn: () => void, ms = 0) => this.schedule(fn, ms)) as unknown as typeof setTimeout;
    globalThis.clearTimeout = ((handle: Pending | undefined) => handle && this.live.delete(handle)) as unknown as typeof clearTimeout;
  }

  uninstall(): void {
    if (!this.saved) return;
    globalThis.setTimeout = this.saved.setTimeout;
    globalThis.clearTimeout = this.saved.clearTimeout;
    this.saved = undefined;
  }

  /** Fires every timer due up to `until` in order, letting promise chains settle after each. */
  async runUntil(until: number, stop: () => boolean = () => false): Promise<void> {
    for (;;) {
      const next = this.popDue(until);
      if (!next) break;
      this.now = next.at;
      next.fn();
      await new Promise((resolve) => realSetImmediate(resolve));
      if (stop()) return;
    }
    this.now = until;
  }

  private schedule(fn: () => void, ms: number): Pending {
    const timer = { at: this.now + Math.max(0, ms), seq: this.seq++, fn };
    // Keep the queue sorted by (at, seq); timers per run are few, so a linear insert from the end is enough.
    let i = this.queue.length;
    while (i > 0 && this.queue[i - 1]!.at > timer.at) i--;
    this.queue.splice(i, 0, timer);
    this.live.add(timer);
    return timer;
  }

  private popDue(until: number): Pending | undefined {
    while (this.queue.length > 0 && this.queue[0]!.at <= until) {
      const head = this.queue.shift()!;
      if (this.live.delete(head)) return head;
    }
    return undefined;
  }
}

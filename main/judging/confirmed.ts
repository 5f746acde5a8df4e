/** The `confirm` rule for any verdict: a new value counts only after that many observations in a row asked for it. */

/** A counter of agreeing observations toward a new value, as ServerStateMachine counts samples. */
export class Confirmed<T> {
  private candidate: T | undefined;
  private agreeing = 0;

  constructor(public value: T) {}

  /** Feeds one observation; returns the previous value when `confirm` observations in a row asked for a new one. */
  observe(wanted: T, confirm: number): { from: T } | null {
    if (wanted === this.value) {
      this.candidate = undefined;
      this.agreeing = 0;
      return null;
    }
    this.agreeing = wanted === this.candidate ? this.agreeing + 1 : 1;
    this.candidate = wanted;
    if (this.agreeing < confirm) return null;
    const from = this.value;
    this.value = wanted;
    this.candidate = undefined;
    this.agreeing = 0;
    return { from };
  }

  /** The value being confirmed, while one is. */
  get pending(): T | undefined {
    return this.candidate;
  }

  /** Forgets a half-confirmed change (the evidence stopped: no verdict). */
  reset(): void {
    this.candidate = undefined;
    this.agreeing = 0;
  }
}

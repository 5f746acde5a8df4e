/**
 * Where the offset chart puts its value labels: uPlot's evenly spaced splits, plus the warning threshold on a side of
 * zero that would otherwise have none (a range of -57 to +290 ms splits at 0, 100, 200: the negative side was bare).
 */

/** The labelled values between `min` and `max`: multiples of `step`, and ±warning where a side has no label. */
export function offsetSplits(min: number, max: number, step: number, warningMs: number): number[] {
  const splits: number[] = [];
  // Counted in whole steps, with a hair of slack: -0.3 / 0.1 is -2.9999999999999996 in floating point.
  if (step > 0) for (let n = Math.ceil(min / step - 1e-9); n * step <= max + step * 1e-9; n++) splits.push(Number((n * step).toPrecision(12)));
  for (const side of [-1, 1]) {
    const threshold = side * warningMs;
    const bare = !splits.some((value) => Math.sign(value) === side);
    if (bare && threshold >= min && threshold <= max) splits.push(threshold);
  }
  return splits.sort((a, b) => a - b);
}

/** An offset label: a plus sign on the positive side (server ahead), as the table writes offsets. */
export const offsetLabel = (value: number) => (value > 0 ? `+${value}` : String(value));

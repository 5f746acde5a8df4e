/** Order statistics for the bench tables. */

export interface Spread {
  n: number;
  median: number;
  p25: number;
  p75: number;
  iqr: number;
  min: number;
  max: number;
}

/** Linear interpolation between closest ranks (the same definition as numpy's default). */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (at - low);
}

export function median(values: number[]): number {
  return quantile(values, 0.5);
}

export function spread(values: number[]): Spread {
  const p25 = quantile(values, 0.25);
  const p75 = quantile(values, 0.75);
  return { n: values.length, median: median(values), p25, p75, iqr: p75 - p25, min: Math.min(...values), max: Math.max(...values) };
}

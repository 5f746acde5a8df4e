/** Threshold ranges as the Monitoring Plugins guidelines define them (`10`, `10:`, `~:10`, `10:20`, `@10:20`). */

/** A range of values; a value alerts when it falls outside it, or inside it when `inside` (the `@` form). */
export interface Range {
  start: number;
  end: number;
  inside: boolean;
  /** As the user wrote it, for messages. */
  text: string;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)$/;

/** Parses one range; null when it is not one (a bad number, or a start above the end). */
export function parseRange(text: string): Range | null {
  const inside = text.startsWith('@');
  const body = inside ? text.slice(1) : text;
  const colon = body.indexOf(':');
  const startText = colon === -1 ? '0' : body.slice(0, colon);
  const endText = colon === -1 ? body : body.slice(colon + 1);
  const start = startText === '~' ? -Infinity : startText === '' ? 0 : NUMBER.test(startText) ? Number(startText) : NaN;
  const end = endText === '' && colon !== -1 ? Infinity : NUMBER.test(endText) ? Number(endText) : NaN;
  if (Number.isNaN(start) || Number.isNaN(end) || start > end) return null;
  return { start, end, inside, text };
}

/** True when `value` calls for the alert: outside the range (ends included in it), or inside it for `@`. */
export function alerts(range: Range, value: number): boolean {
  const within = value >= range.start && value <= range.end;
  return range.inside ? within : !within;
}

/** A plain `N` (alert above N): the only form for which "critical at least warning" has a meaning. */
export function isPlainLimit(range: Range): boolean {
  return !range.inside && range.start === 0 && Number.isFinite(range.end);
}

/** The value `check_ntp_time` puts in perfdata for a range: its end, or 0 when it has none (`10:`). */
export function perfdataLimit(range: Range): string {
  return (Number.isFinite(range.end) ? range.end : 0).toFixed(6);
}

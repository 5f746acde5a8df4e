/** Reads the times `ntp-monitor history --since/--until` accept: a duration back from now or an ISO-8601 date or time. */

const UNITS_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** The earliest and latest time accepted: Unix time 0 (no row is older) to the last moment a four-digit year names. */
export const TIME_RANGE = { min: 0, max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) } as const;

export type ParsedTime = { ok: true; at: number } | { ok: false; problem: 'not-a-time' | 'out-of-range' };

const DURATION = /^(\d+(?:\.\d+)?)([smhdw])$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * "24h" back from `now` (Unix ms), or an ISO-8601 date or time (local time without a zone). A date that does not
 * exist (2026-02-30) is not a time: `Date.parse` would roll it over into March. A time outside TIME_RANGE, however
 * written (99999999999999999999d), is out of range rather than a value `Date` cannot show.
 */
export function parseTime(text: string, now: number): ParsedTime {
  const trimmed = text.trim();
  const duration = DURATION.exec(trimmed);
  if (duration) return inRange(now - Number(duration[1]) * UNITS_MS[duration[2]!]!);
  const date = DATE_TIME.exec(trimmed);
  if (!date || !dayExists(Number(date[1]), Number(date[2]), Number(date[3]))) return { ok: false, problem: 'not-a-time' };
  const at = Date.parse(trimmed);
  return Number.isFinite(at) ? inRange(at) : { ok: false, problem: 'not-a-time' };
}

function inRange(at: number): ParsedTime {
  return Number.isFinite(at) && at >= TIME_RANGE.min && at <= TIME_RANGE.max ? { ok: true, at } : { ok: false, problem: 'out-of-range' };
}

function dayExists(year: number, month: number, day: number): boolean {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return days !== undefined && day >= 1 && day <= days;
}

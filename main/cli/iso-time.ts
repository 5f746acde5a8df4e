/** A moment as Date.prototype.toISOString() writes it, without the time-zone data V8 loads on that method's first call. */

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/**
 * `2026-12-06T22:08:54.123Z` for `ms` since the epoch, as toISOString() gives it. toISOString's first call in a process
 * sets up V8's time-zone cache (0.2 ms of a fresh `check`, issue 19), which the UTC accessors do not need. Years
 * outside 0-9999, which toISOString writes with six digits and a sign, go to toISOString itself.
 */
export function isoTime(ms: number): string {
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  if (!(year >= 0 && year <= 9999)) return d.toISOString();
  return `${pad(year, 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}Z`;
}

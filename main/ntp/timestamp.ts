/** NTP 64-bit timestamps (seconds and fraction since 1900 in the current era) and Unix milliseconds. */

export interface NtpTimestamp {
  seconds: number;
  fraction: number;
}

const ERA_SECONDS = 2 ** 32;
const FRACTION_PER_SECOND = 2 ** 32;
/** Seconds from 1900-01-01 (NTP era 0) to 1970-01-01. */
export const NTP_UNIX_DELTA_S = 2_208_988_800;

export function isZero(ts: NtpTimestamp): boolean {
  return ts.seconds === 0 && ts.fraction === 0;
}

export function sameTimestamp(a: NtpTimestamp, b: NtpTimestamp): boolean {
  return a.seconds === b.seconds && a.fraction === b.fraction;
}

/** Encodes a Unix time in ms; the era number is dropped, as on the wire. */
export function unixMsToNtp(unixMs: number): NtpTimestamp {
  const totalSeconds = unixMs / 1000 + NTP_UNIX_DELTA_S;
  const whole = Math.floor(totalSeconds);
  const fraction = Math.min(FRACTION_PER_SECOND - 1, Math.round((totalSeconds - whole) * FRACTION_PER_SECOND));
  return { seconds: ((whole % ERA_SECONDS) + ERA_SECONDS) % ERA_SECONDS, fraction };
}

/**
 * Decodes a wire timestamp to Unix ms, choosing the era that puts it closest to `pivotUnixMs` (the local clock).
 * This keeps working across the 2036 rollover and for any offset under 68 years.
 */
export function ntpToUnixMs(ts: NtpTimestamp, pivotUnixMs: number): number {
  const pivotNtpSeconds = pivotUnixMs / 1000 + NTP_UNIX_DELTA_S;
  const era = Math.round((pivotNtpSeconds - ts.seconds) / ERA_SECONDS);
  const ntpSeconds = era * ERA_SECONDS + ts.seconds + ts.fraction / FRACTION_PER_SECOND;
  return (ntpSeconds - NTP_UNIX_DELTA_S) * 1000;
}

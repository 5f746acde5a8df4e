/**
 * The test suite's switch to see several poll rounds of a spawned `watch` without waiting out RFC 4330's 15 s floor,
 * and a spawned `check`'s burst without its 2 s spacing: an environment variable, never a setting (no config.ini key,
 * flag or JSON field reaches it), honoured only with NODE_ENV=test as well. Values outside (0, 1] are ignored.
 */
export const TIME_SCALE_VARIABLE = 'NTP_MONITOR_TEST_TIME_SCALE';

/** The scale every wait is multiplied by in a test run; undefined (no scaling) everywhere else. */
export function testTimeScale(env: NodeJS.ProcessEnv): number | undefined {
  if (env.NODE_ENV !== 'test' || env[TIME_SCALE_VARIABLE] === undefined) return undefined;
  const scale = Number(env[TIME_SCALE_VARIABLE]);
  return scale > 0 && scale <= 1 ? scale : undefined;
}

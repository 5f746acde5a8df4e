import { describe, expect, it } from 'vitest';
import { parseTime, TIME_RANGE } from '../../main/cli/history-time.js';

const now = Date.UTC(2026, 10, 24, 12);
const at = (text: string) => parseTime(text, now);

describe('the times history --since/--until accept', () => {
  it('reads durations back from now and ISO-8601 dates and times', () => {
    expect(at('90m')).toEqual({ ok: true, at: now - 90 * 60_000 });
    expect(at('7d')).toEqual({ ok: true, at: now - 7 * 86_400_000 });
    expect(at('2026-11-23T08:00:00Z')).toEqual({ ok: true, at: Date.UTC(2026, 10, 23, 8) });
    expect(at('2026-11-23T08:00:00+08:00')).toEqual({ ok: true, at: Date.UTC(2026, 10, 23, 0) });
    expect(at('2028-02-29')).toMatchObject({ ok: true });
    expect(at('2000-02-29T00:00:00Z')).toEqual({ ok: true, at: Date.UTC(2000, 1, 29) });
  });

  it('refuses dates that do not exist, as well as anything that is not a time', () => {
    for (const bad of ['', '7', 'd7', '-1h', '2026-13-45', 'tomorrow', '1e3h', '2026-02-30', '2026-02-29', '1900-02-29', '2026-04-31', '2026-00-10', '2026-01-00']) {
      expect([bad, at(bad)]).toEqual([bad, { ok: false, problem: 'not-a-time' }]);
    }
  });

  it('says a time Date cannot hold, or before 1970, is out of range, and takes the edges', () => {
    for (const far of ['1000000000d', '99999999999999999999d', `1${'0'.repeat(400)}d`, '1969-12-31T23:59:59Z', '21000w']) {
      expect([far, at(far)]).toEqual([far, { ok: false, problem: 'out-of-range' }]);
    }
    expect(at('1970-01-01T00:00:00Z')).toEqual({ ok: true, at: TIME_RANGE.min });
    expect(at('9999-12-31T23:59:59.999Z')).toEqual({ ok: true, at: TIME_RANGE.max });
  });
});

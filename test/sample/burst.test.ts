/** Bursts and jitter: the clock filter's arithmetic by hand, and the burst's handling of failures and Kiss-o'-Death. */
import { describe, expect, it } from 'vitest';
import { burst, type SingleQuery } from '../../main/sample/burst.js';
import { jitterAround, leastDelayIndex, pollJitterMs } from '../../main/sample/clock-filter.js';
import type { QueryResult } from '../../main/ntp/result.js';
import { failureResult, sampleResult } from '../support/results.js';

/** A query that answers from a script, one entry per call, and counts the calls. */
function scripted(results: QueryResult[]): SingleQuery & { calls: number } {
  const query = Object.assign(async () => results[query.calls++]!, { calls: 0 });
  return query;
}
function withDelay(offsetMs: number, delayMs: number): QueryResult {
  const result = sampleResult('ntp.test', offsetMs);
  if (result.ok) result.sample.delayMs = delayMs;
  return result;
}
const noWait = async () => undefined;

describe('clock filter', () => {
  it('keeps the least-delay sample, the earlier one on a tie', () => {
    expect(leastDelayIndex([{ offsetMs: 1, delayMs: 9 }, { offsetMs: 2, delayMs: 3 }, { offsetMs: 3, delayMs: 3 }])).toBe(1);
    expect(leastDelayIndex([])).toBe(-1);
  });

  it('jitter is the RMS of the other offsets around the kept one, over n - 1', () => {
    const samples = [{ offsetMs: 10, delayMs: 1 }, { offsetMs: 13, delayMs: 5 }, { offsetMs: 6, delayMs: 5 }];
    expect(jitterAround(samples, 0)).toBeCloseTo(Math.sqrt((9 + 16) / 2), 12);
    expect(jitterAround([{ offsetMs: 10, delayMs: 1 }], 0)).toBe(0);
  });

  it('poll jitter looks at the last 8 polls only, around their least-delay one', () => {
    const old = { offsetMs: 1000, delayMs: 0.1 };
    const recent = Array.from({ length: 8 }, (_, i) => ({ offsetMs: i % 2 === 0 ? 2 : -2, delayMs: i === 0 ? 1 : 5 }));
    // Around +2: four at 0 difference, four at 4: sqrt(4 * 16 / 7).
    expect(pollJitterMs([old, ...recent])).toBeCloseTo(Math.sqrt(64 / 7), 12);
    expect(pollJitterMs([old])).toBe(0);
  });
});

describe('burst', () => {
  it('sends N requests spaced as asked and keeps the least-delay reply with jitter and count', async () => {
    const query = scripted([withDelay(8, 20), withDelay(1, 2), withDelay(-4, 12), withDelay(5, 9)]);
    const waits: number[] = [];
    const result = await burst(query, { count: 4, sleep: async (ms) => void waits.push(ms) });
    expect(query.calls).toBe(4);
    expect(waits).toEqual([2000, 2000, 2000]);
    expect(result.ok && result.sample).toMatchObject({ offsetMs: 1, delayMs: 2, samples: 4 });
    expect(result.ok && result.sample.jitterMs).toBeCloseTo(Math.sqrt((49 + 25 + 16) / 3), 12);
  });

  it('one request: the reply as it is, jitter 0, no wait', async () => {
    const result = await burst(scripted([withDelay(3, 1)]), { count: 1, sleep: () => Promise.reject(new Error('must not wait')) });
    expect(result.ok && result.sample).toMatchObject({ offsetMs: 3, jitterMs: 0, samples: 1 });
  });

  it('succeeds when any reply is good, counting only the good ones', async () => {
    const query = scripted([failureResult('ntp.test', 'timeout'), withDelay(7, 4), failureResult('ntp.test', 'bogus', 'origin-mismatch')]);
    const result = await burst(query, { count: 3, sleep: noWait });
    expect(result.ok && result.sample).toMatchObject({ offsetMs: 7, samples: 1, jitterMs: 0 });
  });

  it('with no good reply the last failure is the result', async () => {
    const result = await burst(scripted([failureResult('ntp.test', 'timeout'), failureResult('ntp.test', 'unreachable', 'ECONNREFUSED')]), { count: 2, sleep: noWait });
    expect(!result.ok && result.failure).toMatchObject({ kind: 'unreachable', code: 'ECONNREFUSED' });
  });

  it("a Kiss-o'-Death stops the burst and is the result, even after good replies", async () => {
    const query = scripted([withDelay(1, 1), failureResult('ntp.test', 'kod', 'RATE'), withDelay(1, 1), withDelay(1, 1)]);
    const result = await burst(query, { count: 4, sleep: noWait });
    expect(query.calls).toBe(2);
    expect(!result.ok && result.failure).toMatchObject({ kind: 'kod', code: 'RATE' });
  });

  it("check's burst ends at a failure before any good reply, and forgives failures after one", async () => {
    const silent = scripted([failureResult('ntp.test', 'timeout'), withDelay(7, 4), withDelay(7, 4)]);
    const ended = await burst(silent, { count: 3, sleep: noWait, stopAtFirstFailure: true });
    expect(silent.calls).toBe(1);
    expect(!ended.ok && ended.failure).toMatchObject({ kind: 'timeout' });
    const later = scripted([withDelay(7, 4), failureResult('ntp.test', 'timeout'), withDelay(5, 2)]);
    const kept = await burst(later, { count: 3, sleep: noWait, stopAtFirstFailure: true });
    expect(later.calls).toBe(3);
    expect(kept.ok && kept.sample).toMatchObject({ offsetMs: 5, delayMs: 2, samples: 2 });
  });

  it('clamps the count to 1-8', async () => {
    const many = scripted(Array.from({ length: 20 }, () => withDelay(0, 1)));
    await burst(many, { count: 50, sleep: noWait });
    expect(many.calls).toBe(8);
    const none = scripted([withDelay(0, 1)]);
    await burst(none, { count: 0, sleep: noWait });
    expect(none.calls).toBe(1);
  });
});

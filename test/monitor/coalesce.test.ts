import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { coalesce } from '../../main/monitor/coalesce.js';

beforeEach(() => void vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
afterEach(() => void vi.useRealTimers());

describe('coalesce', () => {
  it('runs once for 50 triggers in a second, after they pause', async () => {
    let runs = 0;
    const c = coalesce(async () => void runs++, () => {}, { settleMs: 300, maxWaitMs: 2_000 });
    for (let i = 0; i < 50; i++) {
      c.trigger();
      await vi.advanceTimersByTimeAsync(20);
    }
    expect(runs).toBe(0);
    await vi.advanceTimersByTimeAsync(300);
    expect(runs).toBe(1);
    await c.idle();
  });

  it('a trigger during a run gets one more run after it, never an overlapping one', async () => {
    let runs = 0;
    let active = 0;
    let maxActive = 0;
    const c = coalesce(
      async () => {
        runs++;
        maxActive = Math.max(maxActive, ++active);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        active--;
      },
      () => {},
      { settleMs: 100, maxWaitMs: 1_000 },
    );
    c.trigger();
    await vi.advanceTimersByTimeAsync(200);
    for (let i = 0; i < 10; i++) c.trigger();
    await vi.advanceTimersByTimeAsync(5_000);
    expect([runs, maxActive]).toEqual([2, 1]);
  });

  it('a steady stream of triggers cannot starve the task past maxWaitMs', async () => {
    let runs = 0;
    const c = coalesce(async () => void runs++, () => {}, { settleMs: 300, maxWaitMs: 1_000 });
    for (let i = 0; i < 60; i++) {
      c.trigger();
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(runs).toBeGreaterThanOrEqual(5);
  });

  it('reports a failed run and still serves the next request', async () => {
    const errors: unknown[] = [];
    let runs = 0;
    const c = coalesce(async () => { if (runs++ === 0) throw new Error('bad file'); }, (e) => errors.push(e), { settleMs: 10, maxWaitMs: 100 });
    c.trigger();
    await vi.advanceTimersByTimeAsync(50);
    c.trigger();
    await vi.advanceTimersByTimeAsync(50);
    expect(runs).toBe(2);
    expect(errors).toEqual([new Error('bad file')]);
  });

  it('cancel drops waiting requests but lets a run under way finish; idle then resolves', async () => {
    let runs = 0;
    const c = coalesce(
      async () => {
        runs++;
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      },
      () => {},
      { settleMs: 100, maxWaitMs: 1_000 },
    );
    c.trigger();
    c.cancel();
    await vi.advanceTimersByTimeAsync(500);
    expect(runs).toBe(0);

    c.trigger();
    await vi.advanceTimersByTimeAsync(150);
    c.trigger(); // asks for a second run after the first
    c.cancel();
    let idle = false;
    void c.idle().then(() => (idle = true));
    await vi.advanceTimersByTimeAsync(1_000);
    expect([runs, idle]).toEqual([1, true]);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(runs).toBe(1);
  });
});

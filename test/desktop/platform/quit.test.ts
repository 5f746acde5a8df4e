import { afterEach, describe, expect, it, vi } from 'vitest';
import { DRAIN_CAP_MS, drainWithin } from '../../../main/desktop/platform/quit.js';

afterEach(() => vi.useRealTimers());

describe('the drain on quit', () => {
  it('ends as soon as the drain does', async () => {
    expect(await drainWithin(Promise.resolve())).toBe('drained');
  });

  it('is cut short at the cap when the drain hangs (a webhook that never answers)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let outcome: string | undefined;
    void drainWithin(new Promise<void>(() => {})).then((o) => (outcome = o));
    await vi.advanceTimersByTimeAsync(DRAIN_CAP_MS - 1);
    expect(outcome).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(outcome).toBe('cut short');
    expect(DRAIN_CAP_MS).toBeLessThanOrEqual(3000);
  });

  it('passes a failing drain on to the caller, who still quits', async () => {
    await expect(drainWithin(Promise.reject(new Error('flush failed')))).rejects.toThrow('flush failed');
  });
});

/**
 * The Scheduler under random sequences of operations (time passing, settings changes, pause/resume, check now,
 * stop/start) with a stubbed query of random duration and outcome, on fake timers. After every step:
 * never two queries in flight for one server, and while running every server is either being queried or has its
 * next poll scheduled (monitoring never stalls); stop() leaves no timer behind.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { QueryResult } from '../../main/ntp/result.js';
import { Scheduler } from '../../main/scheduler/scheduler.js';
import type { ServerAddress } from '../../main/ntp/address.js';
import { defaultSettings, type Settings } from '../../main/settings/settings.js';
import { failureResult, sampleResult } from '../support/results.js';
import { checked } from '../support/settings.js';

const POOL = ['127.0.0.1:1001', '127.0.0.1:1002', '127.0.0.1:1003', 'a.example', 'b.example:1234', '[::1]:1005'];

type Op =
  | { op: 'advance'; ms: number }
  | { op: 'update'; servers: string[]; intervalSeconds: number; confirm: number }
  | { op: 'pause' }
  | { op: 'resume' }
  | { op: 'checkNow' }
  | { op: 'restart' };

const ops: fc.Arbitrary<Op[]> = fc.array(
  fc.oneof(
    { weight: 5, arbitrary: fc.integer({ min: 0, max: 200_000 }).map((ms): Op => ({ op: 'advance', ms })) },
    {
      weight: 2,
      arbitrary: fc
        .record({ servers: fc.subarray(POOL, { minLength: 1 }), intervalSeconds: fc.constantFrom(15, 16, 64), confirm: fc.integer({ min: 1, max: 3 }) })
        .map((r): Op => ({ op: 'update', ...r })),
    },
    { weight: 1, arbitrary: fc.constant<Op>({ op: 'pause' }) },
    { weight: 1, arbitrary: fc.constant<Op>({ op: 'resume' }) },
    { weight: 1, arbitrary: fc.constant<Op>({ op: 'checkNow' }) },
    { weight: 1, arbitrary: fc.constant<Op>({ op: 'restart' }) },
  ),
  { minLength: 10, maxLength: 60, size: 'max' },
);

/** Outcome and duration of each query, drawn from a fixed list in turn. */
const outcomes = fc.array(
  fc.record({
    kind: fc.constantFrom('ok', 'far', 'timeout', 'rate', 'deny'),
    durationMs: fc.integer({ min: 0, max: 6_000 }),
  }),
  { minLength: 1, maxLength: 20 },
);

function result(address: ServerAddress, kind: string): QueryResult {
  if (kind === 'timeout') return failureResult(address, 'timeout');
  if (kind === 'rate') return failureResult(address, 'kod', 'RATE');
  if (kind === 'deny') return failureResult(address, 'kod', 'DENY');
  return sampleResult(address, kind === 'far' ? 3_000 : 4);
}

/** Advances fake time until the promise settles (stop() waits for queries in flight), with a cap. */
async function settle(promise: Promise<void>): Promise<void> {
  let done = false;
  void promise.then(() => (done = true));
  for (let i = 0; i < 100 && !done; i++) await vi.advanceTimersByTimeAsync(1_000);
  expect(done).toBe(true);
}

afterEach(() => {
  vi.useRealTimers();
});

describe('Scheduler under random operations', () => {
  it('never overlaps queries of one server, never stalls while running, and stops clean', async () => {
    await fc.assert(
      fc.asyncProperty(ops, outcomes, async (steps, plan) => {
        vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
        try {
          const inFlight = new Map<string, number>();
          let calls = 0;
          const settings: Settings = { ...defaultSettings(POOL.slice(0, 3)), timeoutMs: 5_000 };
          const scheduler = new Scheduler(checked(settings), {
            random: () => 0.5,
            query: (address, { timeoutMs }) => {
              const n = (inFlight.get(address.text) ?? 0) + 1;
              expect(n).toBe(1);
              inFlight.set(address.text, n);
              const planned = plan[calls++ % plan.length]!;
              return new Promise((resolve) =>
                setTimeout(() => {
                  inFlight.set(address.text, 0);
                  resolve(result(address, planned.durationMs > timeoutMs ? 'timeout' : planned.kind));
                }, Math.min(planned.durationMs, timeoutMs)),
              );
            },
          });
          let running = true;
          let paused = false;
          scheduler.start();
          const busy = (server: string) => (inFlight.get(server) ?? 0) > 0;

          for (const step of steps) {
            switch (step.op) {
              case 'advance':
                await vi.advanceTimersByTimeAsync(step.ms);
                break;
              case 'update':
                scheduler.update(checked({ ...settings, servers: step.servers, intervalSeconds: step.intervalSeconds, confirm: step.confirm }));
                break;
              case 'pause':
                scheduler.pause();
                paused = true;
                break;
              case 'resume':
                scheduler.resume();
                paused = false;
                break;
              case 'checkNow':
                void scheduler.checkNow();
                break;
              case 'restart': {
                await settle(scheduler.stop());
                expect([...inFlight.values()].every((n) => n === 0)).toBe(true);
                expect(vi.getTimerCount()).toBe(0);
                scheduler.start();
                running = true;
                break;
              }
            }
            await vi.advanceTimersByTimeAsync(0);
            if (running && !paused) {
              for (const status of scheduler.statuses()) {
                if (!status.refused) expect(busy(status.server) || status.nextCheckAt !== undefined, status.server).toBe(true);
              }
            }
          }
          await settle(scheduler.stop());
          expect(vi.getTimerCount()).toBe(0);
        } finally {
          vi.useRealTimers();
        }
      }),
      { numRuns: 500 },
    );
  });
});

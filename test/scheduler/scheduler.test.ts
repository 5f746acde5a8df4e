import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { QueryResult } from '../../main/ntp/result.js';
import { Scheduler, type QueryFn } from '../../main/scheduler/scheduler.js';
import { defaultSettings, type Settings } from '../../main/settings/settings.js';
import type { Transition } from '../../main/judging/transition.js';
import { failureResult, sampleResult } from '../support/results.js';
import { checked } from '../support/settings.js';

const S = 1000;

/** A query stub: each server answers per `answer`, after `latencyMs` (fake) ms, and every call is recorded. */
function stubQuery(answer: (host: string, call: number) => QueryResult | 'hang', latencyMs = 10) {
  const calls: { host: string; at: number }[] = [];
  const inFlight = new Map<string, number>();
  let maxConcurrentPerServer = 0;
  const query: QueryFn = (server) => {
    const n = calls.filter((c) => c.host === server.host).length;
    calls.push({ host: server.host, at: Date.now() });
    inFlight.set(server.host, (inFlight.get(server.host) ?? 0) + 1);
    maxConcurrentPerServer = Math.max(maxConcurrentPerServer, inFlight.get(server.host)!);
    const result = answer(server.host, n);
    return new Promise((resolve) => {
      if (result === 'hang') return;
      setTimeout(() => {
        inFlight.set(server.host, inFlight.get(server.host)! - 1);
        resolve(result);
      }, latencyMs);
    });
  };
  return { query, calls, countFor: (host: string) => calls.filter((c) => c.host === host).length, maxConcurrent: () => maxConcurrentPerServer };
}

/** stop() waits for queries in flight, which only finish as fake time moves on. */
async function stopUnderFakeTime(scheduler: Scheduler) {
  const stopping = scheduler.stop();
  await vi.advanceTimersByTimeAsync(10 * S);
  await stopping;
}

function settings(overrides: Partial<Settings> = {}): Settings {
  return { ...defaultSettings(['a.test', 'b.test']), intervalSeconds: 60, ...overrides };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Scheduler', () => {
  it('polls every server at once on start, then each every interval counted from the send, jitter bringing it early', async () => {
    const stub = stubQuery(() => sampleResult('ntp.test', 1), 2 * S);
    const scheduler = new Scheduler(checked(settings()), { query: stub.query, random: () => 0.5 });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(20);
    expect([stub.countFor('a.test'), stub.countFor('b.test')]).toEqual([1, 1]);
    // interval 60 s - 5 % jitter = 57 s after the first send, although the reply took 2 s.
    await vi.advanceTimersByTimeAsync(56.9 * S);
    expect(stub.countFor('a.test')).toBe(1);
    await vi.advanceTimersByTimeAsync(0.2 * S);
    expect(stub.countFor('a.test')).toBe(2);
    expect(stub.calls[2]!.at - stub.calls[0]!.at).toBe(57 * S);
    await stopUnderFakeTime(scheduler);
  });

  it('never lets jitter bring a poll closer than 15 s to the previous one', async () => {
    const stub = stubQuery(() => sampleResult('ntp.test', 1));
    const scheduler = new Scheduler(checked(settings({ servers: ['a.test'], intervalSeconds: 15 })), { query: stub.query, random: () => 0.999 });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(10 * 15 * S + 100);
    const gaps = stub.calls.slice(1).map((c, i) => c.at - stub.calls[i]!.at);
    expect(gaps).toHaveLength(10);
    expect(Math.min(...gaps)).toBe(15 * S);
    await stopUnderFakeTime(scheduler);
  });

  it('never has two queries in flight for one server, and a dead server delays no other', async () => {
    const stub = stubQuery((host) => (host === 'a.test' ? 'hang' : sampleResult('ntp.test', 1)));
    const scheduler = new Scheduler(checked(settings()), { query: stub.query, random: () => 0 });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(10 * 61 * S);
    void scheduler.checkNow();
    void scheduler.checkNow();
    await vi.advanceTimersByTimeAsync(S);
    expect(stub.countFor('a.test')).toBe(1);
    expect(stub.countFor('b.test')).toBeGreaterThanOrEqual(11);
    expect(stub.maxConcurrent()).toBe(1);
  });

  it('checkOne queries only the named server, even while paused, and says false for a name it does not poll', async () => {
    const stub = stubQuery(() => sampleResult('ntp.test', 1));
    const scheduler = new Scheduler(checked(settings()), { query: stub.query, random: () => 0 });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(20);
    scheduler.pause();
    const asked = scheduler.checkOne('b.test');
    await vi.advanceTimersByTimeAsync(20);
    expect(await asked).toBe(true);
    expect([stub.countFor('a.test'), stub.countFor('b.test')]).toEqual([1, 2]);
    expect(scheduler.statuses().find((s) => s.server === 'b.test')!.lastCheckAt).toBe(Date.now() - 10);
    expect(await scheduler.checkOne('c.test')).toBe(false);
    expect(stub.calls).toHaveLength(3);
    await stopUnderFakeTime(scheduler);
  });

  it('emits a transition only when a state changes, and results for every poll', async () => {
    const offsets = [5, 5, 5, 2000, 2000, 2000, 5, 5];
    const stub = stubQuery((host, n) => sampleResult(host, host === 'a.test' ? offsets[Math.min(n, offsets.length - 1)]! : 5));
    const scheduler = new Scheduler(checked(settings({ servers: ['a.test'] })), { query: stub.query, random: () => 0 });
    const transitions: Transition[] = [];
    let results = 0;
    scheduler.on('transition', (t) => transitions.push(t));
    scheduler.on('result', () => results++);
    scheduler.start();
    await vi.advanceTimersByTimeAsync(8 * 60 * S + S);
    expect(results).toBe(9);
    expect(transitions.map((t) => `${t.from}->${t.to}`)).toEqual(['unknown->ok', 'ok->critical', 'critical->ok']);
    await stopUnderFakeTime(scheduler);
  });

  it('applies settings live: keeps state of servers that stay, checks new ones at once, forgets removed ones', async () => {
    const stub = stubQuery((host) => sampleResult(host, host === 'a.test' ? 500 : 1));
    const scheduler = new Scheduler(checked(settings()), { query: stub.query, random: () => 0 });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(61 * S);
    expect(scheduler.statuses().find((s) => s.server === 'a.test')?.state).toBe('warning');

    scheduler.update(checked(settings({ servers: ['a.test', 'c.test'], intervalSeconds: 30 })));
    await vi.advanceTimersByTimeAsync(20);
    expect(stub.countFor('c.test')).toBe(1);
    expect(scheduler.statuses().map((s) => [s.server, s.state])).toEqual([
      ['a.test', 'warning'],
      ['c.test', 'unknown'],
    ]);
    const bCalls = stub.countFor('b.test');
    const aCalls = stub.countFor('a.test');
    await vi.advanceTimersByTimeAsync(31 * S);
    expect(stub.countFor('b.test')).toBe(bCalls);
    expect(stub.countFor('a.test')).toBe(aCalls + 1); // the new 30 s interval, not the old 60 s
    await stopUnderFakeTime(scheduler);
  });

  it('stop() leaves no timer behind and waits for queries in flight', async () => {
    const stub = stubQuery(() => sampleResult('ntp.test', 1), 500);
    const scheduler = new Scheduler(checked(settings()), { query: stub.query });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(100);
    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(100);
    expect(stopped).toBe(false);
    await vi.advanceTimersByTimeAsync(400);
    await stopping;
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(3600 * S);
    expect(stub.calls).toHaveLength(2);
  });

  it('pause() stops polling; resume() checks at once', async () => {
    const stub = stubQuery(() => sampleResult('ntp.test', 1));
    const scheduler = new Scheduler(checked(settings({ servers: ['a.test'] })), { query: stub.query, random: () => 0 });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(20);
    scheduler.pause();
    expect(scheduler.paused).toBe(true);
    await vi.advanceTimersByTimeAsync(10 * 60 * S);
    expect(stub.countFor('a.test')).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
    scheduler.resume();
    await vi.advanceTimersByTimeAsync(20);
    expect(stub.countFor('a.test')).toBe(2);
    await stopUnderFakeTime(scheduler);
  });

  it('doubles the interval on each Kiss-o\'-Death RATE, capped, and halves it back on good replies', async () => {
    let rate = true;
    const stub = stubQuery(() => (rate ? failureResult('ntp.test', 'kod', 'RATE') : sampleResult('ntp.test', 1)));
    const scheduler = new Scheduler(checked(settings({ servers: ['a.test'] })), { query: stub.query, random: () => 0 });
    scheduler.start();
    const intervals: number[] = [];
    scheduler.on('result', (e) => intervals.push(e.status.intervalSeconds));
    await vi.advanceTimersByTimeAsync(20);
    for (let i = 0; i < 9; i++) await vi.advanceTimersByTimeAsync(intervals.at(-1)! * S + 20);
    expect(intervals.slice(0, 8)).toEqual([120, 240, 480, 960, 1920, 3840, 7200, 7200]);
    rate = false;
    await vi.advanceTimersByTimeAsync(7200 * S + 20);
    expect(intervals.at(-1)).toBe(3600);
    await stopUnderFakeTime(scheduler);
  });

  it('stops querying after DENY until the settings change', async () => {
    const stub = stubQuery(() => failureResult('ntp.test', 'kod', 'DENY'));
    const scheduler = new Scheduler(checked(settings({ servers: ['a.test'] })), { query: stub.query, random: () => 0 });
    const transitions: Transition[] = [];
    scheduler.on('transition', (t) => transitions.push(t));
    scheduler.start();
    await vi.advanceTimersByTimeAsync(24 * 3600 * S);
    expect(stub.countFor('a.test')).toBe(1);
    expect(transitions.map((t) => [t.to, t.failure?.code])).toEqual([['unreachable', 'DENY']]);
    expect(scheduler.statuses()[0]).toMatchObject({ refused: true, state: 'unreachable' });
    scheduler.update(checked(settings({ servers: ['a.test'], warningSeconds: 0.2 })));
    await vi.advanceTimersByTimeAsync(61 * S);
    expect(stub.countFor('a.test')).toBe(2);
    await stopUnderFakeTime(scheduler);
  });

  it('backs off a silent server, at most 4x, and never spins', async () => {
    const stub = stubQuery(() => failureResult('ntp.test', 'timeout'));
    const scheduler = new Scheduler(checked(settings({ servers: ['a.test'] })), { query: stub.query, random: () => 0 });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(3600 * S);
    // 3 polls at 60 s to become unreachable, then 120, 240, 240, ... s.
    expect(stub.countFor('a.test')).toBeLessThanOrEqual(18);
    expect(stub.countFor('a.test')).toBeGreaterThanOrEqual(14);
    expect(scheduler.statuses()[0]!.intervalSeconds).toBe(240);
    await stopUnderFakeTime(scheduler);
  });
  it('keeps the 15 s floor across reloads: a server removed and added back 50 times in a second is not polled again', async () => {
    const stub = stubQuery((host) => sampleResult(host, 1));
    const scheduler = new Scheduler(checked(settings({ servers: ['a.test'] })), { query: stub.query, random: () => 0 });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(100);
    expect(stub.countFor('a.test')).toBe(1);
    for (let i = 0; i < 50; i++) {
      scheduler.update(checked(settings({ servers: i % 2 === 0 ? ['b.test'] : ['a.test'] })));
      await vi.advanceTimersByTimeAsync(20);
    }
    expect(stub.countFor('a.test')).toBe(1);
    expect(stub.countFor('b.test')).toBe(1); // b.test: first query at once, then the floor holds it too
    // a.test is back for good: its next poll comes once 15 s have passed since its last one, not before.
    await vi.advanceTimersByTimeAsync(15 * S - 1_200); // 14.9 s after its query
    expect(stub.countFor('a.test')).toBe(1);
    await vi.advanceTimersByTimeAsync(200);
    expect(stub.countFor('a.test')).toBe(2);
    await stopUnderFakeTime(scheduler);
  });

  it('a server added back while its old query is in flight waits for it and for the floor', async () => {
    const stub = stubQuery((host) => sampleResult(host, 1), 3 * S);
    const scheduler = new Scheduler(checked(settings({ servers: ['a.test'] })), { query: stub.query, random: () => 0 });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(100);
    scheduler.update(checked(settings({ servers: ['b.test'] })));
    scheduler.update(checked(settings({ servers: ['a.test'] })));
    await vi.advanceTimersByTimeAsync(14 * S);
    expect(stub.countFor('a.test')).toBe(1);
    expect(stub.maxConcurrent()).toBe(1);
    await vi.advanceTimersByTimeAsync(1 * S);
    expect(stub.countFor('a.test')).toBe(2);
    await stopUnderFakeTime(scheduler);
  });
});

/**
 * The Scheduler polling a mix of healthy and faulty loopback servers with the real queryAny: every round brings
 * one result per server (nothing lost), each server reaches the right state, a slow or silent server delays no
 * other, and a server that comes back is noticed.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { queryAny } from '../../main/ntp/query-any.js';
import { Scheduler } from '../../main/scheduler/scheduler.js';
import type { ResultEvent } from '../../main/judging/events.js';
import { defaultSettings } from '../../main/settings/settings.js';
import type { Transition } from '../../main/judging/transition.js';
import { startFakeNtpServer, type FakeNtpServer } from '../support/fake-ntp-server.js';
import { sampleResult } from '../support/results.js';
import { checked } from '../support/settings.js';

const TIMEOUT_MS = 1_000;
const SLOW_MS = 250;
const BROKEN_NAME = 'broken-dns.invalid:123';

let fakes: FakeNtpServer[] = [];
let scheduler: Scheduler | undefined;

afterEach(async () => {
  await scheduler?.stop();
  scheduler = undefined;
  await Promise.all(fakes.map((f) => f.close()));
  fakes = [];
});

async function fleet() {
  const start = async (shape: FakeNtpServer['shape']) => {
    const f = await startFakeNtpServer(shape);
    fakes.push(f);
    return f;
  };
  let silentAnswers = false;
  const servers = {
    good: await start(() => ({ offsetMs: 10 })),
    alternating: await start((_, i) => (i % 2 === 0 ? { offsetMs: 10 } : { silent: true })),
    silent: await start(() => (silentAnswers ? { offsetMs: 10 } : { silent: true })),
    otherPort: await start(() => ({ fromOtherPort: true })),
    slow: await start(() => ({ delayMs: SLOW_MS, processingMs: SLOW_MS, offsetMs: 10 })),
    drifting: await start(() => ({ offsetMs: 2_500 })),
  };
  return { servers, wakeSilent: () => (silentAnswers = true) };
}

describe('Scheduler with faulty servers', () => {
  it('keeps monitoring: right states, one result per server per round, the slow and silent ones last', async () => {
    const { servers, wakeSilent } = await fleet();
    const addresses = Object.values(servers).map((s) => s.server);
    const settings = { ...defaultSettings([...addresses, BROKEN_NAME]), timeoutMs: TIMEOUT_MS };
    const failingResolve = () => Promise.reject(Object.assign(new Error('no such name'), { code: 'ENOTFOUND' }));
    scheduler = new Scheduler(checked(settings), { query: (address, options) => queryAny(address, { ...options, resolve: failingResolve }) });

    const rounds: ResultEvent[][] = [];
    const transitions: Transition[] = [];
    scheduler.on('result', (event) => rounds.at(-1)!.push(event));
    scheduler.on('transition', (t) => transitions.push(t));
    const round = async () => {
      rounds.push([]);
      await scheduler!.checkNow();
    };

    for (let i = 0; i < 4; i++) await round();
    const state = (server: string) => scheduler!.statuses().find((s) => s.server === server)!;

    for (const events of rounds) expect(events.map((e) => e.server).sort()).toEqual([...addresses, BROKEN_NAME].sort());
    expect(state(servers.good.server).state).toBe('ok');
    expect(state(servers.slow.server).state).toBe('ok');
    expect(state(servers.alternating.server).state).toBe('ok');
    expect(state(servers.drifting.server).state).toBe('critical');
    expect(state(servers.silent.server)).toMatchObject({ state: 'unreachable', reason: { kind: 'timeout' } });
    expect(state(servers.otherPort.server)).toMatchObject({ state: 'unreachable', reason: { kind: 'timeout' } });
    expect(state(BROKEN_NAME)).toMatchObject({ state: 'unreachable', reason: { kind: 'dns', code: 'ENOTFOUND' } });
    // Alternating silence never adds up to failuresBeforeUnreachable consecutive failures.
    expect(transitions.filter((t) => t.server === servers.alternating.server).map((t) => t.to)).toEqual(['ok']);

    // Order, not timing: in the first round, prompt answers come before the slow one, which comes before the timeouts.
    const order = rounds[0]!.map((e) => e.server);
    const slowAt = order.indexOf(servers.slow.server);
    expect(slowAt).toBeGreaterThan(order.indexOf(servers.good.server));
    expect(slowAt).toBeGreaterThan(order.indexOf(BROKEN_NAME));
    expect(slowAt).toBeLessThan(order.indexOf(servers.silent.server));
    expect(slowAt).toBeLessThan(order.indexOf(servers.otherPort.server));

    wakeSilent();
    await round();
    await round();
    expect(state(servers.silent.server).state).toBe('ok');
    expect(transitions.filter((t) => t.server === servers.silent.server).map((t) => `${t.from}->${t.to}`)).toEqual([
      'unknown->unreachable',
      'unreachable->ok',
    ]);
  });

  it('a query function that never settles for one server does not hold back the results of the others', async () => {
    const good = await startFakeNtpServer(() => ({ offsetMs: 5 }));
    fakes.push(good);
    const hung = '127.0.0.1:9';
    const settings = { ...defaultSettings([good.server, hung]), timeoutMs: TIMEOUT_MS };
    scheduler = new Scheduler(checked(settings), {
      query: (address, options) => (address.text === hung ? new Promise(() => undefined) : queryAny(address, options)),
    });
    const results: string[] = [];
    scheduler.on('result', (e) => results.push(e.server));
    void scheduler.checkNow();
    void scheduler.checkNow();
    await new Promise<void>((resolve) => {
      const stopListening = scheduler!.on('result', () => {
        if (results.length >= 1) {
          stopListening();
          resolve();
        }
      });
    });
    expect(results).toEqual([good.server]);
    const statuses = scheduler.statuses();
    expect(statuses.find((s) => s.server === good.server)?.lastSample?.offsetMs).toBeDefined();
    expect(statuses.find((s) => s.server === hung)?.state).toBe('unknown');
    scheduler = undefined; // stop() would wait forever for the query that never settles
  });
});

describe('Scheduler with a faulty listener', () => {
  it('a listener that throws keeps no result or transition from the others, is reported, and polling carries on', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const reported = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const settings = { ...defaultSettings(['127.0.0.1:1']), intervalSeconds: 15 };
      const broken = new Scheduler(checked(settings), { query: async (a) => sampleResult(a, 3_000), random: () => 0 });
      broken.on('result', () => {
        throw new Error('sink bug');
      });
      broken.on('transition', () => {
        throw new Error('tray bug');
      });
      let results = 0;
      const transitions: string[] = [];
      broken.on('result', () => results++);
      broken.on('transition', (t) => transitions.push(t.to));
      broken.start();
      await vi.advanceTimersByTimeAsync(15_000 * 3);
      expect(results).toBe(4);
      expect(transitions).toEqual(['critical']);
      expect(reported).toHaveBeenCalled();
      expect(String(reported.mock.calls[0])).toContain('sink bug');
      await broken.stop();
    } finally {
      reported.mockRestore();
      vi.useRealTimers();
    }
  });
});

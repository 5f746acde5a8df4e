/**
 * Soak: the Scheduler over many poll cycles (fake timers, a stubbed instant query mixing every kind of result, and
 * settings changes along the way), then real UDP queries in bulk. Timers, handles and memory must stay flat.
 * Bounds are on growth, never on time.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { queryServer } from '../../main/ntp/query.js';
import type { QueryResult } from '../../main/ntp/result.js';
import { Scheduler } from '../../main/scheduler/scheduler.js';
import type { ServerAddress } from '../../main/ntp/address.js';
import { defaultSettings, type Settings } from '../../main/settings/settings.js';
import { startFakeNtpServer } from '../support/fake-ntp-server.js';
import { heapAfterGc } from '../support/gc.js';
import { failureResult, sampleResult } from '../support/results.js';
import { checked } from '../support/settings.js';
import { plain } from '../support/addresses.js';

const MB = 1024 * 1024;

/** socket.close() releases the handle on a later turn of the event loop. */
const closeCallbacks = () => new Promise((resolve) => setTimeout(resolve, 20));
const SERVERS = 20;
const CYCLES = 1_500;

/** A deterministic mix: good offsets on both sides of each threshold, timeouts, RATE kisses, bogus replies. */
function mixedQuery(): { query: (a: ServerAddress) => Promise<QueryResult>; calls: () => number } {
  let calls = 0;
  const query = async (address: ServerAddress): Promise<QueryResult> => {
    calls += 1;
    const roll = (calls * 2_654_435_761) % 100;
    if (roll < 10) return failureResult(address, 'timeout');
    if (roll < 12) return failureResult(address, 'kod', 'RATE');
    if (roll < 14) return failureResult(address, 'bogus', 'origin-mismatch');
    return sampleResult(address, roll < 60 ? 5 : roll < 80 ? 300 : 3_000);
  };
  return { query, calls: () => calls };
}

function settingsFor(generation: number): Settings {
  // Each generation swaps the last server for a new one, so entries are removed and added throughout.
  const servers = Array.from({ length: SERVERS - 1 }, (_, i) => `10.0.0.${i + 1}`);
  servers.push(`10.0.1.${generation % 250}`);
  return { ...defaultSettings(servers), intervalSeconds: 15 };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('soak', () => {
  it(`${SERVERS} servers over ${CYCLES} poll cycles: one timer per server, heap flat, clean stop`, async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const resourcesBefore = process.getActiveResourcesInfo().length;
    const { query, calls } = mixedQuery();
    const scheduler = new Scheduler(checked(settingsFor(0)), { query, random: () => 0.5 });
    let transitions = 0;
    let results = 0;
    scheduler.on('transition', () => (transitions += 1));
    scheduler.on('result', () => (results += 1));
    scheduler.start();

    const cycleMs = 15_000 * 1.1;
    const checkpoints: { timers: number; heap: number }[] = [];
    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      await vi.advanceTimersByTimeAsync(cycleMs);
      if (cycle % 250 === 0) {
        expect(vi.getTimerCount()).toBe(scheduler.statuses().filter((s) => !s.refused).length);
        checkpoints.push({ timers: vi.getTimerCount(), heap: heapAfterGc().heapUsed });
      }
      if (cycle % 100 === 0) scheduler.update(checked(settingsFor(cycle / 100)));
    }

    await scheduler.stop();
    expect(calls()).toBeGreaterThan(SERVERS * CYCLES * 0.5);
    // Every query's result was delivered, except those of the servers each settings change removed.
    expect(results).toBeGreaterThanOrEqual(calls() - CYCLES / 100);
    expect(transitions).toBeGreaterThan(100);
    expect(new Set(checkpoints.map((c) => c.timers)).size).toBe(1);
    expect(checkpoints[0]!.timers).toBe(SERVERS);
    const growth = checkpoints.at(-1)!.heap - checkpoints[0]!.heap;
    expect(growth).toBeLessThan(8 * MB);

    expect(vi.getTimerCount()).toBe(0);
    expect(process.getActiveResourcesInfo().length).toBeLessThanOrEqual(resourcesBefore);
  });

  it('thousands of real UDP queries leave no socket or timer behind', async () => {
    const fake = await startFakeNtpServer((_, i) => (i % 5 === 4 ? { silent: true } : { offsetMs: 3 }));
    const udpHandles = () => process.getActiveResourcesInfo().filter((r) => r === 'UDPWrap').length;
    const baseline = udpHandles();
    const heapBefore = heapAfterGc().heapUsed;
    const kinds = new Map<string, number>();
    for (let batch = 0; batch < 10; batch++) {
      const batchResults = await Promise.all(Array.from({ length: 200 }, () => queryServer(plain(fake.server), { timeoutMs: 500 })));
      for (const r of batchResults) {
        const kind = r.ok ? 'ok' : r.failure.kind;
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      }
    }
    expect(kinds.get('ok')).toBeGreaterThan(1_000);
    expect(kinds.get('timeout')).toBeGreaterThan(0);
    await closeCallbacks();
    expect(udpHandles()).toBe(baseline);
    expect(heapAfterGc().heapUsed - heapBefore).toBeLessThan(8 * MB);
    await fake.close();
    await closeCallbacks();
    expect(udpHandles()).toBe(baseline - 2);
  });
});

/**
 * Footprint over time: the Scheduler making 100,000 polls (100 servers, simulated clock, stubbed instant query
 * mixing good samples, threshold crossings and failures), then 10,000 real UDP queries against a loopback server.
 * Memory and open handles are sampled along the way to show that nothing grows without bound.
 */
import { queryServer } from '../../main/ntp/query.js';
import type { QueryResult } from '../../main/ntp/result.js';
import { Scheduler } from '../../main/scheduler/scheduler.js';
import { defaultSettings } from '../../main/settings/settings.js';
import { startFakeNtpServer } from '#fixtures/fake-ntp-server.js';
import { heapAfterGc } from '#fixtures/gc.js';
import { failureResult, sampleResult } from '#fixtures/results.js';
import { seededRandom } from '#fixtures/seeded-random.js';
import { VirtualClock } from './virtual-timers.js';
import { checkedBeyondServerLimit } from '#fixtures/settings.js';
import { plain } from '#fixtures/addresses.js';

export interface FootprintPoint {
  polls: number;
  heapUsed: number;
  rss: number;
  pendingTimers: number;
  /** process.getActiveResourcesInfo(): the handles and requests keeping the event loop alive, by type. */
  activeResources: string[];
}

export interface FootprintResult {
  simulated: { servers: number; polls: number; transitions: number; points: FootprintPoint[] };
  realUdp: { queries: number; ok: number; before: FootprintPoint; after: FootprintPoint; udpHandlesAfter: number };
}

const SERVERS = 100;
const POLLS = 100_000;
const REAL_QUERIES = 10_000;

function point(polls: number, pendingTimers: number): FootprintPoint {
  return { polls, ...heapAfterGc(), pendingTimers, activeResources: process.getActiveResourcesInfo() };
}

async function simulated(): Promise<FootprintResult['simulated']> {
  const clock = new VirtualClock();
  clock.install();
  try {
    const servers = Array.from({ length: SERVERS }, (_, i) => `10.0.${i >> 8}.${(i & 255) + 1}`);
    const settings = { ...defaultSettings(servers), intervalSeconds: 15 };
    let polls = 0;
    const scheduler = new Scheduler(checkedBeyondServerLimit(settings), {
      random: seededRandom(2),
      now: () => clock.now,
      query: async (address): Promise<QueryResult> => {
        polls += 1;
        const roll = (polls * 2_654_435_761) % 100;
        if (roll < 8) return failureResult(address, 'timeout', undefined, clock.now);
        return sampleResult(address, roll < 70 ? 2 : roll < 90 ? 250 : 2_500, clock.now);
      },
    });
    let transitions = 0;
    scheduler.on('transition', () => (transitions += 1));
    scheduler.start();
    const points: FootprintPoint[] = [];
    let next = 1_000;
    while (polls < POLLS) {
      await clock.runUntil(clock.now + 15_000, () => polls >= next);
      if (polls >= next) {
        points.push(point(polls, clock.pending));
        next = next === 1_000 ? 25_000 : next + 25_000;
      }
    }
    await scheduler.stop();
    return { servers: SERVERS, polls, transitions, points };
  } finally {
    clock.uninstall();
  }
}

async function realUdp(): Promise<FootprintResult['realUdp']> {
  const fake = await startFakeNtpServer(() => ({ offsetMs: 1 }));
  const before = point(0, 0);
  let ok = 0;
  for (let done = 0; done < REAL_QUERIES; done += 100) {
    const batch = await Promise.all(Array.from({ length: 100 }, () => queryServer(plain(fake.server), { timeoutMs: 1_000 })));
    ok += batch.filter((r) => r.ok).length;
  }
  await new Promise((resolve) => setTimeout(resolve, 50)); // let closed sockets release their handles
  const after = point(REAL_QUERIES, 0);
  const udpHandlesAfter = process.getActiveResourcesInfo().filter((r) => r === 'UDPWrap').length - 2; // minus the server's own
  await fake.close();
  return { queries: REAL_QUERIES, ok, before, after, udpHandlesAfter };
}

export async function benchFootprint(): Promise<FootprintResult> {
  return { simulated: await simulated(), realUdp: await realUdp() };
}

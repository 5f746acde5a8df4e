/**
 * Bursts over a noisy asymmetric path (the seeded relay holds requests 0-40 ms and replies 0-4 ms) to a real chronyd
 * serving this machine's clock, so the truth is 0: the least-delay sample of a burst beats a single sample.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { burst } from '../../main/sample/burst.js';
import { queryServer } from '../../main/ntp/query.js';
import { startChronyd, type Chronyd } from '../support/chronyd.js';
import { startUdpRelay, type UdpRelay } from '../support/udp-relay.js';
import { plain } from '../support/addresses.js';

let chronyd: Chronyd;
let relay: UdpRelay;
beforeAll(async () => {
  chronyd = await startChronyd();
  relay = await startUdpRelay({ targetPort: chronyd.port, requestHoldMs: [0, 40], replyHoldMs: [0, 4], seed: 10 });
});
afterAll(async () => {
  await relay?.close();
  await chronyd?.stop();
});

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

it('the median error of a burst of 8 is well under that of single samples through the same path', async () => {
  const query = () => queryServer(plain(relay.server), { timeoutMs: 1_000 });
  const noWait = async () => undefined;
  const singles: number[] = [];
  const bursts: number[] = [];
  for (let run = 0; run < 12; run++) {
    const single = await query();
    const best = await burst(query, { count: 8, sleep: noWait });
    if (single.ok) singles.push(Math.abs(single.sample.offsetMs));
    if (best.ok) bursts.push(Math.abs(best.sample.offsetMs));
    if (best.ok) expect(best.sample.samples).toBe(8);
  }
  expect(singles.length).toBeGreaterThanOrEqual(10);
  expect(bursts.length).toBeGreaterThanOrEqual(10);
  // Single errors are (request hold - reply hold) / 2, median about 9 ms; a burst's least-delay one about 2 ms.
  expect(median(singles)).toBeGreaterThan(4);
  expect(median(bursts)).toBeLessThan(median(singles) / 2);
  expect(median(bursts)).toBeLessThan(5);
}, 60_000);

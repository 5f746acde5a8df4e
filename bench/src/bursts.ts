/**
 * Accuracy on a noisy asymmetric path: a seeded relay holds each request 0-40 ms and each reply 0-4 ms on its way
 * to a chronyd serving this machine's clock (true offset 0). Single samples (ours and python3-ntplib's, through the
 * same relay) against bursts of 4 and 8 at the real 2 s spacing, all running side by side for the same rounds.
 */
import { burst } from '../../main/sample/burst.js';
import { queryServer } from '../../main/ntp/query.js';
import { startChronyd } from '#fixtures/chronyd.js';
import { startUdpRelay } from '#fixtures/udp-relay.js';
import { startReferenceClient } from './reference-client.js';
import { spread, type Spread } from './stats.js';
import { plain } from '#fixtures/addresses.js';

export interface BurstRow {
  method: string;
  /** |offset - truth| in ms over every measurement of this method. */
  errorMs: Spread;
  failures: number;
}

export interface BurstResult {
  rounds: number;
  requestHoldMs: [number, number];
  replyHoldMs: [number, number];
  rows: BurstRow[];
}

/** 8 rounds of one 14 s burst of 8 keep the section under 2 minutes. */
const ROUNDS = 8;
const SPACING_MS = 2_000;
const REQUEST_HOLD: [number, number] = [0, 40];
const REPLY_HOLD: [number, number] = [0, 4];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function benchBursts(): Promise<BurstResult> {
  const reference = startReferenceClient();
  const chronyd = await startChronyd().catch((error: unknown) => {
    reference.close();
    throw error;
  });
  const relay = await startUdpRelay({ targetPort: chronyd.port, requestHoldMs: REQUEST_HOLD, replyHoldMs: REPLY_HOLD, seed: 2026 });
  const errors = { single: [] as number[], ntplib: [] as number[], burst4: [] as number[], burst8: [] as number[] };
  const failures = { single: 0, ntplib: 0, burst4: 0, burst8: 0 };
  const query = () => queryServer(plain(relay.server), { timeoutMs: 2_000 });
  const record = async (method: keyof typeof errors, work: () => Promise<number | null>) => {
    const offset = await work().catch(() => null);
    if (offset === null) failures[method]++;
    else errors[method].push(Math.abs(offset));
  };
  const ours = async (count: number) => {
    const r = await burst(query, { count });
    return r.ok ? r.sample.offsetMs : null;
  };
  // One single query every 2 s for as long as a burst of 8 lasts, as a monitor polling alone would see them.
  const singles = async (method: 'single' | 'ntplib', once: () => Promise<number | null>) => {
    for (let i = 0; i < 8; i++) {
      await record(method, once);
      await sleep(SPACING_MS);
    }
  };
  try {
    for (let round = 0; round < ROUNDS; round++) {
      await Promise.all([
        record('burst8', () => ours(8)),
        (async () => {
          await record('burst4', () => ours(4));
          await sleep(SPACING_MS);
          await record('burst4', () => ours(4));
        })(),
        singles('single', () => ours(1)),
        singles('ntplib', async () => (await reference.query('127.0.0.1', relay.port)).offsetMs),
      ]);
    }
  } finally {
    reference.close();
    await relay.close();
    await chronyd.stop();
  }
  const row = (method: string, key: keyof typeof errors): BurstRow => ({ method, errorMs: spread(errors[key]), failures: failures[key] });
  return {
    rounds: ROUNDS,
    requestHoldMs: REQUEST_HOLD,
    replyHoldMs: REPLY_HOLD,
    rows: [row('ntp-monitor, single sample', 'single'), row('python3-ntplib, single sample', 'ntplib'), row('ntp-monitor, burst of 4', 'burst4'), row('ntp-monitor, burst of 8', 'burst8')],
  };
}

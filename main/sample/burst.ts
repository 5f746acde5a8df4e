/** A burst: several queries of one server, 2 s apart as iburst sends them, keeping the reply with the least delay. */
import type { QueryResult, Sample } from '../ntp/result.js';
import { jitterAround, leastDelayIndex } from './clock-filter.js';

/** One query of one server; `queryServer` bound to a server, or any other protocol's (NTS) single query. */
export type SingleQuery = () => Promise<QueryResult>;

/** ntpd's clock filter holds 8 samples: more replies would not change which ones it keeps. */
export const BURST_LIMITS = { min: 1, max: 8 } as const;
/** ntpd and chrony space iburst packets 2 s apart, which rate-limiting servers accept. */
export const BURST_SPACING_MS = 2_000;

export interface BurstOptions {
  /** Requests to send, 1-8 (clamped). */
  count: number;
  spacingMs?: number;
  /** Waits between requests; tests inject one that does not wait. */
  sleep?: (ms: number) => Promise<void>;
  /**
   * End the burst at a failure that comes before any good reply (`check`): a silent, refused or unsynchronized server
   * then costs one timeout, not `count`, so a check stays within a monitor's time limit. Later failures are forgiven.
   */
  stopAtFirstFailure?: boolean;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Sends `count` queries one after another. The burst succeeds when any reply is good: the least-delay sample, with
 * `jitterMs` (RMS of the other good offsets around it) and `samples` (how many good replies there were). A
 * Kiss-o'-Death stops the burst at once and is the result, so the caller backs off or stops as the server asked.
 * With no good reply the last failure is the result.
 */
export async function burst(query: SingleQuery, options: BurstOptions): Promise<QueryResult> {
  const count = Math.min(BURST_LIMITS.max, Math.max(BURST_LIMITS.min, Math.floor(options.count)));
  const sleep = options.sleep ?? realSleep;
  const good: Sample[] = [];
  let lastFailure: QueryResult | undefined;
  for (let i = 0; i < count; i++) {
    if (i > 0) await sleep(options.spacingMs ?? BURST_SPACING_MS);
    const result = await query();
    if (result.ok) good.push(result.sample);
    else if (result.failure.kind === 'kod' || (options.stopAtFirstFailure && good.length === 0)) return result;
    else lastFailure = result;
  }
  if (good.length === 0) return lastFailure!;
  const kept = leastDelayIndex(good);
  return { ok: true, sample: { ...good[kept]!, jitterMs: jitterAround(good, kept), samples: good.length } };
}

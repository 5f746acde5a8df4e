/**
 * Detection latency in simulated time: a server's offset jumps past the warning threshold at a random moment;
 * how long until the Scheduler emits the transition? Compared with the bound the issue states,
 * confirm x interval + one reply timeout.
 */
import { Scheduler } from '../../main/scheduler/scheduler.js';
import { defaultSettings, type Settings } from '../../main/settings/settings.js';
import { sampleResult } from '#fixtures/results.js';
import { seededRandom } from '#fixtures/seeded-random.js';
import { median } from './stats.js';
import { VirtualClock } from './virtual-timers.js';
import { checked } from '#fixtures/settings.js';

export interface DetectionCase {
  label: string;
  confirm: number;
  intervalSeconds: number;
  timeoutMs: number;
  jitter: string;
  replyMs: number;
  trials: number;
  /** The bound: confirm x interval + one reply timeout. */
  boundMs: number;
  /**
   * What the Scheduler can take at worst: each poll is sent at most one interval after the previous send (jitter only
   * brings it early), and its reply takes up to a timeout, so confirm x interval + one timeout.
   */
  engineWorstMs: number;
  medianMs: number;
  maxMs: number;
  withinBound: boolean;
}

interface Scenario {
  label: string;
  settings: Settings;
  /** The Scheduler's random source: seeded uniform, or pinned for no jitter and for the worst case. */
  random: () => number;
  jitter: string;
  replyMs: number;
  trials: number;
}

const EPOCH_MS = Date.UTC(2026, 0, 1);

/** One trial: the offset is 0 until `crossAtMs`, then 1.5x the warning threshold; returns the latency. */
async function trial(s: Scenario, crossAtMs: number): Promise<number> {
  const clock = new VirtualClock();
  clock.install();
  try {
    const badOffsetMs = s.settings.warningSeconds * 1000 * 1.5;
    const scheduler = new Scheduler(checked(s.settings), {
      random: s.random,
      now: () => EPOCH_MS + clock.now,
      query: (address) => {
        const sentAt = clock.now;
        return new Promise((resolve) =>
          setTimeout(() => resolve(sampleResult(address, sentAt >= crossAtMs ? badOffsetMs : 0, EPOCH_MS + clock.now)), s.replyMs),
        );
      },
    });
    let detectedAt: number | undefined;
    scheduler.on('transition', (t) => {
      if (t.to === 'warning') detectedAt = clock.now;
    });
    scheduler.start();
    await clock.runUntil(crossAtMs + 20 * s.settings.intervalSeconds * 1000, () => detectedAt !== undefined);
    await scheduler.stop();
    if (detectedAt === undefined) throw new Error(`${s.label}: no transition detected`);
    return detectedAt - crossAtMs;
  } finally {
    clock.uninstall();
  }
}

async function run(s: Scenario): Promise<DetectionCase> {
  const intervalMs = s.settings.intervalSeconds * 1000;
  // Cross after the server has settled in 'ok', at evenly spread phases of a poll cycle (plus the worst phase:
  // just after a query was sent, so that query still sees the old offset).
  const settled = (s.settings.confirm + 2) * intervalMs * 1.1 + 10 * s.replyMs;
  const latencies: number[] = [];
  for (let i = 0; i < s.trials; i++) latencies.push(await trial(s, settled + (i / s.trials) * intervalMs * 1.1 + 0.001));
  const boundMs = s.settings.confirm * intervalMs + s.settings.timeoutMs;
  const engineWorstMs = s.settings.confirm * intervalMs + s.settings.timeoutMs;
  const maxMs = Math.max(...latencies);
  return {
    label: s.label,
    confirm: s.settings.confirm,
    intervalSeconds: s.settings.intervalSeconds,
    timeoutMs: s.settings.timeoutMs,
    jitter: s.jitter,
    replyMs: s.replyMs,
    trials: s.trials,
    boundMs,
    engineWorstMs,
    medianMs: median(latencies),
    maxMs,
    withinBound: maxMs <= boundMs,
  };
}

export async function benchDetection(): Promise<DetectionCase[]> {
  const defaults = defaultSettings(['127.0.0.1:123']);
  const cases: DetectionCase[] = [];
  for (const [name, settings] of [
    ['defaults', defaults],
    ['confirm = 1', { ...defaults, confirm: 1 }],
  ] as const) {
    // Typical (seeded jitter, loopback reply), then each cause of delay alone, then both at their worst.
    const slowReplyMs = settings.timeoutMs - 1;
    cases.push(await run({ label: name, settings, random: seededRandom(1), jitter: 'random 0-10%', replyMs: 1, trials: 400 }));
    cases.push(await run({ label: name, settings, random: () => 0, jitter: 'none', replyMs: 1, trials: 400 }));
    cases.push(await run({ label: name, settings, random: () => 0, jitter: 'none', replyMs: slowReplyMs, trials: 400 }));
    cases.push(await run({ label: name, settings, random: () => 0.999_999, jitter: 'max 10%', replyMs: slowReplyMs, trials: 400 }));
  }
  return cases;
}

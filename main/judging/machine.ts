/**
 * One server's state. A change needs `confirm` consecutive samples that agree (recovery too), or
 * `failuresBeforeUnreachable` consecutive failures; DENY/RSTR make it unreachable at once, since we stop asking.
 * A `local` failure (this computer out of descriptors, buffers...) says nothing about the server: it changes nothing.
 */
import type { Failure, QueryResult } from '../ntp/result.js';
import type { Transition } from './transition.js';
import type { ServerState } from './server-state.js';
import { classifyOffset, crossedThreshold, type Thresholds } from './classify.js';
import { Confirmed } from './confirmed.js';
import { limitExcesses, withinLimitsState, type LimitExcess } from './limits.js';

export interface MachineOptions extends Thresholds {
  confirm: number;
  failuresBeforeUnreachable: number;
  /** A server beyond one of these is at least WARNING, the limit named (null or absent: no limit). */
  maxStratum?: number | null;
  maxRootDistanceSeconds?: number | null;
}

export function isRefusal(failure: Failure): boolean {
  return failure.kind === 'kod' && (failure.code === 'DENY' || failure.code === 'RSTR');
}

export class ServerStateMachine {
  /** The state by the confirm rule (the one rule, shared with the verdicts); failures set it directly. */
  private readonly confirmed = new Confirmed<ServerState>('unknown');
  private lastFailure: Failure | undefined;
  private failures = 0;

  constructor(
    readonly server: string,
    private options: MachineOptions,
  ) {}

  get state(): ServerState {
    return this.confirmed.value;
  }

  /** Why the server is unreachable (the last failure), while it is. */
  get reason(): Failure | undefined {
    return this.confirmed.value === 'unreachable' ? this.lastFailure : undefined;
  }

  get consecutiveFailures(): number {
    return this.failures;
  }

  reconfigure(options: MachineOptions): void {
    this.options = options;
  }

  /**
   * Takes one result in. `knownAt` (Unix ms) is when the result was known, the time a change is dated with: a burst's
   * chosen sample may be seconds older than its last reply, and lines must not go back in time.
   */
  observe(result: QueryResult, knownAt: number = result.ok ? result.sample.at : result.failure.at): Transition | null {
    if (result.ok) return this.observeSample(result, knownAt);
    if (result.failure.kind === 'local') return null;
    return this.observeFailure(result.failure, knownAt);
  }

  private observeSample(result: Extract<QueryResult, { ok: true }>, at: number): Transition | null {
    this.failures = 0;
    const beyond = limitExcesses(result.sample, { maxStratum: this.options.maxStratum ?? null, maxRootDistanceSeconds: this.options.maxRootDistanceSeconds ?? null });
    const byOffset = classifyOffset(result.sample.offsetMs, this.options);
    const wanted = withinLimitsState(byOffset, beyond.length > 0);
    const changed = this.confirmed.observe(wanted, this.options.confirm);
    if (!changed) return null;
    return this.transition(changed.from, wanted, { sample: result.sample, at, ...(beyond.length > 0 ? { beyond } : {}) });
  }

  private observeFailure(failure: Failure, at: number): Transition | null {
    this.failures += 1;
    this.lastFailure = failure;
    const enough = this.failures >= this.options.failuresBeforeUnreachable || isRefusal(failure);
    const from = this.confirmed.value;
    if (!enough || from === 'unreachable') return null;
    this.confirmed.value = 'unreachable';
    this.confirmed.reset();
    return this.transition(from, 'unreachable', { failure, at });
  }

  private transition(from: ServerState, to: ServerState, cause: Pick<Transition, 'sample' | 'failure' | 'at'> & { beyond?: LimitExcess[] }): Transition {
    return { server: this.server, from, to, ...cause, thresholdSeconds: crossedThreshold(from, to, this.options) };
  }
}

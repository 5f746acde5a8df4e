/**
 * One server's state. A change needs `confirm` consecutive samples that agree (recovery too), or
 * `failuresBeforeUnreachable` consecutive failures; DENY/RSTR make it unreachable at once, since we stop asking.
 * A `local` failure (this computer out of descriptors, buffers...) says nothing about the server: it changes nothing.
 */
import type { Failure, QueryResult } from '../sample/sample.js';
import type { Transition } from '../transitions/transition.js';
import type { ServerState } from './server-state.js';
import { classifyOffset, crossedThreshold, type Thresholds } from './classify.js';
import { limitExcesses, type LimitExcess } from './limits.js';

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
  private current: ServerState = 'unknown';
  private lastFailure: Failure | undefined;
  private candidate: ServerState | undefined;
  private agreeing = 0;
  private failures = 0;

  constructor(
    readonly server: string,
    private options: MachineOptions,
  ) {}

  get state(): ServerState {
    return this.current;
  }

  /** Why the server is unreachable (the last failure), while it is. */
  get reason(): Failure | undefined {
    return this.current === 'unreachable' ? this.lastFailure : undefined;
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
    const wanted = byOffset === 'ok' && beyond.length > 0 ? 'warning' : byOffset;
    if (wanted === this.current) {
      this.candidate = undefined;
      this.agreeing = 0;
      return null;
    }
    this.agreeing = wanted === this.candidate ? this.agreeing + 1 : 1;
    this.candidate = wanted;
    if (this.agreeing < this.options.confirm) return null;
    return this.change(wanted, { sample: result.sample, at, ...(beyond.length > 0 ? { beyond } : {}) });
  }

  private observeFailure(failure: Failure, at: number): Transition | null {
    this.failures += 1;
    this.lastFailure = failure;
    const enough = this.failures >= this.options.failuresBeforeUnreachable || isRefusal(failure);
    if (!enough || this.current === 'unreachable') return null;
    return this.change('unreachable', { failure, at });
  }

  private change(to: ServerState, cause: Pick<Transition, 'sample' | 'failure' | 'at'> & { beyond?: LimitExcess[] }): Transition {
    const from = this.current;
    this.current = to;
    this.candidate = undefined;
    this.agreeing = 0;
    return { server: this.server, from, to, ...cause, thresholdSeconds: crossedThreshold(from, to, this.options) };
  }
}

/**
 * One server's state. A change needs `confirm` consecutive samples that agree (recovery too), or
 * `failuresBeforeUnreachable` consecutive failures; DENY/RSTR make it unreachable at once, since we stop asking.
 * A `local` failure (this computer out of descriptors, buffers...) says nothing about the server: it changes nothing.
 */
import type { Failure, QueryResult } from '../sample/sample.js';
import type { Transition } from '../transitions/transition.js';
import type { ServerState } from './server-state.js';
import { classifyOffset, type Thresholds } from './classify.js';

export interface MachineOptions extends Thresholds {
  confirm: number;
  failuresBeforeUnreachable: number;
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

  observe(result: QueryResult): Transition | null {
    if (result.ok) return this.observeSample(result);
    if (result.failure.kind === 'local') return null;
    return this.observeFailure(result.failure);
  }

  private observeSample(result: Extract<QueryResult, { ok: true }>): Transition | null {
    this.failures = 0;
    const wanted = classifyOffset(result.sample.offsetMs, this.options);
    if (wanted === this.current) {
      this.candidate = undefined;
      this.agreeing = 0;
      return null;
    }
    this.agreeing = wanted === this.candidate ? this.agreeing + 1 : 1;
    this.candidate = wanted;
    if (this.agreeing < this.options.confirm) return null;
    return this.change(wanted, { sample: result.sample, at: result.sample.at });
  }

  private observeFailure(failure: Failure): Transition | null {
    this.failures += 1;
    this.lastFailure = failure;
    const enough = this.failures >= this.options.failuresBeforeUnreachable || isRefusal(failure);
    if (!enough || this.current === 'unreachable') return null;
    return this.change('unreachable', { failure, at: failure.at });
  }

  private change(to: ServerState, cause: Pick<Transition, 'sample' | 'failure' | 'at'>): Transition {
    const from = this.current;
    this.current = to;
    this.candidate = undefined;
    this.agreeing = 0;
    return { server: this.server, from, to, ...cause, thresholdSeconds: this.thresholdFor(from, to) };
  }

  private thresholdFor(from: ServerState, to: ServerState): number | undefined {
    if (to === 'critical') return this.options.criticalSeconds;
    if (to === 'warning') return from === 'critical' ? this.options.criticalSeconds : this.options.warningSeconds;
    if (to === 'ok' && (from === 'warning' || from === 'critical')) return this.options.warningSeconds;
    return undefined;
  }
}

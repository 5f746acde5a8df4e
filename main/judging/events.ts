/**
 * The events the rest of the engine listens to: one server's status, and one result with the change of state it
 * completed. The scheduler emits them, the monitor adds what the verdict says, sinks, history and the tray read them.
 */
import type { Failure, QueryResult, Sample } from '../ntp/result.js';
import type { ServerState } from './server-state.js';
import type { Transition } from './transition.js';

export interface ServerStatus {
  server: string;
  state: ServerState;
  /** The failure that made the server unreachable, while it is. */
  reason?: Failure;
  lastResult?: QueryResult;
  lastSample?: Sample;
  lastCheckAt?: number;
  nextCheckAt?: number;
  /** Current poll interval: the configured one, lengthened by back-off. */
  intervalSeconds: number;
  /** True after DENY/RSTR: no more queries until the settings change. */
  refused: boolean;
  /** Filled by the Monitor: RMS offset variation over the server's last 8 good polls (ms; 0 before two). */
  jitterMs?: number;
  /** Filled by the Monitor: how many good polls jitterMs is measured from (at most 8); below 2 it says nothing. */
  jitterPolls?: number;
  /** Filled by the Monitor: how the latest selection saw this server; null when it did not vote or gave no verdict. */
  selection?: 'truechimer' | 'falseticker' | null;
  /** Filled by the Monitor: the server is a confirmed falseticker (it disagrees with the majority). */
  falseticker?: boolean;
}

export interface ResultEvent {
  server: string;
  result: QueryResult;
  status: ServerStatus;
  /** When the result was known (Unix ms): what log lines and transitions are dated with, so they never go back. */
  knownAt: number;
  /** The change of state this result completed, if any (also emitted as a 'transition' event right after). */
  transition?: Transition;
}

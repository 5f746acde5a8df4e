/** The one seam through which things plug into a running monitor: sinks, the tray, a history store, a consensus verdict. */
import type { VerdictView } from '../consensus/clock-verdict.js';
import type { ResultEvent, ServerStatus } from '../judging/events.js';
import type { CheckedSettings } from '../settings/validate.js';
import type { Transition } from '../judging/transition.js';
import type { TimeServiceChange, TimeServiceView } from './time-service.js';

/** What a listener may read back from the monitor while it handles an event (for verdicts across servers). */
export interface MonitorView {
  statuses(): ServerStatus[];
  /** The verdict across servers: this computer's clock, falsetickers, leap second. */
  verdict(): VerdictView;
  readonly paused: boolean;
  /** This computer's time service as last read and cross-checked; null when none is read. */
  timeService(): TimeServiceView | null;
}

/**
 * Every method is optional; a listener that throws is reported and the others still run (see Scheduler.emit).
 * Listeners run in the order they were given, for events and for `apply` (each awaited); they close all at once.
 */
export interface MonitorListener {
  /** Every query result, after the server's state machine has taken it in (`monitor.statuses()` includes it). */
  onResult?(event: ResultEvent, monitor: MonitorView): void;
  /** A server changed state, or a verdict across servers did (`transition.verdict` set; see clock-verdict.ts). */
  onTransition?(transition: Transition, monitor: MonitorView): void;
  /** The time service's verdict changed (confirmed over `confirm` rounds, as a server's state is). */
  onTimeService?(change: TimeServiceChange, monitor: MonitorView): void;
  /** New settings, after the scheduler has taken them: step 3 of Monitor.apply. Texts: see engine/engine.ts. */
  apply?(checked: CheckedSettings): Promise<void> | void;
  /** The monitor stops: finish deliveries under way, flush files. Cut off by the monitor's drain cap. */
  close?(): Promise<void>;
}

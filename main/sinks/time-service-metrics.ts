/**
 * The time service's Prometheus series, on the monitor's registry: whether it answered, what it believes, and the
 * confirmed verdict as a state set. Absent, never 0, for what is not known (decision 31): nothing at all while no
 * daemon is read, no belief while it cannot be read, no age before its first update.
 */
import { Gauge, type Registry } from 'prom-client';
import type { TimeServiceView } from '../monitor/time-service.js';
import { DAEMON_VERDICTS } from '../timeservice/cross-check.js';

/** The values of the `verdict` label of ntp_monitor_time_service_verdict: every verdict, and unknown before the first. */
export const TIME_SERVICE_VERDICTS = ['unknown', ...DAEMON_VERDICTS] as const;

export class TimeServiceMetrics {
  private readonly up: Gauge<'daemon'>;
  private readonly synchronized: Gauge<'daemon'>;
  private readonly offset: Gauge<'daemon'>;
  private readonly errorBound: Gauge<'daemon'>;
  private readonly age: Gauge<'daemon'>;
  private readonly verdict: Gauge<'daemon' | 'verdict'>;
  /** The view last set: every poll result hands the view over, but it changes only when the daemon is read again. */
  private observed: TimeServiceView | null | undefined;

  constructor(registry: Registry) {
    const gauge = (name: string, help: string) => new Gauge({ name, help, labelNames: ['daemon'] as const, registers: [registry] });
    this.up = gauge('ntp_monitor_time_service_up', 'Whether this computer\'s time service answered its last read (1) or could not be read (0: not running, refusing, bad reply).');
    this.synchronized = gauge('ntp_monitor_time_service_synchronized', 'Whether the time service says it is synchronised (1) or not (0).');
    this.offset = gauge('ntp_monitor_time_service_offset_seconds', 'The offset the time service believes this computer\'s clock has: positive when it thinks this computer is behind (the sign of ntp_monitor_consensus_offset_seconds).');
    this.errorBound = gauge('ntp_monitor_time_service_error_bound_seconds', 'The time service\'s bound on the error of that belief (chrony: root dispersion + root delay / 2).');
    this.age = gauge('ntp_monitor_time_service_last_update_age_seconds', 'Seconds since the time service last updated its clock.');
    this.verdict = new Gauge({
      name: 'ntp_monitor_time_service_verdict',
      help: `The time service against the servers' consensus, confirmed over rounds: 1 for its verdict, 0 for the others (${TIME_SERVICE_VERDICTS.join(', ')}).`,
      labelNames: ['daemon', 'verdict'] as const,
      registers: [registry],
    });
  }

  /** The latest read (null: no daemon read, and every series goes). */
  observe(view: TimeServiceView | null): void {
    if (view === this.observed) return;
    this.observed = view;
    for (const gauge of [this.up, this.synchronized, this.offset, this.errorBound, this.age, this.verdict]) gauge.reset();
    if (!view) return;
    const daemon = view.kind;
    const v = view.check.view;
    this.up.set({ daemon }, v ? 1 : 0);
    for (const verdict of TIME_SERVICE_VERDICTS) this.verdict.set({ daemon, verdict }, verdict === view.verdict ? 1 : 0);
    if (!v) return;
    this.synchronized.set({ daemon }, v.synchronized ? 1 : 0);
    this.offset.set({ daemon }, v.offsetMs / 1000);
    this.errorBound.set({ daemon }, v.errorBoundMs / 1000);
    if (v.lastUpdateAgeSeconds !== null) this.age.set({ daemon }, v.lastUpdateAgeSeconds);
  }
}

/**
 * Prometheus metrics of the monitor, on a registry of its own (never prom-client's global one), so that several
 * monitors in one process, or the tests, never mix their numbers.
 */
import { Counter, Gauge, Registry } from 'prom-client';
import { FAILURE_KINDS } from '../sample/sample.js';
import type { VerdictView } from '../consensus/clock-verdict.js';
import type { ResultEvent } from '../judging/events.js';
import type { Settings } from '../settings/settings.js';
import { STATES } from '../judging/server-state.js';

/** "ok" or one of the failure kinds: the values of the `result` label of ntp_monitor_polls_total. */
export const POLL_RESULTS = ['ok', ...FAILURE_KINDS] as const;

export class MonitorMetrics {
  readonly registry = new Registry();
  private readonly servers = new Set<string>();
  private readonly offset = this.gauge('ntp_monitor_offset_seconds', 'Offset of the server in the last good sample: server clock minus this computer\'s clock, positive when the server is ahead.');
  private readonly delay = this.gauge('ntp_monitor_delay_seconds', 'Round-trip delay of the last good sample.');
  private readonly stratum = this.gauge('ntp_monitor_stratum', 'Stratum of the server in the last good sample.');
  private readonly lastGood = this.gauge('ntp_monitor_last_good_sample_timestamp_seconds', 'Unix time of the last good sample.');
  private readonly authenticated = this.gauge('ntp_monitor_authenticated', 'Whether the last good sample was authenticated with NTS: 1, or 0 for plain NTP.');
  private readonly state = new Gauge({
    name: 'ntp_monitor_state',
    help: `State of the server: 1 for the state it is in, 0 for the others (${STATES.join(', ')}).`,
    labelNames: ['server', 'state'] as const,
    registers: [this.registry],
  });
  private readonly polls = new Counter({
    name: 'ntp_monitor_polls_total',
    help: `Polls of the server by result: ${POLL_RESULTS.join(', ')}.`,
    labelNames: ['server', 'result'] as const,
    registers: [this.registry],
  });
  private readonly jitter = this.gauge('ntp_monitor_jitter_seconds', 'RMS variation of the offset over the last 8 good polls of the server (RFC 5905 jitter).');
  private readonly falseticker = this.gauge('ntp_monitor_falseticker', 'Whether the server disagrees with the majority of the servers (1, confirmed) or not (0).');
  private readonly consensus = new Gauge({
    name: 'ntp_monitor_consensus_offset_seconds',
    help: 'The servers\' consensus (RFC 5905 selection) minus this computer\'s clock: positive when the servers are ahead, i.e. this computer is behind; NaN without a verdict (fewer than 3 fresh answers, or no majority).',
    registers: [this.registry],
  });
  private readonly warning = new Gauge({ name: 'ntp_monitor_warning_threshold_seconds', help: 'Warning threshold on |offset|.', registers: [this.registry] });
  private readonly critical = new Gauge({ name: 'ntp_monitor_critical_threshold_seconds', help: 'Critical threshold on |offset|.', registers: [this.registry] });

  constructor() {
    this.consensus.set(NaN);
  }

  /** Follows the settings: thresholds, and the series of servers no longer watched removed. */
  configure(settings: Pick<Settings, 'warningSeconds' | 'criticalSeconds'>, servers: string[]): void {
    this.warning.set(settings.warningSeconds);
    this.critical.set(settings.criticalSeconds);
    for (const server of [...this.servers]) if (!servers.includes(server)) this.forget(server);
    for (const server of servers) this.track(server);
  }

  /** A result, and the verdict as it stands after it. */
  observe(event: ResultEvent, verdict?: VerdictView): void {
    const { server, result, status } = event;
    this.track(server);
    if (verdict) this.observeVerdict(verdict);
    if (status.jitterMs !== undefined) this.jitter.set({ server }, status.jitterMs / 1000);
    for (const state of STATES) this.state.set({ server, state }, state === status.state ? 1 : 0);
    this.polls.inc({ server, result: result.ok ? 'ok' : result.failure.kind });
    if (!result.ok) return;
    const s = result.sample;
    this.offset.set({ server }, s.offsetMs / 1000);
    this.delay.set({ server }, s.delayMs / 1000);
    this.stratum.set({ server }, s.stratum);
    this.lastGood.set({ server }, s.at / 1000);
    this.authenticated.set({ server }, s.authenticated ? 1 : 0);
  }

  /** The consensus offset (NaN without a verdict) and every watched server's falseticker mark. */
  observeVerdict(verdict: VerdictView): void {
    this.consensus.set(verdict.consensusOffsetMs === null ? NaN : verdict.consensusOffsetMs / 1000);
    for (const server of this.servers) this.falseticker.set({ server }, verdict.falsetickers.includes(server) ? 1 : 0);
  }

  /** Every series of a server exists from the start, at 0 and "unknown", so that rates and alerts see it. */
  private track(server: string): void {
    if (this.servers.has(server)) return;
    this.servers.add(server);
    this.falseticker.set({ server }, 0);
    for (const state of STATES) this.state.set({ server, state }, state === 'unknown' ? 1 : 0);
    for (const result of POLL_RESULTS) this.polls.inc({ server, result }, 0);
  }

  private forget(server: string): void {
    this.servers.delete(server);
    for (const gauge of [this.offset, this.delay, this.stratum, this.lastGood, this.jitter, this.falseticker, this.authenticated]) gauge.remove({ server });
    for (const state of STATES) this.state.remove({ server, state });
    for (const result of POLL_RESULTS) this.polls.remove({ server, result });
  }

  private gauge(name: string, help: string): Gauge<'server'> {
    return new Gauge({ name, help, labelNames: ['server'] as const, registers: [this.registry] });
  }
}

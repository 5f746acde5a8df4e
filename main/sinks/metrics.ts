/**
 * Prometheus metrics of the monitor, on a registry of its own (never prom-client's global one), so that several
 * monitors in one process, or the tests, never mix their numbers.
 */
import { Counter, Gauge, Registry } from 'prom-client';
import { rootDistanceMs } from '../sample/root-distance.js';
import { FAILURE_KINDS, type Sample } from '../ntp/result.js';
import type { VerdictView } from '../consensus/clock-verdict.js';
import type { ResultEvent } from '../judging/events.js';
import { thresholdsFor, type Settings } from '../settings/settings.js';
import { shownState, STATES, type ServerState } from '../judging/server-state.js';
import { VERSION } from '../version.js';
import { TimeServiceMetrics } from './time-service-metrics.js';

/** "ok" or one of the failure kinds: the values of the `result` label of ntp_monitor_polls_total. */
export const POLL_RESULTS = ['ok', ...FAILURE_KINDS] as const;
/** The states of the verdict on this computer's clock (it is never unreachable): ntp_monitor_local_clock_state. */
export const LOCAL_CLOCK_STATES = ['unknown', 'ok', 'warning', 'critical'] as const;

type ThresholdSettings = Pick<Settings, 'intervalSeconds' | 'warningSeconds' | 'criticalSeconds' | 'serverThresholds'>;


export class MonitorMetrics {
  readonly registry = new Registry();
  private readonly servers = new Set<string>();
  /** Each server's own state (from its state machine), before the falseticker mark is folded in. */
  private readonly ownStates = new Map<string, ServerState>();
  /** Servers with a good sample: only they have a jitter and a falseticker mark (absent, never a 0 that claims knowledge). */
  private readonly answered = new Set<string>();
  private falsetickers = new Set<string>();
  private settings: ThresholdSettings = { intervalSeconds: NaN, warningSeconds: NaN, criticalSeconds: NaN, serverThresholds: [] };
  private readonly offset = this.gauge('ntp_monitor_offset_seconds', 'Offset of the server in the last good sample: server clock minus this computer\'s clock, positive when the server is ahead.');
  private readonly delay = this.gauge('ntp_monitor_delay_seconds', 'Round-trip delay of the last good sample.');
  private readonly stratum = this.gauge('ntp_monitor_stratum', 'Stratum of the server in the last good sample.');
  private readonly rootDistance = this.gauge('ntp_monitor_root_distance_seconds', 'Root distance (RFC 5905 lambda) of the last good sample: root delay / 2 + root dispersion + delay / 2 + precision + jitter.');
  private readonly leap = this.gauge('ntp_monitor_leap', 'Leap indicator of the last good sample: 0 none, 1 a second inserted, 2 deleted at the end of the day (3, unsynchronized, is never a good sample).');
  private readonly lastGood = this.gauge('ntp_monitor_last_good_sample_timestamp_seconds', 'Unix time of the last good sample.');
  private readonly lastPoll = this.gauge('ntp_monitor_last_poll_timestamp_seconds', 'Unix time the last poll of the server ended, good or failed.');
  private readonly interval = this.gauge('ntp_monitor_poll_interval_seconds', 'Seconds between polls of the server now: the configured interval, lengthened by back-off while it fails or asks us to slow down.');
  private readonly authenticated = this.gauge('ntp_monitor_authenticated', 'Whether the last good sample was authenticated with NTS: 1, or 0 for plain NTP.');
  private readonly serverWarning = this.gauge('ntp_monitor_server_warning_threshold_seconds', 'Warning threshold on |offset| that applies to the server: its own, or the general one.');
  private readonly serverCritical = this.gauge('ntp_monitor_server_critical_threshold_seconds', 'Critical threshold on |offset| that applies to the server: its own, or the general one.');
  private readonly state = new Gauge({
    name: 'ntp_monitor_state',
    help: `State of the server: 1 for the state it is in, 0 for the others (${STATES.join(', ')}); a confirmed falseticker is warning, whatever its own offset.`,
    labelNames: ['server', 'state'] as const,
    registers: [this.registry],
  });
  private readonly polls = new Counter({
    name: 'ntp_monitor_polls_total',
    help: `Polls of the server by result: ${POLL_RESULTS.join(', ')}.`,
    labelNames: ['server', 'result'] as const,
    registers: [this.registry],
  });
  private readonly jitter = this.gauge('ntp_monitor_jitter_seconds', 'RMS variation of the offset over the last 8 good polls of the server (RFC 5905 jitter); absent before a good sample.');
  private readonly falseticker = this.gauge('ntp_monitor_falseticker', 'Whether the server disagrees with the majority of the servers (1, confirmed) or not (0); absent before a good sample.');
  private readonly consensus = new Gauge({
    name: 'ntp_monitor_consensus_offset_seconds',
    help: 'The servers\' consensus (RFC 5905 selection) minus this computer\'s clock: positive when the servers are ahead, i.e. this computer is behind; NaN without a verdict (fewer than 3 fresh answers, or no majority).',
    registers: [this.registry],
  });
  private readonly localClock = new Gauge({
    name: 'ntp_monitor_local_clock_state',
    help: `The verdict on this computer's clock against the servers' consensus: 1 for its state, 0 for the others (${LOCAL_CLOCK_STATES.join(', ')}).`,
    labelNames: ['state'] as const,
    registers: [this.registry],
  });
  /** This computer's time service: its own series, `daemon` labelled. */
  readonly timeService = new TimeServiceMetrics(this.registry);
  private readonly warning = new Gauge({ name: 'ntp_monitor_warning_threshold_seconds', help: 'General warning threshold on |offset|, the one the verdict on this computer uses.', registers: [this.registry] });
  private readonly critical = new Gauge({ name: 'ntp_monitor_critical_threshold_seconds', help: 'General critical threshold on |offset|, the one the verdict on this computer uses.', registers: [this.registry] });

  constructor() {
    this.consensus.set(NaN);
    this.observeLocalClock('unknown');
    new Gauge({ name: 'ntp_monitor_build_info', help: 'Always 1: the version of NTP Monitor that runs, in its label.', labelNames: ['version'] as const, registers: [this.registry] }).set({ version: VERSION }, 1);
  }

  /** Follows the settings: thresholds (general and per server), and the series of servers no longer watched removed. */
  configure(settings: ThresholdSettings, servers: string[]): void {
    this.settings = settings;
    this.warning.set(settings.warningSeconds);
    this.critical.set(settings.criticalSeconds);
    for (const server of [...this.servers]) if (!servers.includes(server)) this.forget(server);
    for (const server of servers) this.track(server);
    for (const server of this.servers) this.setThresholds(server);
  }

  /** A result, and the verdict as it stands after it. */
  observe(event: ResultEvent, verdict?: VerdictView): void {
    const { server, result, status } = event;
    this.track(server);
    this.lastPoll.set({ server }, event.knownAt / 1000);
    this.interval.set({ server }, status.intervalSeconds);
    this.polls.inc({ server, result: result.ok ? 'ok' : result.failure.kind });
    this.ownStates.set(server, status.state);
    if (result.ok) this.observeSample(server, result.sample);
    if (this.answered.has(server) && status.jitterMs !== undefined) this.jitter.set({ server }, status.jitterMs / 1000);
    if (verdict) this.observeVerdict(verdict);
    else this.setState(server);
  }

  /** The consensus offset (NaN without a verdict), this computer's state, and every answered server's falseticker mark. */
  observeVerdict(verdict: VerdictView): void {
    this.consensus.set(verdict.consensusOffsetMs === null ? NaN : verdict.consensusOffsetMs / 1000);
    this.observeLocalClock(verdict.state);
    this.falsetickers = new Set(verdict.falsetickers);
    for (const server of this.servers) {
      if (this.answered.has(server)) this.falseticker.set({ server }, this.falsetickers.has(server) ? 1 : 0);
      this.setState(server);
    }
  }

  private observeSample(server: string, s: Sample): void {
    this.answered.add(server);
    this.offset.set({ server }, s.offsetMs / 1000);
    this.delay.set({ server }, s.delayMs / 1000);
    this.stratum.set({ server }, s.stratum);
    this.rootDistance.set({ server }, rootDistanceMs(s) / 1000);
    this.leap.set({ server }, s.leap);
    this.lastGood.set({ server }, s.at / 1000);
    this.authenticated.set({ server }, s.authenticated ? 1 : 0);
  }

  private observeLocalClock(current: ServerState): void {
    for (const state of LOCAL_CLOCK_STATES) this.localClock.set({ state }, state === current ? 1 : 0);
  }

  private setState(server: string): void {
    const current = shownState(this.ownStates.get(server) ?? 'unknown', this.falsetickers.has(server));
    for (const state of STATES) this.state.set({ server, state }, state === current ? 1 : 0);
  }

  private setThresholds(server: string): void {
    const own = thresholdsFor(this.settings, settingsName(server, this.settings));
    this.serverWarning.set({ server }, own.warningSeconds);
    this.serverCritical.set({ server }, own.criticalSeconds);
  }

  /** Series that exist from a server's start, at 0 and "unknown", so that rates and alerts see it. */
  private track(server: string): void {
    if (this.servers.has(server)) return;
    this.servers.add(server);
    this.setState(server);
    this.setThresholds(server);
    this.interval.set({ server }, this.settings.intervalSeconds);
    for (const result of POLL_RESULTS) this.polls.inc({ server, result }, 0);
  }

  private forget(server: string): void {
    this.servers.delete(server);
    this.ownStates.delete(server);
    this.answered.delete(server);
    for (const gauge of [this.offset, this.delay, this.stratum, this.rootDistance, this.leap, this.lastGood, this.lastPoll, this.interval, this.jitter, this.falseticker, this.authenticated, this.serverWarning, this.serverCritical]) {
      gauge.remove({ server });
    }
    for (const state of STATES) this.state.remove({ server, state });
    for (const result of POLL_RESULTS) this.polls.remove({ server, result });
  }

  private gauge(name: string, help: string): Gauge<'server'> {
    return new Gauge({ name, help, labelNames: ['server'] as const, registers: [this.registry] });
  }
}

/** The name a server has in the settings: a pool's member (`pool://name/192.0.2.1`) is its pool's. */
function settingsName(server: string, settings: ThresholdSettings): string {
  const pool = settings.serverThresholds.find((entry) => server.startsWith(`${entry.server.replace(/\/$/, '')}/`) && /^pool:\/\//i.test(entry.server));
  return pool?.server ?? server;
}

/**
 * The series issue 20 added or fixed, fed hand-made results: root distance, leap, build info, this computer's state,
 * per-server thresholds, last poll beside last good sample, absent (not 0) jitter and falseticker before a good
 * sample, and a falseticker's state never "ok".
 */
import { readFileSync } from 'node:fs';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { describe, expect, it } from 'vitest';
import type { VerdictView } from '../../main/consensus/clock-verdict.js';
import { rootDistanceMs } from '../../main/sample/root-distance.js';
import type { ResultEvent } from '../../main/judging/events.js';
import type { QueryResult } from '../../main/ntp/result.js';
import { defaultSettings } from '../../main/settings/settings.js';
import { LOCAL_CLOCK_STATES, MonitorMetrics } from '../../main/sinks/metrics.js';
import { STATES, type ServerState } from '../../main/judging/server-state.js';
import { VERSION } from '../../main/version.js';
import type { TimeServiceView } from '../../main/monitor/time-service.js';
import { TIME_SERVICE_VERDICTS } from '../../main/sinks/time-service-metrics.js';
import { failureResult, sampleResult, status } from '../support/results.js';
import { valueOf, type MetricFamily } from './helpers.js';

const A = '192.0.2.1';
/** A chronyd read: synchronised, updated 2 s ago, agreeing. */
const TIME_SERVICE: TimeServiceView = {
  kind: 'chrony', target: '127.0.0.1:323', verdict: 'agrees', agree: 3, at: 1,
  check: {
    verdict: 'agrees', state: 'ok', failure: null, differenceMs: 1, followed: null, sourceFromConsensusMs: null,
    view: { kind: 'chrony', synchronized: true, source: { address: A, offsetMs: 0.5 }, stratum: 3, offsetMs: 0.25, lastOffsetMs: 0, errorBoundMs: 2, lastUpdateAgeSeconds: 2, updateIntervalSeconds: 64 },
  },
};
const B = '192.0.2.2';

function event(server: string, result: QueryResult, state: ServerState, knownAt: number, jitterMs?: number): ResultEvent {
  return { server, result, status: { ...status(server, state, result), ...(jitterMs !== undefined && { jitterMs }) }, knownAt };
}

function verdict(state: ServerState, falsetickers: string[], consensusOffsetMs: number | null = null): VerdictView {
  return { state, consensusOffsetMs, agree: 3, voters: 3, total: 3, falsetickers, leap: 0 };
}

async function families(metrics: MonitorMetrics): Promise<MetricFamily[]> {
  return parsePrometheusTextFormat(await metrics.registry.metrics()) as MetricFamily[];
}

const oneState = (f: MetricFamily[], name: string, labels: Record<string, string>, states: readonly string[]) =>
  states.filter((state) => valueOf(f, name, { ...labels, state }) === 1);

describe('metrics of issue 20', () => {
  it('root distance, leap, last poll and last good sample of each server; build info', async () => {
    const metrics = new MonitorMetrics();
    metrics.configure(defaultSettings([A, B]), [A, B]);
    const good = sampleResult(A, 12, 1_700_000_000_000);
    if (!good.ok) throw new Error('fixture');
    const sample = { ...good.sample, rootDelayMs: 30, rootDispersionMs: 7, leap: 1 };
    metrics.observe(event(A, { ok: true, sample }, 'ok', 1_700_000_000_250));
    const failed = event(A, failureResult(A, 'timeout', undefined, 1_700_000_064_000), 'ok', 1_700_000_064_500);
    // Backed off after the failure.
    failed.status.intervalSeconds = 128;
    metrics.observe(failed);
    const f = await families(metrics);
    expect(valueOf(f, 'ntp_monitor_root_distance_seconds', { server: A })).toBeCloseTo(rootDistanceMs(sample) / 1000, 9);
    expect(rootDistanceMs(sample)).toBeGreaterThan(22);
    expect(valueOf(f, 'ntp_monitor_leap', { server: A })).toBe(1);
    // The failed poll moved the last poll, not the last good sample.
    expect(valueOf(f, 'ntp_monitor_last_poll_timestamp_seconds', { server: A })).toBe(1_700_000_064.5);
    expect(valueOf(f, 'ntp_monitor_last_good_sample_timestamp_seconds', { server: A })).toBe(1_700_000_000);
    // The interval the status gives (back-off included), and before any poll the configured one.
    expect(valueOf(f, 'ntp_monitor_poll_interval_seconds', { server: A })).toBe(128);
    expect(valueOf(f, 'ntp_monitor_poll_interval_seconds', { server: B })).toBe(defaultSettings().intervalSeconds);
    for (const name of ['ntp_monitor_root_distance_seconds', 'ntp_monitor_leap', 'ntp_monitor_last_poll_timestamp_seconds']) {
      expect(valueOf(f, name, { server: B })).toBeUndefined();
    }
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
    expect(valueOf(f, 'ntp_monitor_build_info', { version: pkg.version })).toBe(1);
  });

  it('a server that never answered has no jitter and no falseticker mark; one that answered has both', async () => {
    const metrics = new MonitorMetrics();
    metrics.configure(defaultSettings([A, B]), [A, B]);
    metrics.observe(event(B, failureResult(B, 'timeout'), 'unknown', 1, 0), verdict('unknown', []));
    metrics.observe(event(A, sampleResult(A, 5), 'ok', 2, 0.5), verdict('unknown', []));
    const f = await families(metrics);
    expect(valueOf(f, 'ntp_monitor_jitter_seconds', { server: B })).toBeUndefined();
    expect(valueOf(f, 'ntp_monitor_falseticker', { server: B })).toBeUndefined();
    expect(valueOf(f, 'ntp_monitor_jitter_seconds', { server: A })).toBe(0.0005);
    expect(valueOf(f, 'ntp_monitor_falseticker', { server: A })).toBe(0);
    expect(oneState(f, 'ntp_monitor_state', { server: B }, STATES)).toEqual(['unknown']);
  });

  it('a confirmed falseticker whose own offset is fine is exported as warning, and ok again once it agrees', async () => {
    const metrics = new MonitorMetrics();
    metrics.configure(defaultSettings([A, B]), [A, B]);
    metrics.observe(event(A, sampleResult(A, 50), 'ok', 1), verdict('ok', [A], 0));
    let f = await families(metrics);
    expect(valueOf(f, 'ntp_monitor_falseticker', { server: A })).toBe(1);
    expect(oneState(f, 'ntp_monitor_state', { server: A }, STATES)).toEqual(['warning']);
    // The mark goes with a verdict alone, no result of A's own in between.
    metrics.observeVerdict(verdict('ok', [], 0));
    f = await families(metrics);
    expect(valueOf(f, 'ntp_monitor_falseticker', { server: A })).toBe(0);
    expect(oneState(f, 'ntp_monitor_state', { server: A }, STATES)).toEqual(['ok']);
  });

  it('this computer\'s verdict state: exactly one 1, unknown before any verdict', async () => {
    const metrics = new MonitorMetrics();
    expect(oneState(await families(metrics), 'ntp_monitor_local_clock_state', {}, LOCAL_CLOCK_STATES)).toEqual(['unknown']);
    metrics.observeVerdict(verdict('critical', [], 2500));
    const f = await families(metrics);
    expect(oneState(f, 'ntp_monitor_local_clock_state', {}, LOCAL_CLOCK_STATES)).toEqual(['critical']);
    expect(valueOf(f, 'ntp_monitor_consensus_offset_seconds', {})).toBe(2.5);
  });

  it('thresholds per server: its own where it has them (a pool\'s members, its pool\'s), the general ones elsewhere', async () => {
    const pool = 'pool://pool.example.org';
    const member = `${pool}/198.51.100.7`;
    const settings = { ...defaultSettings([A, B, pool]), serverThresholds: [{ server: B, warningSeconds: 0.5, criticalSeconds: 2 }, { server: pool, warningSeconds: 0.3, criticalSeconds: 3 }] };
    const metrics = new MonitorMetrics();
    metrics.configure(settings, [A, B, pool]);
    metrics.observe(event(member, sampleResult(member, 1), 'ok', 1));
    const f = await families(metrics);
    const levels = (server: string) => [valueOf(f, 'ntp_monitor_server_warning_threshold_seconds', { server }), valueOf(f, 'ntp_monitor_server_critical_threshold_seconds', { server })];
    expect(levels(A)).toEqual([0.1, 1]);
    expect(levels(B)).toEqual([0.5, 2]);
    expect(levels(member)).toEqual([0.3, 3]);
    expect(valueOf(f, 'ntp_monitor_warning_threshold_seconds', {})).toBe(0.1);
    // A changed setting moves the series with it.
    metrics.configure({ ...settings, serverThresholds: [] }, [A, B, pool]);
    expect(valueOf(await families(metrics), 'ntp_monitor_server_critical_threshold_seconds', { server: B })).toBe(1);
  });
});

describe('the README documents every metric', () => {
  it('each exported metric has a row in the README table with its type and labels', async () => {
    const metrics = new MonitorMetrics();
    metrics.configure(defaultSettings([A]), [A]);
    metrics.observe(event(A, sampleResult(A, 1), 'ok', 1, 0), verdict('ok', []));
    metrics.timeService.observe(TIME_SERVICE);
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const rows = readme.split('\n').filter((line) => line.startsWith('| `ntp_monitor_'));
    for (const family of await families(metrics)) {
      const row = rows.find((r) => r.split('|')[1]!.includes(`\`${family.name}\``));
      expect(row, family.name).toBeDefined();
      const [, , type, labels] = row!.split('|').map((cell) => cell.trim());
      expect(type, family.name).toBe(family.type.toLowerCase());
      const exported = new Set(family.metrics.flatMap((m) => Object.keys(m.labels ?? {})));
      expect(new Set(labels === '' ? [] : labels!.split(', ')), family.name).toEqual(exported);
    }
  });
});

describe('the time service series', () => {
  it('are absent while no daemon is read, follow each read, and say the confirmed verdict as a state set', async () => {
    const metrics = new MonitorMetrics();
    const names = async () => (await families(metrics)).filter((f) => f.name.startsWith('ntp_monitor_time_service_') && f.metrics.length > 0).map((f) => f.name);
    expect(await names()).toEqual([]);
    metrics.timeService.observe(TIME_SERVICE);
    let f = await families(metrics);
    const daemon = { daemon: 'chrony' };
    expect(valueOf(f, 'ntp_monitor_time_service_up', daemon)).toBe(1);
    expect(valueOf(f, 'ntp_monitor_time_service_synchronized', daemon)).toBe(1);
    expect(valueOf(f, 'ntp_monitor_time_service_offset_seconds', daemon)).toBeCloseTo(0.00025, 9);
    expect(valueOf(f, 'ntp_monitor_time_service_error_bound_seconds', daemon)).toBeCloseTo(0.002, 9);
    expect(valueOf(f, 'ntp_monitor_time_service_last_update_age_seconds', daemon)).toBe(2);
    const verdicts = () => TIME_SERVICE_VERDICTS.filter((verdict) => valueOf(f, 'ntp_monitor_time_service_verdict', { ...daemon, verdict }) === 1);
    expect(verdicts()).toEqual(['agrees']);
    // chronyd stops: up 0, its belief gone (not a 0 that claims knowledge), the verdict still the confirmed one.
    metrics.timeService.observe({ ...TIME_SERVICE, check: { ...TIME_SERVICE.check, verdict: 'unreachable', state: 'unknown', view: null, failure: { kind: 'not-running' } } });
    f = await families(metrics);
    expect(valueOf(f, 'ntp_monitor_time_service_up', daemon)).toBe(0);
    expect(await names()).toEqual(['ntp_monitor_time_service_up', 'ntp_monitor_time_service_verdict']);
    expect(verdicts()).toEqual(['agrees']);
    metrics.timeService.observe(null);
    expect(await names()).toEqual([]);
  });
});

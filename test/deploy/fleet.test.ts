/**
 * The fleet face end to end on the real parts: a spawned `watch` (JSON log lines) against three fake servers at
 * +2.5 s and one true chronyd, Debian's Prometheus scraping it every second with the shipped rules (a copy with
 * `for: 1s`), Debian's Alertmanager with the shipped example posting to a receiver here; and the Grafana dashboard's
 * queries, each run by that Prometheus and each metric name found in the scrape.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChronyd, type Chronyd } from '../support/chronyd.js';
import { startChronydClient, type ChronydClient } from '../support/chronyd-client.js';
import { startFakeNtpServer, symmetric, type FakeNtpServer } from '../support/fake-ntp-server.js';
import { ALERTMANAGER, api, missingPrograms, PROMETHEUS, startAlertmanager, startPrometheus, type Server } from '../support/prometheus.js';
import { freeTcpPort, scrape, startReceiver, type Receiver } from '../sinks/helpers.js';
import { startWatch, type WatchProcess } from '../support/watch-process.js';

interface Alert {
  labels: Record<string, string>;
  state: string;
}
interface Dashboard {
  uid: string;
  schemaVersion: number;
  panels: { title: string; targets: { expr: string }[] }[];
  templating: { list: { name: string; type: string; query: string | { query: string } }[] };
}

const missing = missingPrograms({ prometheus: PROMETHEUS, alertmanager: ALERTMANAGER });
if (missing) console.warn(`test/deploy/fleet.test.ts: SKIPPED, ${missing}`);
const itServers = missing ? it.skip : it;

const dashboard = JSON.parse(readFileSync('deploy/grafana/ntp-monitor.json', 'utf8')) as Dashboard;
/** Every PromQL text of the dashboard: panel targets and the variables' label_values queries. */
const queries = [
  ...dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr)),
  ...dashboard.templating.list.filter((v) => v.type === 'query').map((v) => (typeof v.query === 'string' ? v.query : v.query.query)),
];

/** The metric names a query reads: identifiers before a selector or standing alone, minus PromQL's own words. */
function metricNames(query: string): string[] {
  const words = new Set(['sum', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'increase', 'rate', 'time', 'abs', 'max', 'min', 'label_values', 'and', 'or', 'unless', 'instance', 'server', 'state', 'result', 'job', 'version', 'daemon', 'verdict']);
  const code = query.replace(/"[^"]*"/g, '""').replace(/\[[^\]]*\]/g, '');
  return [...new Set([...code.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)].map((m) => m[0]).filter((w) => !words.has(w)))];
}

let chronyd: Chronyd;
/** This computer's time service as watch reads it: a chronyd (-x) following the one true server, the falseticker. */
let daemon: ChronydClient;
let fakes: FakeNtpServer[];
let receiver: Receiver;
let watch: WatchProcess;
let metricsUrl: string;
let prometheus: Server;
let alertmanager: Server;

beforeAll(async () => {
  if (missing) return;
  [chronyd, fakes, receiver] = await Promise.all([startChronyd(), Promise.all([0, 1, 2].map(() => startFakeNtpServer(() => symmetric(+2500, 0)))), startReceiver()]);
  daemon = await startChronydClient([chronyd.port]);
  const shipped = readFileSync('deploy/alertmanager/alertmanager.yml', 'utf8');
  // The shipped route, its webhook the receiver here and its waits short enough for a test.
  alertmanager = await startAlertmanager(shipped.replace(/url: '[^']+'/, `url: '${receiver.url}'`).replace(/group_wait: \S+/, 'group_wait: 1s'));
  const port = await freeTcpPort();
  metricsUrl = `http://127.0.0.1:${port}/metrics`;
  const servers = [...fakes.map((f) => f.server), chronyd.server];
  watch = startWatch(['--interval', '15', '--confirm', '1', '--log-format', 'json', '--metrics-listen', String(port), '--daemon', `chrony=127.0.0.1:${daemon.cmdport}`, ...servers.flatMap((s) => ['--server', s])]);
  await watch.waitForLine(/"event":"transition".*"reason":"local-clock"/);
  const rules = readFileSync('deploy/prometheus/ntp-monitor.rules.yml', 'utf8').replace(/for: \S+/g, 'for: 1s');
  const config = [
    'global: {scrape_interval: 1s, evaluation_interval: 1s}',
    'rule_files: [ntp-monitor.rules.yml]',
    `alerting: {alertmanagers: [{static_configs: [{targets: ['${alertmanager.url.replace('http://', '')}']}]}]}`,
    `scrape_configs: [{job_name: ntp-monitor, static_configs: [{targets: ['127.0.0.1:${port}']}]}]`,
  ].join('\n');
  prometheus = await startPrometheus(config, { 'ntp-monitor.rules.yml': rules });
}, 60_000);

afterAll(async () => {
  watch?.child.kill('SIGKILL');
  await Promise.all([prometheus?.stop(), alertmanager?.stop(), chronyd?.stop(), daemon?.stop(), ...(fakes ?? []).map((f) => f.close()), receiver?.close()]);
});

/** Prometheus's alerts, until `done` holds for them or `ms` pass (then the last ones, for the assertions to name). */
async function alertsUntil(done: (alerts: Alert[]) => boolean, ms = 20_000): Promise<Alert[]> {
  let alerts: Alert[] = [];
  for (const deadline = Date.now() + ms; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 250))) {
    alerts = (await api<{ alerts: Alert[] }>(prometheus, '/api/v1/alerts')).alerts;
    if (done(alerts)) break;
  }
  return alerts;
}

const firing = (alerts: Alert[], name: string) => alerts.filter((a) => a.labels.alertname === name && a.state === 'firing');

describe('the fleet face on the real servers', () => {
  itServers('this computer 2.5 s behind: the local-clock alert fires, the true server is the falseticker, no per-server offset alert', { timeout: 40_000 }, async () => {
    const alerts = await alertsUntil((a) => ['NtpLocalClockCritical', 'NtpServerFalseticker', 'NtpTimeServiceWrong'].every((name) => firing(a, name).length > 0));
    expect(firing(alerts, 'NtpLocalClockCritical').map((a) => a.labels)).toEqual([expect.objectContaining({ severity: 'critical', job: 'ntp-monitor', instance: metricsUrl.split('/')[2] })]);
    // Against the majority, the one true server is the one that disagrees: the rules say so as watch does.
    expect(firing(alerts, 'NtpServerFalseticker').map((a) => a.labels.server)).toEqual([chronyd.server]);
    // The time service follows that server: it follows a falseticker, as far as this computer's servers can tell.
    expect(firing(alerts, 'NtpTimeServiceWrong').map((a) => [a.labels.daemon, a.labels.verdict])).toEqual([['chrony', 'follows-falseticker']]);
    // The three servers' offsets (2.5 s, beyond the 1 s threshold) are explained by this computer's clock: no alert,
    // not even pending, about any of them.
    expect(alerts.filter((a) => a.labels.alertname!.startsWith('NtpServerOffset'))).toEqual([]);
    expect(alerts.filter((a) => ['NtpMonitorDown', 'NtpServerUnreachable', 'NtpServerSamplesStale', 'NtpServerNtsLost', 'NtpLocalClockWarning'].includes(a.labels.alertname!))).toEqual([]);
    const value = async (query: string) => {
      const data = await api<{ result: { value: [number, string] }[] }>(prometheus, `/api/v1/query?query=${encodeURIComponent(query)}`);
      return data.result.map((r) => Number(r.value[1]));
    };
    expect((await value('ntp_monitor_consensus_offset_seconds'))[0]).toBeCloseTo(2.5, 1);
    expect(await value('ntp_monitor_local_clock_state{state="critical"}')).toEqual([1]);
    // The falseticker's state says so too (decision 31): never "ok" beside a falseticker mark.
    const states = await api<{ result: { metric: Record<string, string> }[] }>(prometheus, `/api/v1/query?query=${encodeURIComponent(`ntp_monitor_state{server="${chronyd.server}"} == 1`)}`);
    expect(states.result.map((r) => r.metric.state)).toEqual(['warning']);
  });

  itServers('Alertmanager groups the host\'s alerts and posts them to the webhook', { timeout: 40_000 }, async () => {
    type Post = { groupLabels: Record<string, string>; alerts: { status: string; labels: Record<string, string> }[] };
    const names = () => new Set((receiver.bodies as Post[]).flatMap((b) => b.alerts.map((a) => a.labels.alertname)));
    for (const deadline = Date.now() + 30_000; Date.now() < deadline && !names().has('NtpLocalClockCritical'); ) await new Promise((resolve) => setTimeout(resolve, 250));
    const posts = receiver.bodies as Post[];
    expect(names()).toContain('NtpLocalClockCritical');
    // Grouped by host: every post is about one instance, named in its group labels.
    for (const post of posts) {
      expect(Object.keys(post.groupLabels)).toEqual(['instance']);
      expect(new Set(post.alerts.map((a) => a.labels.instance))).toEqual(new Set([post.groupLabels.instance]));
    }
    expect([...names()].filter((n) => n.startsWith('NtpServerOffset'))).toEqual([]);
  });

  itServers('watch logs one JSON object a line, with the sign and subject of the text form', () => {
    expect(watch.lines.length).toBeGreaterThan(5);
    const objects = watch.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const o of objects) expect(Object.keys(o).slice(0, 2)).toEqual(['time', 'event']);
    const verdict = objects.find((o) => o.reason === 'local-clock')!;
    expect(verdict).toMatchObject({ event: 'transition', server: 'this-computer', to: 'critical' });
    expect(verdict['consensus-offset']).toBeGreaterThan(2400);
    for (const fake of fakes) expect(objects.find((o) => o.event === 'sample' && o.server === fake.server)!.offset).toBeGreaterThan(2400);
  });

  itServers('the dashboard: Grafana 10 schema, every query runs on Prometheus and reads only metrics the scrape has', { timeout: 30_000 }, async () => {
    expect(dashboard).toMatchObject({ uid: 'ntp-monitor', title: 'NTP Monitor' });
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    expect(dashboard.templating.list.map((v) => v.name)).toEqual(['datasource', 'instance', 'server']);
    const scraped = new Set((await scrape(metricsUrl)).map((f) => f.name));
    expect(queries.length).toBeGreaterThan(10);
    for (const query of queries) {
      const names = metricNames(query);
      expect(names.length, query).toBeGreaterThan(0);
      for (const name of names) expect(scraped, `${name} in ${query}`).toContain(name);
      if (query.startsWith('label_values')) continue;
      const promql = query.replaceAll('$instance', '.*').replaceAll('$server', '.*').replaceAll('$__rate_interval', '1m');
      await api(prometheus, `/api/v1/query?query=${encodeURIComponent(promql)}`);
    }
    // And the other way round: every metric the endpoint exports is drawn somewhere.
    const drawn = new Set(queries.flatMap(metricNames));
    expect([...scraped].filter((name) => !drawn.has(name))).toEqual([]);
  });
});

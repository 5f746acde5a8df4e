/** `ntp-monitor check`: query each server (a burst each), concurrently; select truechimers; print and exit as a monitoring plugin. */
import { parseArgs } from 'node:util';
import { selectConsensus, type Selection, type Verdict } from '../consensus/selection.js';
import { languageFromLocale, localeFromEnv, translate, type Language } from '../i18n/translate.js';
import { burst, BURST_SPACING_MS } from '../sample/burst.js';
import { createNtsSession } from '../ntp/nts/session.js';
import { parseAnyServer, type ServerAddress } from '../ntp/address.js';
import { poolServers } from '../ntp/pool.js';
import { queryAny } from '../ntp/query-any.js';
import type { Failure, FailureKind, QueryResult, Sample } from '../ntp/result.js';
import { commandLineLayer, settingsFromLayers } from '../settings/config-file.js';
import { defaultSettings, queryFamily, type Settings } from '../settings/settings.js';
import { detectSystemServers, type SystemServers } from '../settings/system-server.js';
import { limitExcesses, mayVote, withinLimitsState } from '../judging/limits.js';
import { shownState, worstState, type ServerState } from '../judging/server-state.js';
import { describeExcess } from '../i18n/describe.js';
import { failureWords } from '../i18n/failure-words.js';
import { problemWords } from '../i18n/problem-words.js';
import { printable } from '../i18n/display.js';
import { parseDaemonOption } from '../timeservice/daemon-option.js';
import { readDaemon } from '../timeservice/read-daemon.js';
import { checkDaemon, consensusView, type DaemonCheck } from './check-daemon.js';
import { VERSION } from '../version.js';
import { measurementSettings, parseOrExplain } from './args.js';
import { CHECK_OPTIONS, plainThresholds, pluginOptions, withPort, type PluginOptions } from './check-args.js';
import { jsonReport, renderText } from './check-report.js';
import { alerts } from './nagios-range.js';
import { EXIT } from './exit-codes.js';
import { isoTime } from './iso-time.js';
import type { CliIo } from './io.js';
import { testTimeScale } from './test-time-scale.js';

/** The short usage printed under a bad command line, as check_ntp_time prints its own. */
export const CHECK_USAGE = `Usage: ntp-monitor check [SERVER...] [-H HOST]... [-p PORT] [-w RANGE] [-c RANGE] [-t SECONDS] [-q] [-4|-6]
                         [--min-servers N] [--unreachable critical|warning|unknown] [--samples N]
                         [--max-stratum N] [--max-root-distance S] [--ca FILE] [--daemon D] [--json] [-v] [-V] [-h]
`;

/**
 * Requests per server when `--samples` is not given: a short burst, as check_ntp_time sends, of which the clock filter
 * keeps the least delay. A fresh process's first exchange is its slowest, so one sample alone often reads the
 * process's start-up rather than the clock (decision 40).
 */
export const CHECK_SAMPLES = 4;

/** `check --help` in the user's language. */
export function checkHelp(lang: Language): string {
  return translate(lang, 'help.check');
}

/** The states of a plugin's exit status: a server's states but unreachable (a dead server adds --unreachable's). */
export type CheckState = Exclude<ServerState, 'unreachable'>;

export interface CheckRow {
  server: string;
  host: string | null;
  port: number | null;
  address: string | null;
  ok: boolean;
  offsetMs: number | null;
  delayMs: number | null;
  jitterMs: number | null;
  /** Good replies the burst chose from. */
  samples: number | null;
  stratum: number | null;
  leap: number | null;
  refId: string | null;
  rootDelayMs: number | null;
  rootDispersionMs: number | null;
  version: number | null;
  /** True when the reply passed NTS authentication; false for plain NTP (and for no reply): always present in JSON. */
  authenticated: boolean;
  /** NTS: the NTP server (`host:port`) the key exchange sent us to, which may be another host; null otherwise. */
  ntpServer: string | null;
  state: CheckState;
  /** null when this server did not answer, was beyond a limit (so did not vote), or the answers gave no verdict. */
  selection: Selection | null;
  /**
   * The same on every row: the truechimers' combined offset, the servers' consensus minus this computer (sign as
   * offsetMs: positive when the servers are ahead, i.e. this computer is behind); null without a verdict.
   */
  consensusOffsetMs: number | null;
  /** Limits this server is beyond (--max-stratum, --max-root-distance), each a sentence. */
  warnings: string[];
  error: { kind: FailureKind; message: string; code?: string } | null;
  at: string;
}

/** What the whole check found: the rows, the selection verdict (or null) and the exit state. */
export interface CheckOutcome {
  rows: CheckRow[];
  verdict: Verdict | null;
  /** Answers within every limit: the servers that voted (a server beyond a limit is shown, never counted). */
  voters: number;
  /** Servers that gave an offset, within the limits or not: what --min-servers counts. */
  answered: number;
  /** The state fewer answers than --min-servers add; null when there are enough. */
  quorumState: CheckState | null;
  state: CheckState;
  /** The time service cross-checked with the verdict; null when none was read (--daemon none, or auto found none). */
  daemon: DaemonCheck;
}

export async function runCheck(args: string[], io: CliIo): Promise<number> {
  const lang = languageFromLocale(localeFromEnv(io.env));
  const usage = `${CHECK_USAGE}${translate(lang, 'check.usage-more')}\n`;
  const refuse = (problems: string[]) => {
    // Nagios and Icinga show only stdout: a bad command line must be seen there.
    io.stdout.write(`${problems.map((p) => `ntp-monitor check: ${printable(p)}\n`).join('')}${usage}`);
    return EXIT.unknown;
  };
  const parsed = parseOrExplain('check', () => checkHelp(lang), io, () => parseArgs({ args, allowPositionals: true, options: CHECK_OPTIONS }), usage);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (values.version) {
    io.stdout.write(`ntp-monitor check ${VERSION}\n`);
    return EXIT.ok;
  }
  const plugin = pluginOptions(values, lang);
  if (!plugin.ok) return refuse(plugin.problems);
  const { options } = plugin;
  const flags = commandLineLayer({ ...measurementSettings(values), ...plainThresholds(options, values), timeoutMs: options.timeoutMs }, CHECK_FLAGS);
  const validation = settingsFromLayers([flags], { ...defaultSettings(), samples: CHECK_SAMPLES });
  if (!validation.ok || (values.ipv4 && values.ipv6)) {
    return refuse([...(validation.ok ? [] : validation.problems.map((problem) => problemWords(problem, lang))), ...(values.ipv4 && values.ipv6 ? [translate(lang, 'check.family-both')] : [])]);
  }
  const settings = validation.settings;
  const daemonChoice = parseDaemonOption(values.daemon);
  if (!daemonChoice) return refuse([translate(lang, 'check.bad-daemon', { value: values.daemon })]);
  let ca: string | undefined;
  if (values.ca !== undefined) {
    // Loaded only with --ca: most checks read no file (issue 9, start-up cost).
    const { caProblem, readCaFile } = await import('../settings/ca-file.js');
    const read = await readCaFile(values.ca);
    if (!read.ok) return refuse([problemWords(caProblem('--ca', values.ca, read), lang)]);
    ca = read.pem;
  }
  const family = queryFamily(settings.family);
  const given = [...(values.host ?? []), ...positionals].map((server) => (options.port === undefined ? server : withPort(server, options.port)));
  const system = given.length > 0 ? null : await detectSystemServers();
  const named = system ? system.servers : given;
  // A pool is its members, each a server of its own; a bad address fails in its row.
  const servers = (await Promise.all(named.map((server) => targets(server, family)))).flat();
  // The daemon is read while the servers are asked: it adds no time to the check.
  const daemonRead = readDaemon(daemonChoice, settings.timeoutMs);
  const scale = testTimeScale(io.env);
  const spacing = scale === undefined ? {} : { spacingMs: BURST_SPACING_MS * scale };
  const results = await Promise.all(
    servers.map((server) => {
      if (!('protocol' in server)) return server;
      // One NTS session per server: a burst runs one key exchange, then spends cookies.
      const queryOptions = { timeoutMs: settings.timeoutMs, session: createNtsSession(), ...(family && { family }), ...(ca !== undefined && { ca }) };
      return burst(() => queryAny(server, queryOptions), { count: settings.samples, stopAtFirstFailure: true, ...spacing });
    }),
  );
  const judged = judge(results, { ...options, limits: settings }, lang);
  const daemon = checkDaemon(await daemonRead, consensusView(judged.verdict, judged.rows), settings);
  const outcome: CheckOutcome = { ...judged, daemon, state: daemon ? worstState([judged.state, daemon.check.state as CheckState]) : judged.state };
  const report = { outcome, options, timeoutMs: settings.timeoutMs, daemonAsked: daemonChoice.kind !== 'none' };
  io.stdout.write(values.json ? jsonReport(report, lang) : renderText(report, lang));
  if (system && !values.json) io.stdout.write(`${originLine(system, lang)}\n`);
  return EXIT[outcome.state];
}

/** What to ask for one named server: a pool's members, the server itself, or the failure saying what is wrong with it. */
async function targets(text: string, family: 4 | 6 | undefined): Promise<(ServerAddress | QueryResult)[]> {
  const parsed = parseAnyServer(text);
  if (!parsed.ok) return [{ ok: false, failure: { kind: 'invalid-address', server: text, code: parsed.problem, at: Date.now() } }];
  return parsed.address.protocol === 'pool' ? poolServers(parsed.address, family ? { family } : {}) : [parsed.address];
}

/** Where the servers came from when none was named: the system's files, and what we added to reach a verdict. */
function originLine(system: SystemServers, lang: Language): string {
  const parts = system.from.length > 0 ? [translate(lang, 'check.servers-from', { files: system.from.join(', ') })] : [translate(lang, 'check.servers-none-configured')];
  if (system.added.length > 0) parts.push(translate(lang, 'check.servers-added', { servers: system.added.join(', ') }));
  return `(${parts.join('; ')})`;
}

/** The flag that sets each setting, for messages. */
const CHECK_FLAGS = {
  warningSeconds: '--warning',
  criticalSeconds: '--critical',
  timeoutMs: '--timeout',
  samples: '--samples',
  maxStratum: '--max-stratum',
  maxRootDistanceSeconds: '--max-root-distance',
  family: '--ipv4/--ipv6',
} as const satisfies Partial<Record<keyof Settings, string>>;

/** What judging needs of the settings besides the thresholds: the per-server limits (main/judging/limits.ts). */
export type CheckLimits = Pick<Settings, 'maxStratum' | 'maxRootDistanceSeconds'>;

/** How a check judges: the thresholds as ranges, the limits, and what a server that gives no time counts for. */
export type CheckPolicy = Pick<PluginOptions, 'warning' | 'critical' | 'minServers' | 'unreachable' | 'quiet'> & { limits: CheckLimits };

/**
 * Each server against the thresholds and limits, then all answers together: selection marks falsetickers (at least
 * WARNING), the consensus offset against the thresholds is the verdict on this computer's clock, and fewer answers
 * than --min-servers is CRITICAL (UNKNOWN when every server that failed is UNKNOWN, as check_ntp_time -q).
 */
export function judge(results: QueryResult[], policy: CheckPolicy, lang: Language): Omit<CheckOutcome, 'daemon'> {
  const voters = results.flatMap((r) => (r.ok && mayVote(r.sample, policy.limits) ? [r.sample] : []));
  const verdict = selectConsensus(voters);
  const classify = (offsetMs: number) => offsetState(offsetMs, policy);
  const rows = results.map((result) => {
    if (!result.ok) return failedRow(result.failure, failureState(result.failure.kind, policy), lang);
    const index = voters.indexOf(result.sample);
    const selection = verdict && index >= 0 ? verdict.selection[index]! : null;
    return measuredRow(result.sample, selection, verdict, classify, policy.limits, lang);
  });
  const failed = rows.filter((r) => !r.ok);
  const answered = rows.length - failed.length;
  const quorumState: CheckState | null = answered >= policy.minServers ? null : failed.length > 0 && failed.every((r) => r.state === 'unknown') ? 'unknown' : 'critical';
  const states = rows.map((r) => r.state);
  if (verdict) states.push(classify(verdict.consensusOffsetMs));
  if (quorumState) states.push(quorumState);
  return { rows, verdict, voters: voters.length, answered, quorumState, state: worstState(states) };
}

/** An offset against the ranges, as check_ntp_time applies them: to its absolute value, in seconds. */
export function offsetState(offsetMs: number, { warning, critical }: Pick<PluginOptions, 'warning' | 'critical'>): CheckState {
  const seconds = Math.abs(offsetMs) / 1000;
  return alerts(critical, seconds) ? 'critical' : alerts(warning, seconds) ? 'warning' : 'ok';
}

/**
 * What a server that gave no time adds. A bad address or a failed name lookup is a configuration problem (check_ntp_time
 * exits 3 for both); so is this computer running out of sockets. An unsynchronized or KoD answer is UNKNOWN under -q.
 */
function failureState(kind: FailureKind, policy: Pick<CheckPolicy, 'unreachable' | 'quiet'>): CheckState {
  if (kind === 'invalid-address' || kind === 'dns' || kind === 'local') return 'unknown';
  if (policy.quiet && (kind === 'unsynchronized' || kind === 'kod')) return 'unknown';
  return policy.unreachable;
}

/**
 * A Kiss-o'-Death told as what the server asked: a one-shot check sends nothing more, so the monitor's "backing off"
 * would not be true here. Other failures say what every face says.
 */
function oneShotMessage(f: Failure, lang: Language): string {
  if (f.kind === 'kod' && f.code === 'RATE') return translate(lang, 'check.kod-rate');
  if (f.kind === 'kod' && (f.code === 'DENY' || f.code === 'RSTR')) return translate(lang, 'check.kod-deny', { code: f.code });
  return failureWords(f, lang);
}

function failedRow(f: Failure, state: CheckState, lang: Language): CheckRow {
  return {
    server: f.server,
    host: f.host ?? null,
    port: f.port ?? null,
    address: f.address ?? null,
    ok: false,
    offsetMs: null,
    delayMs: null,
    jitterMs: null,
    samples: null,
    stratum: null,
    leap: null,
    refId: null,
    rootDelayMs: null,
    rootDispersionMs: null,
    version: null,
    authenticated: false,
    ntpServer: f.ntpServer ?? null,
    state,
    selection: null,
    consensusOffsetMs: null,
    warnings: [],
    error: { kind: f.kind, message: oneShotMessage(f, lang), ...(f.code ? { code: f.code } : {}) },
    at: isoTime(f.at),
  };
}

function measuredRow(s: Sample, selection: Selection | null, verdict: Verdict | null, classify: (offsetMs: number) => CheckState, limits: CheckLimits, lang: Language): CheckRow {
  const warnings = limitExcesses(s, limits).map((excess) => describeExcess(excess, lang));
  return {
    server: s.server,
    host: s.host,
    port: s.port,
    address: s.address,
    ok: true,
    offsetMs: round(s.offsetMs),
    delayMs: round(s.delayMs),
    // One reply says nothing of jitter: unknown (null, '-' in the table), never a measured 0.
    jitterMs: s.samples > 1 ? round(s.jitterMs) : null,
    samples: s.samples,
    stratum: s.stratum,
    leap: s.leap,
    refId: s.refId,
    rootDelayMs: round(s.rootDelayMs),
    rootDispersionMs: round(s.rootDispersionMs),
    version: s.version,
    authenticated: s.authenticated === true,
    ntpServer: s.ntpServer ?? null,
    state: rowState(classify(s.offsetMs), selection, warnings.length > 0),
    selection,
    consensusOffsetMs: verdict ? round(verdict.consensusOffsetMs) : null,
    warnings,
    error: null,
    at: isoTime(s.at),
  };
}

/**
 * A falseticker is WARNING whatever its offset (shownState, the rule every face uses): the verdict says the server is
 * wrong, not this computer. A server beyond a limit is at least WARNING.
 */
function rowState(byOffset: CheckState, selection: Selection | null, beyondLimit: boolean): CheckState {
  return withinLimitsState(shownState(byOffset, selection === 'falseticker') as CheckState, beyondLimit);
}

/** Microsecond resolution is all an NTP exchange over a network can honestly claim. */
export function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

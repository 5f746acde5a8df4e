/** `ntp-monitor check`: query each server (a burst each), concurrently; select truechimers; print and exit as a monitoring plugin. */
import { parseArgs } from 'node:util';
import { selectConsensus, type Selection, type Verdict } from '../consensus/selection.js';
import { languageFromLocale, localeFromEnv, translate, type Language } from '../i18n/translate.js';
import { burst } from '../ntp/burst.js';
import { createNtsSession } from '../ntp/nts/session.js';
import type { PlainAddress } from '../ntp/address.js';
import { isPoolAddress, parsePoolAddress } from '../ntp/pool-address.js';
import { poolServers } from '../ntp/pool.js';
import { queryAny } from '../ntp/query-any.js';
import type { Failure, FailureKind, QueryResult, Sample } from '../sample/sample.js';
import { commandLineLayer, settingsFromLayers } from '../settings/config-file.js';
import { defaultSettings, queryFamily, type Settings } from '../settings/settings.js';
import { detectSystemServers, type SystemServers } from '../settings/system-server.js';
import { limitExcesses, mayVote } from '../judging/limits.js';
import { worstState } from '../judging/server-state.js';
import { describeExcess } from '../i18n/describe.js';
import { printable } from '../i18n/display.js';
import { parseDaemonOption } from '../timeservice/daemon-option.js';
import { readDaemon } from '../timeservice/read-daemon.js';
import { checkDaemon, consensusView, type DaemonCheck } from './check-daemon.js';
import { measurementSettings, parseOrExplain } from './args.js';
import { CHECK_OPTIONS, plainThresholds, pluginOptions, withPort, type PluginOptions } from './check-args.js';
import { jsonReport, renderText } from './check-report.js';
import { alerts } from './nagios-range.js';
import { EXIT } from './exit-codes.js';
import type { CliIo } from './io.js';

/** The short usage printed under a bad command line, as check_ntp_time prints its own. */
export const CHECK_USAGE = `Usage: ntp-monitor check [SERVER...] [-H HOST]... [-p PORT] [-w RANGE] [-c RANGE] [-t SECONDS] [-q] [-4|-6]
                         [--min-servers N] [--unreachable critical|warning|unknown] [--samples N]
                         [--max-stratum N] [--max-root-distance S] [--ca FILE] [--json] [-v] [-V] [-h]
`;

export const CHECK_HELP = `${CHECK_USAGE}
Queries each SERVER (all at the same time) and reports its clock offset from this computer. With 3 or more
servers that answer, it also tells which servers agree (truechimers) and which do not (falsetickers), and how far
this computer's clock is from their consensus. It takes check_ntp_time's options, so it can replace it as is.
With no SERVER, checks the servers this computer is configured to use (chrony, ntpd, timesyncd, Windows; a 'pool'
line as pool://NAME); when they are fewer than 3 and none is a pool, adds nts://time.cloudflare.com,
nts://nts.netnod.se and nts://ptbtime1.ptb.de until there are 3. The last line says where they came from.

SERVER, -H, --host HOST
             host, host:port, IPv4 (192.0.2.1, 192.0.2.1:123), IPv6 (::1, [::1]:123), or
             nts://host[:port] to check it authenticated with NTS (port: NTS key exchange, default 4460), or
             pool://name[:port]: up to 4 of the name's addresses, each checked as a server of its own.
             -H may be repeated, and mixed with SERVERs.
-p, --port PORT
             the NTP port of every plain server given without one (default 123)
-w, --warning RANGE
             WARNING when |offset| in seconds is outside RANGE (default 0.1: above 0.1 s)
-c, --critical RANGE
             CRITICAL when |offset| in seconds is outside RANGE (default 1)
             RANGE as the Monitoring Plugins define it: 10 (alert above 10), 10: (below 10), ~:10 (above 10),
             10:20 (outside 10 to 20), @10:20 (inside 10 to 20); decimals allowed. With two plain numbers,
             critical must be at least warning.
-t, --timeout SECONDS
             wait at most this long for each reply (0.1-60; default 5). A number of 100 or more is read as
             milliseconds, the unit of older versions (100-60000).
-q, --quiet  a server that answers without a usable time (unsynchronized, Kiss-o'-Death) is UNKNOWN, not
             unreachable (as check_ntp_time -q)
--min-servers N
             CRITICAL when fewer than N servers give an offset (1-100; default 1); UNKNOWN instead when every
             server that failed is UNKNOWN (-q, --unreachable unknown, a bad address)
--unreachable critical|warning|unknown
             the state each server that gives no time adds: no answer, a closed port, unsynchronized, KoD
             (default warning: with enough other answers the clock is still judged; the server is named)
--samples N  send N requests per server, 2 s apart, and keep the one with the least delay (1-8; default 1)
--max-stratum N
             a server with a stratum above N is WARNING and does not vote (1-15; default: no limit)
--max-root-distance S
             a server whose root distance exceeds S seconds is WARNING and does not vote (0.001-16;
             default 1.5, RFC 5905's MAXDIST)
-4, --ipv4, -6, --ipv6
             use only that address family for host names (plain NTP servers)
--ca FILE    also trust this PEM CA for NTS servers' certificates (the public roots stay trusted)
--daemon D   also read this computer's time service and cross-check it with the consensus: auto (default:
             chronyd on 127.0.0.1:323 when it answers), none, chrony, or chrony=HOST[:PORT] (its command
             port, default 323). Its verdict: agrees, disagrees, follows-falseticker, not-synchronized, stale,
             unreachable (not running, refused...), unchecked (no consensus to compare with)
--json       print one JSON object: state, summary, verdict, daemon and a servers array (one object per server)
-v, --verbose
             accepted for check_ntp_time command lines; the details are always printed after the first line
-V, --version
             print the version
-h, --help   show this help

A server's offset is signed, server minus this computer: positive when the server is ahead (as ntpdate and
check_ntp_time print it). The verdict on this computer is said in words: "This computer is 2.500 s behind (3 of 4
servers agree)". In --json, consensusOffsetMs has offsetMs's sign: positive when the servers are ahead; the
daemon's offsetMs too: positive when the time service believes this computer is behind.
The first line is the plugin status line: NTP <STATE>: the worst causes first, with their servers | perfdata.
Perfdata: with one server, offset=SECONDS;W;C; first, as check_ntp_time, then delay and stratum (jitter with
--samples 2 or more); with several, offset is the consensus (when there is one), then offset_<server>,
delay_<server>... with every character of the server other than a letter or digit written as _.
Exit status: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN. One server that gives no time is CRITICAL, as in
check_ntp_time (UNKNOWN for a bad address or host name, and with -q for unsynchronized or KoD).
The worst decides: CRITICAL, then WARNING, then UNKNOWN, then OK. A falseticker is WARNING whatever its offset (the
others say it is wrong, not this computer); the consensus offset against --warning/--critical is the verdict on this
computer's clock.
`;

export type CheckState = 'ok' | 'warning' | 'critical' | 'unknown';

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
  const parsed = parseOrExplain('check', CHECK_HELP, io, () => parseArgs({ args, allowPositionals: true, options: CHECK_OPTIONS }), usage);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (values.version) {
    io.stdout.write(`ntp-monitor check ${process.env.NTP_MONITOR_VERSION ?? 'development'}\n`);
    return EXIT.ok;
  }
  const plugin = pluginOptions(values, lang);
  if (!plugin.ok) return refuse(plugin.problems);
  const { options } = plugin;
  const flags = commandLineLayer({ ...measurementSettings(values), ...plainThresholds(options, values), timeoutMs: options.timeoutMs }, CHECK_FLAGS);
  const validation = settingsFromLayers([flags], defaultSettings(), lang);
  if (!validation.ok || (values.ipv4 && values.ipv6)) {
    return refuse([...(validation.ok ? [] : validation.problems), ...(values.ipv4 && values.ipv6 ? [translate(lang, 'check.family-both')] : [])]);
  }
  const settings = validation.settings;
  const daemonChoice = parseDaemonOption(values.daemon);
  if (!daemonChoice) return refuse([translate(lang, 'check.bad-daemon', { value: values.daemon })]);
  let ca: string | undefined;
  if (values.ca !== undefined) {
    // Loaded only with --ca: most checks read no file (issue 9, start-up cost).
    const { caProblemLine, readCaFile } = await import('../settings/ca-file.js');
    const read = await readCaFile(values.ca, lang);
    if (!read.ok) return refuse([caProblemLine('--ca', values.ca, read, lang)]);
    ca = read.pem;
  }
  const family = queryFamily(settings.family);
  const given = [...(values.host ?? []), ...positionals].map((server) => (options.port === undefined ? server : withPort(server, options.port)));
  const system = given.length > 0 ? null : await detectSystemServers();
  const named = system ? system.servers : given;
  // A pool is its members, each a server of its own; anything else is asked as written (a bad one fails in its row).
  const servers = (await Promise.all(named.map((server) => (isPoolAddress(server) ? poolTargets(server, family) : [server])))).flat();
  // The daemon is read while the servers are asked: it adds no time to the check.
  const daemonRead = readDaemon(daemonChoice, settings.timeoutMs);
  const results = await Promise.all(
    servers.map((server) => {
      // One NTS session per server: a burst runs one key exchange, then spends cookies.
      const queryOptions = { timeoutMs: settings.timeoutMs, language: lang, session: createNtsSession(), ...(family && { family }), ...(ca !== undefined && { ca }) };
      return burst(() => queryAny(server, queryOptions), { count: settings.samples });
    }),
  );
  const judged = judge(results, { ...options, limits: settings }, lang);
  const daemon = checkDaemon(await daemonRead, consensusView(judged.verdict, judged.rows), settings);
  const outcome: CheckOutcome = { ...judged, daemon, state: daemon ? worstState([judged.state, daemon.check.state as CheckState]) : judged.state };
  const report = { outcome, options, timeoutMs: settings.timeoutMs };
  io.stdout.write(values.json ? jsonReport(report, lang) : renderText(report, lang));
  if (system && !values.json) io.stdout.write(`${originLine(system, lang)}\n`);
  return EXIT[outcome.state];
}

async function poolTargets(text: string, family: 4 | 6 | undefined): Promise<(string | PlainAddress)[]> {
  const parsed = parsePoolAddress(text);
  return parsed.ok ? poolServers(parsed.address, family ? { family } : {}) : [text];
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
 * would not be true here. Other failures keep the query's own message.
 */
function oneShotMessage(f: Failure, lang: Language): string {
  if (f.kind !== 'kod') return f.message;
  if (f.code === 'RATE') return translate(lang, 'check.kod-rate');
  if (f.code === 'DENY' || f.code === 'RSTR') return translate(lang, 'check.kod-deny', { code: f.code });
  return f.message;
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
    at: new Date(f.at).toISOString(),
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
    jitterMs: round(s.jitterMs),
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
    at: new Date(s.at).toISOString(),
  };
}

/**
 * A falseticker is WARNING whatever its offset: the verdict says the server is wrong, not this computer, as the
 * monitor folds its offset alarm into the falseticker one. A server beyond a limit is at least WARNING.
 */
function rowState(byOffset: CheckState, selection: Selection | null, beyondLimit: boolean): CheckState {
  if (selection === 'falseticker') return 'warning';
  return beyondLimit && byOffset === 'ok' ? 'warning' : byOffset;
}

/** Microsecond resolution is all an NTP exchange over a network can honestly claim. */
export function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

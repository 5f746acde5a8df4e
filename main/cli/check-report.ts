/**
 * The text `check` prints: the Monitoring Plugins status line (`NTP OK: summary | perfdata`) first, then the table
 * and the consensus as long output, in the user's language.
 */
import { printable } from '../i18n/display.js';
import { translate, type Language } from '../i18n/translate.js';
import { formatOffset, serverWords, thisComputerWords } from '../i18n/offset-words.js';
import { stateWord } from '../i18n/state-words.js';
import { offsetState, round, type CheckOutcome, type CheckRow, type CheckState } from './check.js';
import type { PluginOptions } from './check-args.js';
import { perfdataLimit } from './nagios-range.js';
import { daemonJson, daemonLines, daemonPerfdata, daemonSentence } from './check-daemon.js';

/** What the report is made of: the judged outcome and the options that judged it. */
export interface CheckReport {
  outcome: CheckOutcome;
  options: Pick<PluginOptions, 'warning' | 'critical' | 'minServers'>;
  /** Whether a time service was looked for (not `--daemon none`): only then does the text say what was found. */
  daemonAsked: boolean;
}

export function renderText(report: CheckReport, lang: Language): string {
  const { rows, verdict } = report.outcome;
  const answered = rows.filter((r) => r.ok);
  const long: string[] = [];
  if (verdict) {
    long.push(translate(lang, 'check.sentence', { text: verdictWords(report.outcome, lang) }));
    for (const r of rows.filter((row) => row.selection === 'falseticker')) {
      long.push(translate(lang, 'check.falseticker', { server: r.server, relation: serverWords(r.offsetMs!, 'this-computer', lang) }));
    }
  } else if (answered.length > 1) {
    // Servers beyond a limit answered but did not vote: the count is of the voters.
    const key = report.outcome.voters < 3 ? 'check.no-verdict-few' : 'check.no-verdict-majority';
    long.push(translate(lang, key, { count: report.outcome.voters, total: rows.length }));
  }
  for (const r of answered) {
    if (r.leap === 1 || r.leap === 2) long.push(translate(lang, r.leap === 1 ? 'check.leap-insert' : 'check.leap-delete', { server: r.server }));
  }
  // Server names and messages are made printable: a name holding a newline must not forge a line.
  // An NTS row names its NTP server: the key exchange may send us to any host (RFC 8915); a failure's message does.
  const ntp = (r: CheckRow) => (r.ok && r.ntpServer ? [translate(lang, 'check.nts-ntp-server', { ntp: r.ntpServer })] : []);
  const notes = rows.flatMap((r) => [...ntp(r), ...r.warnings, ...(r.error ? [r.error.message] : [])].map((text) => `  ${printable(r.server)}: ${printable(text)}`));
  const thresholdLine = `(${translate(lang, 'check.thresholds', { warning: report.options.warning.text, critical: report.options.critical.text })})`;
  return [
    statusLine(report, lang),
    ...table(rows, lang),
    ...(long.length ? ['', ...long] : []),
    ...(notes.length ? ['', ...notes] : []),
    '',
    ...(report.daemonAsked ? [...daemonLines(report.outcome.daemon, verdict?.truechimers ?? 0, lang).map(printable), ''] : []),
    thresholdLine,
    '',
  ].join('\n');
}

/** `NTP <STATE>: <summary> | <perfdata>`. The state word stays English: plugin parsers and people grep for it. */
export function statusLine(report: CheckReport, lang: Language): string {
  const perf = perfdata(report);
  return `NTP ${report.outcome.state.toUpperCase()}: ${summary(report, lang)}${perf.length ? ` | ${perf.join(' ')}` : ''}`;
}

const RANK: Record<CheckState, number> = { critical: 0, warning: 1, unknown: 2, ok: 3 };

/**
 * The causes, worst first (the order the exit status is decided in), each with its servers: a monitoring system
 * shows only this line, so a dead server among good ones is named, never hidden behind their verdict.
 */
export function summary({ outcome, options }: CheckReport, lang: Language): string {
  const { rows, verdict, answered } = outcome;
  const causes: { state: CheckState; text: string }[] = [];
  if (outcome.quorumState && rows.length > 1) {
    causes.push({ state: outcome.quorumState, text: translate(lang, 'check.summary-quorum', { count: answered, total: rows.length, min: options.minServers }) });
  }
  for (const r of rows) if (r.error) causes.push({ state: r.state, text: `${r.server}: ${r.error.message.replace(/[.\u3002]$/, '')}` });
  const measured = rows.filter((r) => r.ok);
  if (verdict) {
    causes.push({ state: offsetState(verdict.consensusOffsetMs, options), text: verdictWords(outcome, lang) });
  } else if (measured.length > 0) {
    const largest = measured.reduce((a, b) => (Math.abs(b.offsetMs!) > Math.abs(a.offsetMs!) ? b : a));
    const params = { server: largest.server, relation: serverWords(largest.offsetMs!, 'this-computer', lang) };
    causes.push({ state: offsetState(largest.offsetMs!, options), text: translate(lang, measured.length === 1 ? 'check.summary-one' : 'check.summary-largest', params) });
  } else if (rows.length === 0) {
    causes.push({ state: 'unknown', text: translate(lang, 'check.summary-none', { total: 0 }) });
  }
  const falsetickers = rows.filter((r) => r.selection === 'falseticker').map((r) => r.server);
  if (falsetickers.length) causes.push({ state: 'warning', text: translate(lang, 'check.summary-falsetickers', { servers: falsetickers.join(', ') }) });
  const beyond = rows.filter((r) => r.warnings.length > 0).map((r) => r.server);
  if (beyond.length) causes.push({ state: 'warning', text: translate(lang, 'check.summary-warnings', { servers: beyond.join(', ') }) });
  // The time service is named on the status line only when it is the problem.
  const { daemon } = outcome;
  if (daemon && daemon.check.state !== 'ok') causes.push({ state: daemon.check.state as CheckState, text: daemonSentence(daemon, verdict?.truechimers ?? 0, lang) });
  causes.sort((a, b) => RANK[a.state] - RANK[b.state]);
  return printable(causes.map((c) => c.text).join('; ')).replace(/\|/g, '/');
}

/** "This computer is 2.500 s behind (3 of 4 servers agree)": the verdict, counting the servers that voted. */
function verdictWords({ verdict, voters }: CheckOutcome, lang: Language): string {
  return thisComputerWords(verdict!.consensusOffsetMs, verdict!.truechimers, voters, lang);
}

/**
 * Performance data (`label=value[UOM];[warn];[crit]`). One server: `offset=S;W;C;` first, exactly as check_ntp_time
 * prints it, so its graphs go on. Several: `offset` is the consensus (the value the state is judged on), then each
 * server's metrics under `<metric>_<server key>` (perfKeys). Jitter only from several samples.
 */
export function perfdata({ outcome, options }: CheckReport): string[] {
  const limits = `;${perfdataLimit(options.warning)};${perfdataLimit(options.critical)};`;
  const seconds = (ms: number) => `${(ms / 1000).toFixed(6)}s`;
  const measured = outcome.rows.filter((r) => r.ok);
  const one = (r: CheckRow, suffix: string) => [
    `offset${suffix}=${seconds(r.offsetMs!)}${limits}`,
    `delay${suffix}=${seconds(r.delayMs!)}`,
    `stratum${suffix}=${r.stratum}`,
    ...(r.samples! > 1 ? [`jitter${suffix}=${seconds(r.jitterMs!)}`] : []),
  ];
  const daemon = daemonPerfdata(outcome.daemon, limits);
  if (outcome.rows.length === 1) return [...measured.flatMap((r) => one(r, '')), ...daemon];
  const keys = perfKeys(measured.map((r) => r.server));
  return [
    ...(outcome.verdict ? [`offset=${seconds(outcome.verdict.consensusOffsetMs)}${limits}`] : []),
    ...measured.flatMap((r, i) => one(r, `_${keys[i]}`)),
    ...daemon,
  ];
}

/**
 * Label keys graphers keep as they are (PNP4Nagios and Graphite rewrite or split on `.`, `:`, `/`, `[`): a server's
 * name with each run of other characters written as one `_`; a key already taken gets `_2`, `_3`...
 */
export function perfKeys(servers: string[]): string[] {
  const taken = new Set<string>();
  return servers.map((server) => {
    const base = server.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, '') || 'server';
    let key = base;
    for (let n = 2; taken.has(key); n++) key = `${base}_${n}`;
    taken.add(key);
    return key;
  });
}

/** `--json`: one object, the state and summary as the status line has them, the verdict, and one row per server. */
export function jsonReport(report: CheckReport, lang: Language): string {
  const { outcome } = report;
  const verdict = outcome.verdict && {
    consensusOffsetMs: round(outcome.verdict.consensusOffsetMs),
    truechimers: outcome.verdict.truechimers,
    voters: outcome.voters,
    sentence: verdictWords(outcome, lang),
  };
  const daemon = daemonJson(outcome.daemon, outcome.verdict?.truechimers ?? 0, lang);
  return JSON.stringify({ state: outcome.state, summary: summary(report, lang), verdict, daemon, servers: outcome.rows }, null, 2) + '\n';
}

const COLUMNS = ['server', 'state', 'offset', 'delay', 'jitter', 'stratum', 'refid', 'address'] as const;

function table(rows: CheckRow[], lang: Language): string[] {
  const header = COLUMNS.map((column) => translate(lang, `check.column-${column}`));
  const ms = (value: number | null) => (value === null ? '-' : `${value.toFixed(3)} ms`);
  const cells = rows.map((r) => [
    r.server,
    // A server that gave no time is called what it is (UNREACHABLE, UNSYNCHRONIZED); its state is what it adds.
    r.error && r.state !== 'unknown' ? stateWord('unreachable', lang, r.error.kind) : stateWord(r.state, lang, r.error?.kind),
    r.offsetMs === null ? '-' : formatOffset(r.offsetMs),
    ms(r.delayMs),
    ms(r.jitterMs),
    r.stratum === null ? '-' : String(r.stratum),
    r.refId ?? '-',
    r.address ?? '-',
  ].map(printable));
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...cells.map((row) => displayWidth(row[i]!))));
  const line = (row: string[]) => row.map((c, i) => c + ' '.repeat(widths[i]! - displayWidth(c))).join('  ').trimEnd();
  return [line(header), ...cells.map(line)];
}

/** CJK characters take two terminal columns. */
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return width;
}

/**
 * The text `check` prints: the Monitoring Plugins status line (`NTP OK: summary | perfdata`) first, then the table
 * and the consensus as long output, in the user's language.
 */
import { printable } from '../i18n/display.js';
import { translate, type Language } from '../i18n/translate.js';
import type { Thresholds } from '../state/classify.js';
import { formatOffset, serverWords, thisComputerWords } from '../transitions/offset-words.js';
import { stateWord } from '../transitions/state-words.js';
import type { CheckOutcome, CheckRow } from './check.js';
import { daemonLines, daemonPerfdata, daemonSentence } from './check-daemon.js';

export function renderText(outcome: CheckOutcome, thresholds: Thresholds, lang: Language): string {
  const { rows, verdict } = outcome;
  const answered = rows.filter((r) => r.ok);
  const long: string[] = [];
  if (verdict) {
    long.push(translate(lang, 'check.sentence', { text: verdictWords(outcome, lang) }));
    for (const r of rows.filter((row) => row.selection === 'falseticker')) {
      long.push(translate(lang, 'check.falseticker', { server: r.server, relation: serverWords(r.offsetMs!, 'this-computer', lang) }));
    }
  } else if (answered.length > 1) {
    // Servers beyond a limit answered but did not vote: the count is of the voters.
    const key = outcome.voters < 3 ? 'check.no-verdict-few' : 'check.no-verdict-majority';
    long.push(translate(lang, key, { count: outcome.voters, total: rows.length }));
  }
  for (const r of answered) {
    if (r.leap === 1 || r.leap === 2) long.push(translate(lang, r.leap === 1 ? 'check.leap-insert' : 'check.leap-delete', { server: r.server }));
  }
  // Server names and messages are made printable: a name holding a newline must not forge a line.
  // An NTS row names its NTP server: the key exchange may send us to any host (RFC 8915); a failure's message does.
  const ntp = (r: CheckRow) => (r.ok && r.ntpServer ? [translate(lang, 'check.nts-ntp-server', { ntp: r.ntpServer })] : []);
  const notes = rows.flatMap((r) => [...ntp(r), ...r.warnings, ...(r.error ? [r.error.message] : [])].map((text) => `  ${printable(r.server)}: ${printable(text)}`));
  const thresholdLine = `(${translate(lang, 'check.thresholds', { warning: thresholds.warningSeconds, critical: thresholds.criticalSeconds })})`;
  return [
    statusLine(outcome, thresholds, lang),
    ...table(rows, lang),
    ...(long.length ? ['', ...long] : []),
    ...(notes.length ? ['', ...notes] : []),
    '',
    ...daemonLines(outcome.daemon, verdict?.truechimers ?? 0, lang).map(printable),
    '',
    thresholdLine,
    '',
  ].join('\n');
}

/** `NTP <STATE>: <summary> | <perfdata>`. The state word stays English: plugin parsers and people grep for it. */
export function statusLine(outcome: CheckOutcome, thresholds: Thresholds, lang: Language): string {
  const { rows, verdict } = outcome;
  const answered = rows.filter((r) => r.ok);
  const parts: string[] = [];
  if (verdict) {
    parts.push(verdictWords(outcome, lang));
  } else if (answered.length > 0) {
    const largest = answered.reduce((a, b) => (Math.abs(b.offsetMs!) > Math.abs(a.offsetMs!) ? b : a));
    const params = { server: largest.server, relation: serverWords(largest.offsetMs!, 'this-computer', lang) };
    parts.push(translate(lang, answered.length === 1 ? 'check.summary-one' : 'check.summary-largest', params));
  } else {
    parts.push(translate(lang, 'check.summary-none', { total: rows.length }));
  }
  const falsetickers = rows.filter((r) => r.selection === 'falseticker').map((r) => r.server);
  if (falsetickers.length) parts.push(translate(lang, 'check.summary-falsetickers', { servers: falsetickers.join(', ') }));
  const beyond = rows.filter((r) => r.warnings.length > 0).map((r) => r.server);
  if (beyond.length) parts.push(translate(lang, 'check.summary-warnings', { servers: beyond.join(', ') }));
  // The time service is named on the status line only when it is the problem.
  if (outcome.daemon && outcome.daemon.check.state !== 'ok') parts.unshift(daemonSentence(outcome.daemon, verdict?.truechimers ?? 0, lang));
  const summary = printable(parts.join('; ')).replace(/\|/g, '/');
  const perf = [...answered.flatMap((r) => perfdata(r, thresholds)), ...daemonPerfdata(outcome.daemon, thresholds)];
  return `NTP ${outcome.state.toUpperCase()}: ${summary}${perf.length ? ` | ${perf.join(' ')}` : ''}`;
}

/** "This computer is 2.500 s behind (3 of 4 servers agree)": the verdict, counting the servers that voted. */
function verdictWords({ verdict, voters }: CheckOutcome, lang: Language): string {
  return thisComputerWords(verdict!.consensusOffsetMs, verdict!.truechimers, voters, lang);
}

/** One server's performance data in the standard form `'label'=value[UOM];[warn];[crit];[min];[max]`. */
export function perfdata(row: CheckRow, thresholds: Thresholds): string[] {
  const seconds = (ms: number) => `${(ms / 1000).toFixed(6)}s`;
  return [
    `${label('offset', row.server)}=${seconds(row.offsetMs!)};${thresholds.warningSeconds};${thresholds.criticalSeconds};;`,
    `${label('delay', row.server)}=${seconds(row.delayMs!)}`,
    `${label('jitter', row.server)}=${seconds(row.jitterMs!)}`,
    `${label('stratum', row.server)}=${row.stratum}`,
  ];
}

/** Quoted, a quote doubled as the guidelines ask; `=` and control characters would break parsers, so they go. */
export function perfLabel(text: string): string {
  return `'${printable(text).replace(/=/g, '_').replace(/'/g, "''")}'`;
}

function label(metric: string, server: string): string {
  return perfLabel(`${metric}_${server}`);
}

const COLUMNS = ['server', 'state', 'offset', 'delay', 'jitter', 'stratum', 'refid', 'address'] as const;

function table(rows: CheckRow[], lang: Language): string[] {
  const header = COLUMNS.map((column) => translate(lang, `check.column-${column}`));
  const ms = (value: number | null) => (value === null ? '-' : `${value.toFixed(3)} ms`);
  const cells = rows.map((r) => [
    r.server,
    stateWord(r.state, lang, r.error?.kind),
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

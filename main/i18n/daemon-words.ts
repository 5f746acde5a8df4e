/**
 * The time service's verdict in words, for every face (`check`'s status line, the sample log, webhooks and robots,
 * notifications, the tray and the status window): one sentence per verdict, made from the cross-check's kinds and figures.
 */
import type { DaemonFailure, RefusalHow } from '../timeservice/daemon-failure.js';
import { STALE_INTERVALS, type CrossCheck, type DaemonVerdict } from '../timeservice/cross-check.js';
import type { DaemonKind, DaemonView } from '../timeservice/daemon-view.js';
import { direction, formatAmount, type Direction } from './offset-words.js';
import { stateWord } from './state-words.js';
import { translate, type Language, type MessageKey } from './translate.js';

/**
 * The daemon as its users know it, the same in every language: its program's name, or for Windows Time its service
 * name (`net start w32time`), which Windows does not translate.
 */
export const DAEMON_NAMES: Record<DaemonKind, string> = { chrony: 'chronyd', ntpd: 'ntpd', timesyncd: 'systemd-timesyncd', kernel: 'kernel', w32time: 'W32Time', timed: 'timed' };

/** The verdict in one sentence (no final stop): "chronyd follows 127.0.0.1:11126, 2.500 s from the consensus of 3 servers". */
export function daemonSentence(check: CrossCheck, kind: DaemonKind, target: string, agree: number, lang: Language): string {
  const daemon = DAEMON_NAMES[kind];
  const v = check.view;
  switch (check.verdict) {
    case 'agrees':
      return v?.source ? translate(lang, 'daemon.agrees', { daemon, source: sourceName(check), count: agree }) : translate(lang, 'daemon.agrees-no-source', { daemon, count: agree });
    case 'disagrees':
      return translate(lang, 'daemon.disagrees', { daemon, amount: formatAmount(check.differenceMs!), count: agree });
    case 'follows-falseticker':
      return translate(lang, 'daemon.follows-falseticker', { daemon, source: sourceName(check), amount: formatAmount(check.sourceFromConsensusMs!), count: agree });
    case 'not-synchronized':
      return translate(lang, 'daemon.not-synchronized', { daemon });
    case 'stale':
      return v!.lastUpdateAgeSeconds === null
        ? translate(lang, 'daemon.never-updated', { daemon })
        : translate(lang, 'daemon.stale', { daemon, age: Math.round(v!.lastUpdateAgeSeconds), intervals: STALE_INTERVALS, interval: v!.updateIntervalSeconds });
    case 'unchecked':
      return v?.source ? translate(lang, 'daemon.unchecked', { daemon, source: sourceName(check) }) : translate(lang, 'daemon.unchecked-no-source', { daemon });
    case 'unreachable':
      return unreachableSentence(check.failure!, daemon, target, lang);
  }
}

/** The source the daemon follows: our name for it when it is one of our servers, else its address. */
export function sourceName(check: CrossCheck): string {
  return check.followed ?? check.view?.source?.address ?? '-';
}

function unreachableSentence(f: DaemonFailure, daemon: string, target: string, lang: Language): string {
  switch (f.kind) {
    case 'not-running':
      return translate(lang, 'daemon.not-running', { daemon, target });
    case 'refused':
      return translate(lang, REFUSED[f.how], { daemon, target });
    case 'no-reply':
      return translate(lang, 'daemon.no-reply', { daemon, target });
    case 'status':
      return translate(lang, 'daemon.status', { daemon, target, status: f.status, command: f.command });
    case 'invalid-reply':
      return translate(lang, 'daemon.invalid-reply', { daemon, target, command: f.command, check: f.check });
    case 'socket-error':
      return translate(lang, 'daemon.socket-error', { daemon, target, code: f.code });
    case 'tool-missing':
      return translate(lang, 'daemon.tool-missing', { daemon, tool: f.tool });
  }
}

/** Each way of refusing in its own words: chrony's status, ntpd's silence to mode 6, the bus policy. */
const REFUSED = { 'chrony-501': 'daemon.refused', 'ntpd-noquery': 'daemon.refused-noquery', 'dbus-denied': 'daemon.refused-dbus', 'w32time-denied': 'daemon.refused-w32time' } as const satisfies Record<RefusalHow, string>;

const VERDICT_KEYS = {
  agrees: 'daemon.verdict.agrees',
  disagrees: 'daemon.verdict.disagrees',
  'follows-falseticker': 'daemon.verdict.follows-falseticker',
  'not-synchronized': 'daemon.verdict.not-synchronized',
  stale: 'daemon.verdict.stale',
  unreachable: 'daemon.verdict.unreachable',
  unchecked: 'daemon.verdict.unchecked',
  unknown: 'daemon.verdict.unknown',
} as const satisfies Record<DaemonVerdict | 'unknown', MessageKey>;

/** The verdict in a word or two: "agrees", "follows a falseticker"; "checking" before the first is confirmed. */
export function verdictWords(verdict: DaemonVerdict | 'unknown', lang: Language): string {
  return translate(lang, VERDICT_KEYS[verdict]);
}

/**
 * The tray's one line: "chronyd: synchronised to ntp1, agrees" (the confirmed verdict; the source as this round
 * read it), or "chronyd: unreachable" when it follows nothing.
 */
export function daemonLine(check: CrossCheck, verdict: DaemonVerdict | 'unknown', kind: DaemonKind, lang: Language): string {
  const daemon = DAEMON_NAMES[kind];
  const words = verdictWords(verdict, lang);
  return check.view?.synchronized && check.view.source
    ? translate(lang, 'daemon.line-source', { daemon, source: sourceName(check), verdict: words })
    : translate(lang, 'daemon.line', { daemon, verdict: words });
}

/** A confirmed change in one sentence with its state: "chronyd follows 127.0.0.1:11126, 2.500 s from ...: CRITICAL." */
export function daemonChangeSentence(check: CrossCheck, kind: DaemonKind, target: string, agree: number, lang: Language): string {
  return translate(lang, 'daemon.change', { sentence: daemonSentence(check, kind, target, agree, lang), state: stateWord(check.state, lang) });
}

const BELIEVES = { ahead: 'daemon.believes-ahead', behind: 'daemon.believes-behind', level: 'daemon.believes-level' } as const satisfies Record<Direction, MessageKey>;

/** What the daemon believes, in words with its error bound, and its last update when it had one (check's text, the status panel). */
export function beliefLines(v: DaemonView, lang: Language): string[] {
  // The belief has the consensus's sign (positive: this computer behind); negated, it is this computer's own offset.
  const belief = translate(lang, BELIEVES[direction(-v.offsetMs)], { amount: formatAmount(v.offsetMs), bound: formatAmount(v.errorBoundMs) });
  if (v.lastUpdateAgeSeconds === null) return [belief];
  return [belief, translate(lang, 'daemon.last-update', { age: v.lastUpdateAgeSeconds.toFixed(1), stratum: v.stratum })];
}

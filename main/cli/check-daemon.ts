/**
 * The time service in `check`'s faces: the cross-check against this check's consensus, the `daemon` object of
 * --json, and its sentences (in the user's language) for the status line, the long output and perfdata.
 */
import { consensusBoundMs, type Verdict } from '../consensus/selection.js';
import { translate, type Language } from '../i18n/translate.js';
import type { Thresholds } from '../judging/classify.js';
import type { DaemonFailure } from '../timeservice/daemon-failure.js';
import { crossCheck, type ConsensusView, type CrossCheck, type DaemonVerdict } from '../timeservice/cross-check.js';
import { daemonTarget } from '../timeservice/daemon-option.js';
import type { DaemonKind } from '../timeservice/daemon-view.js';
import type { DaemonLookup } from '../timeservice/read-daemon.js';
import { beliefLines, DAEMON_NAMES, daemonSentence as sentence } from '../i18n/daemon-words.js';

/** The daemon's part of a check: which kind, where it was asked, and the cross-check; null when no daemon was read. */
export type DaemonCheck = { kind: DaemonKind; target: string; check: CrossCheck } | null;

/** The `daemon` object of --json (README lists the fields; offsets have offsetMs's sign). */
export interface DaemonJson {
  kind: DaemonKind;
  target: string;
  verdict: DaemonVerdict;
  state: string;
  synchronized: boolean | null;
  /** The followed source: one of the checked servers when it is one, else its address. */
  source: string | null;
  stratum: number | null;
  /** What the daemon believes: positive when it thinks this computer is behind (as consensusOffsetMs). */
  offsetMs: number | null;
  errorBoundMs: number | null;
  lastUpdateAgeSeconds: number | null;
  /** consensusOffsetMs minus offsetMs. */
  differenceMs: number | null;
  error: { kind: DaemonFailure['kind']; message: string } | null;
}

/** The servers' side for the cross-check: the consensus, its half-width, and each measured server with its mark. */
export function consensusView(verdict: Verdict | null, rows: { ok: boolean; server: string; address: string | null; offsetMs: number | null; selection: string | null }[]): ConsensusView | null {
  if (!verdict) return null;
  return {
    offsetMs: verdict.consensusOffsetMs,
    errorBoundMs: consensusBoundMs(verdict),
    servers: rows.flatMap((r) => (r.ok && r.address !== null && r.offsetMs !== null ? [{ server: r.server, address: r.address, offsetMs: r.offsetMs, falseticker: r.selection === 'falseticker' }] : [])),
  };
}

export function checkDaemon(lookup: DaemonLookup, consensus: ConsensusView | null, thresholds: Thresholds): DaemonCheck {
  return lookup ? { kind: lookup.choice.kind, target: daemonTarget(lookup.choice), check: crossCheck(lookup.read, consensus, thresholds) } : null;
}

export function daemonJson(d: DaemonCheck, agree: number, lang: Language): DaemonJson | null {
  if (!d) return null;
  const { check } = d;
  const v = check.view;
  const round = (x: number | null | undefined) => (x === null || x === undefined ? null : Math.round(x * 1000) / 1000);
  return {
    kind: d.kind,
    target: d.target,
    verdict: check.verdict,
    state: check.state,
    synchronized: v ? v.synchronized : null,
    source: check.followed ?? v?.source?.address ?? null,
    stratum: v ? v.stratum : null,
    offsetMs: round(v?.offsetMs),
    errorBoundMs: round(v?.errorBoundMs),
    lastUpdateAgeSeconds: round(v?.lastUpdateAgeSeconds),
    differenceMs: round(check.differenceMs),
    error: check.failure ? { kind: check.failure.kind, message: daemonSentence(d, agree, lang) } : null,
  };
}

/** The verdict in one sentence (no final stop), in the words every face uses (i18n/daemon-words.ts). */
export function daemonSentence(d: NonNullable<DaemonCheck>, agree: number, lang: Language): string {
  return sentence(d.check, d.kind, d.target, agree, lang);
}

/** The long output's lines about the daemon: what it believes, then the verdict. */
export function daemonLines(d: DaemonCheck, agree: number, lang: Language): string[] {
  if (!d) return [translate(lang, 'daemon.none-found')];
  const v = d.check.view;
  const lines = [translate(lang, 'daemon.heading', { daemon: DAEMON_NAMES[d.kind], target: d.target })];
  if (v) lines.push(...beliefLines(v, lang).map((line) => `  ${line}`));
  lines.push(`  ${translate(lang, 'check.sentence', { text: daemonSentence(d, agree, lang) })}`);
  return lines;
}

/** The daemon's performance data: its belief, error bound and age, when it could be read. */
export function daemonPerfdata(d: DaemonCheck, limits: string): string[] {
  const v = d?.check.view;
  if (!v) return [];
  const seconds = (ms: number) => `${(ms / 1000).toFixed(6)}s`;
  const perf = [`daemon_offset=${seconds(v.offsetMs)}${limits}`, `daemon_error_bound=${seconds(v.errorBoundMs)}`];
  if (v.lastUpdateAgeSeconds !== null) perf.push(`daemon_update_age=${v.lastUpdateAgeSeconds.toFixed(1)}s`);
  return perf;
}

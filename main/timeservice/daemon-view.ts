/**
 * A time service's view of this computer's clock in NTP Monitor's terms: one shape whatever the daemon, every offset
 * with our sign (server minus this computer: positive when this computer is behind), milliseconds and seconds.
 */
import type { ChronyReport } from './chrony-reader.js';
import { MAXERROR_LIMIT_US, type KernelState } from './kernel-state.js';
import type { NtpdReport } from './ntpd-reader.js';
import type { SntpLine } from './sntp-output.js';
import type { TimesyncdReport } from './timesyncd-reader.js';
import { w32tmSynchronized, type W32tmStatus } from './w32tm-status.js';

/** The time services a view can come from. */
export type DaemonKind = 'chrony' | 'ntpd' | 'timesyncd' | 'kernel' | 'w32time' | 'timed';

/** Kinds that keep no time of their last update: a null age is not "never updated" for them (see crossCheck). */
export const AGELESS_KINDS: readonly DaemonKind[] = ['kernel', 'timed'];

/** The source the daemon follows. */
export interface FollowedSource {
  /** Its IP address as the daemon reports it. */
  address: string;
  /** The daemon's latest measurement of it, our sign (the source minus this computer); null when not read. */
  offsetMs: number | null;
}

/** What a daemon believes about this computer's clock, in our terms (see the file's opening). */
export interface DaemonView {
  kind: DaemonKind;
  /** The daemon says it is synchronised (a reference, not leap status 3). */
  synchronized: boolean;
  source: FollowedSource | null;
  stratum: number;
  /**
   * The offset the daemon believes this computer's clock still has, our sign: positive when the daemon thinks this
   * computer is behind (chrony's "System time ... slow"). What it would still correct, not what it last measured.
   */
  offsetMs: number;
  /** Its last measurement of this computer's clock, our sign (chrony's "Last offset", negated). */
  lastOffsetMs: number;
  /**
   * The daemon's bound on the error of what it believes (chrony: root dispersion + root delay / 2). chronyc's
   * "maximum error" of the system clock adds |System time|: how far the clock still is from that belief.
   */
  errorBoundMs: number;
  /** Seconds since its last update; null: never updated (AGELESS_KINDS: not known, they keep no such time). */
  lastUpdateAgeSeconds: number | null;
  /** How often it updates when healthy (s): the selected source's polling interval, or its last update interval. */
  updateIntervalSeconds: number;
}

/** chrony's reports as a view (signs: docs/local-daemon-notes.md 1.5; chrony's offsets say how far this computer is ahead). */
export function chronyView(report: ChronyReport, nowMs: number): DaemonView {
  const { tracking, sources } = report;
  const selected = sources?.find((entry) => entry.source.state === 'selected')?.source;
  const address = selected?.address ?? tracking.address;
  const pollSeconds = selected ? 2 ** selected.poll : 0;
  return {
    kind: 'chrony',
    synchronized: tracking.leap !== 3 && tracking.refId !== 0,
    // chrony measures its sources against its own NTP time, which is the system clock plus what it still has to
    // correct: against this computer's clock the source is that correction further on.
    source: address === null ? null : { address, offsetMs: selected ? (tracking.currentCorrectionS - selected.latestMeasS) * 1000 : null },
    stratum: tracking.stratum,
    offsetMs: tracking.currentCorrectionS * 1000,
    lastOffsetMs: -tracking.lastOffsetS * 1000,
    errorBoundMs: (tracking.rootDispersionS + tracking.rootDelayS / 2) * 1000,
    lastUpdateAgeSeconds: tracking.refTimeMs === null ? null : Math.max(0, (nowMs - tracking.refTimeMs) / 1000),
    updateIntervalSeconds: Math.max(pollSeconds, tracking.lastUpdateIntervalS, 1),
  };
}

/**
 * ntpd's variables as a view. ntpd's offsets already have our sign (RFC 5905: the server minus this computer), and it
 * measures its peers against the system clock itself. Its belief is its last combined offset, which the kernel
 * discipline then slews away; the update interval is its system peer's poll (else 2^tc).
 */
export function ntpdView(report: NtpdReport, nowMs: number): DaemonView {
  const { system, peers } = report;
  const peer = peers?.find((p) => p.selection === 'system-peer' || p.selection === 'pps-peer' || (system.peer !== null && p.associd === system.peer));
  const poll = peer?.poll ?? system.timeConstant;
  return {
    kind: 'ntpd',
    synchronized: system.leap !== 3 && system.stratum < 16 && system.refTimeMs !== null,
    source: peer ? { address: peer.address, offsetMs: peer.offsetMs } : null,
    stratum: system.stratum,
    offsetMs: system.offsetMs,
    lastOffsetMs: system.offsetMs,
    errorBoundMs: system.rootDispersionMs + system.rootDelayMs / 2,
    lastUpdateAgeSeconds: system.refTimeMs === null ? null : Math.max(0, (nowMs - system.refTimeMs) / 1000),
    updateIntervalSeconds: Math.max(poll === null ? 64 : 2 ** poll, 1),
  };
}

/**
 * timesyncd's last NTP message as a view: its offset ((T2 - T1) + (T3 - T4)) / 2 has our sign; timesyncd keeps no
 * pending correction, so that last measurement is also its belief. Synchronised: a message came (T4 set), not
 * leap 3, a stratum 1-15 server.
 */
export function timesyncdView(report: TimesyncdReport, nowMs: number): DaemonView {
  const m = report.message;
  const offsetMs = (m.t2Us - m.t1Us + (m.t3Us - m.t4Us)) / 2 / 1000;
  const received = m.t4Us > 0;
  const address = report.serverAddress ?? (report.serverName || null);
  return {
    kind: 'timesyncd',
    synchronized: received && m.leap !== 3 && m.stratum >= 1 && m.stratum <= 15,
    source: address === null ? null : { address, offsetMs: received ? offsetMs : null },
    stratum: m.stratum,
    offsetMs: received ? offsetMs : 0,
    lastOffsetMs: received ? offsetMs : 0,
    errorBoundMs: (m.rootDispersionUs + m.rootDelayUs / 2) / 1000,
    lastUpdateAgeSeconds: received ? Math.max(0, (nowMs - m.t4Us / 1000) / 1000) : null,
    updateIntervalSeconds: Math.max(report.pollIntervalS, 1),
  };
}

/**
 * The kernel's state as a view: synchronised while maxerror is under 16 s (timedated's rule: STA_UNSYNC stays set
 * under a chronyd without rtcsync); its bound is maxerror; its belief the offset it is still slewing (0 under chrony,
 * which does not use the kernel's PLL). No source and no age: the kernel keeps neither.
 */
export function kernelView(state: KernelState): DaemonView {
  return {
    kind: 'kernel',
    synchronized: state.maxErrorUs < MAXERROR_LIMIT_US,
    source: null,
    stratum: 0,
    offsetMs: state.offsetUs / 1000,
    lastOffsetMs: state.offsetUs / 1000,
    errorBoundMs: state.maxErrorUs / 1000,
    lastUpdateAgeSeconds: null,
    updateIntervalSeconds: 1,
  };
}

/**
 * Windows Time's status as a view. Its belief is the Phase Offset it is still correcting, taken with RFC 5905's sign
 * (W32Time implements NTP; the sign is undocumented and unverified on a real Windows); its source is a name, which
 * matches one of ours only when that is listed by the same text. The age is "Time since Last Good Sync Time".
 */
export function w32timeView(status: W32tmStatus): DaemonView {
  const offsetMs = (status.phaseOffsetS ?? 0) * 1000;
  return {
    kind: 'w32time',
    synchronized: w32tmSynchronized(status),
    source: { address: status.source, offsetMs: null },
    stratum: status.stratum,
    offsetMs,
    lastOffsetMs: offsetMs,
    errorBoundMs: (status.rootDispersionS + status.rootDelayS / 2) * 1000,
    lastUpdateAgeSeconds: status.sinceLastGoodSyncS,
    updateIntervalSeconds: Math.max(2 ** status.pollLog2, 1),
  };
}

/**
 * macOS timed as a view, from sntp's measurement of the server it follows (timed's own state is root's): timed sets
 * the clock to that server, so where the server is, is where timed would put this computer's clock, and that
 * measurement (RFC 5905's sign, ours) stands for its belief, as timesyncd's last sample does; its bound is sntp's
 * error. Synchronised: the server is (not "unsync", stratum 1-15 when printed). No age: timed's is not readable.
 */
export function timedView(line: SntpLine): DaemonView {
  const offsetMs = line.offsetS * 1000;
  return {
    kind: 'timed',
    synchronized: line.leap !== 'unsync' && (line.stratum === null || (line.stratum >= 1 && line.stratum <= 15)),
    source: { address: line.address, offsetMs },
    stratum: line.stratum ?? 0,
    offsetMs,
    lastOffsetMs: offsetMs,
    errorBoundMs: line.errorS * 1000,
    lastUpdateAgeSeconds: null,
    updateIntervalSeconds: 1,
  };
}

/**
 * A time service's view of this computer's clock in NTP Monitor's terms: one shape whatever the daemon, every offset
 * with our sign (server minus this computer: positive when this computer is behind), milliseconds and seconds.
 */
import type { ChronyReport } from './chrony-reader.js';

/** The time services a view can come from. */
export type DaemonKind = 'chrony';

/** The source the daemon follows. */
export interface FollowedSource {
  /** Its IP address as the daemon reports it. */
  address: string;
  /** The daemon's latest measurement of it, our sign (the source minus this computer); null when not read. */
  offsetMs: number | null;
}

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
  /** Seconds since its last update; null: never updated. */
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

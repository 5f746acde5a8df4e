/**
 * This computer's time service inside a running monitor: read at most once a round, cross-checked against the
 * servers' consensus of that moment, its verdict changed through the `confirm` rule (DaemonVerdictMachine), and a
 * daemon that refuses asked again only after a long back-off. `watch` and the desktop pass only the `daemon` setting.
 */
import type { Thresholds } from '../judging/classify.js';
import type { ServerState } from '../judging/server-state.js';
import { crossCheck, DaemonVerdictMachine, type ConsensusView, type CrossCheck, type DaemonVerdict } from '../timeservice/cross-check.js';
import { daemonTarget, parseDaemonOption, type DaemonChoice } from '../timeservice/daemon-option.js';
import type { DaemonKind } from '../timeservice/daemon-view.js';
import { readDaemon, type DaemonLookup } from '../timeservice/read-daemon.js';

/** Reads the chosen daemon once (read-daemon.ts's entry point; tests inject their own). */
export type ReadDaemon = (choice: DaemonChoice, timeoutMs: number) => Promise<DaemonLookup>;

/**
 * A daemon whose refusal is the confirmed verdict is asked again only after this long: access rules change by an
 * administrator's hand, not by themselves, and asking every round would be hammering a door that says no.
 */
export const REFUSED_BACKOFF_MS = 3_600_000;

/** The time service as a face shows it: what was read last, and the confirmed verdict. */
export interface TimeServiceView {
  kind: DaemonKind;
  /** The command address asked ("127.0.0.1:323"). */
  target: string;
  /** The latest round's cross-check. */
  check: CrossCheck;
  /** The confirmed verdict ('unknown' until `confirm` rounds agreed on a first one). */
  verdict: DaemonVerdict | 'unknown';
  /** Servers in the consensus the check was made against (0 without one). */
  agree: number;
  /** When it was read (Unix ms). */
  at: number;
}

/** A confirmed change of the time service's verdict: what listeners alarm on. */
export interface TimeServiceChange {
  from: DaemonVerdict | 'unknown';
  to: DaemonVerdict;
  /** How bad the verdict was and is, on the servers' scale (unknown before the first). */
  fromState: ServerState;
  state: ServerState;
  kind: DaemonKind;
  target: string;
  /** The cross-check of the round that confirmed the change. */
  check: CrossCheck;
  agree: number;
  at: number;
}

/** What the monitor knows at the moment a read returns. */
export interface TimeServiceContext {
  consensus: ConsensusView | null;
  agree: number;
  thresholds: Thresholds;
  confirm: number;
}

export interface TimeServiceDeps {
  onChange: (change: TimeServiceChange) => void;
  read?: ReadDaemon;
  now?: () => number;
  /** Test-only: the back-off and round length scaled as the scheduler's waits are. */
  timeScale?: number;
}

export class TimeServiceWatch {
  private setting = 'none';
  private choice: DaemonChoice = { kind: 'none' };
  /** Under `auto`, the daemon found: asked by name afterwards, so that one which stops is unreachable, not gone. */
  private found: DaemonChoice | null = null;
  private machine = new DaemonVerdictMachine();
  private latest: TimeServiceView | null = null;
  private lastState: ServerState = 'unknown';
  private lastReadAt = Number.NEGATIVE_INFINITY;
  private refusedUntil = 0;
  private inFlight: Promise<void> | null = null;
  private generation = 0;

  constructor(private readonly deps: TimeServiceDeps) {}

  /**
   * Takes the `daemon` setting (`auto`, `none`, `chrony[=HOST:PORT]`...). A different one starts afresh: a new
   * daemon's verdict owes nothing to the old one's. A value this build cannot read counts as none.
   */
  configure(setting: string): void {
    if (setting === this.setting) return;
    this.setting = setting;
    this.choice = parseDaemonOption(setting) ?? { kind: 'none' };
    this.found = null;
    this.machine = new DaemonVerdictMachine();
    this.latest = null;
    this.lastState = 'unknown';
    this.lastReadAt = Number.NEGATIVE_INFINITY;
    this.refusedUntil = 0;
    this.generation++;
  }

  /** The latest read and the confirmed verdict; null when no daemon is read (none chosen, or auto found none). */
  view(): TimeServiceView | null {
    return this.latest;
  }

  /**
   * One chance to read, after a monitor result: taken when no read is under way, a round (`intervalSeconds`) has
   * passed since the last one and no refusal back-off runs. The cross-check uses `context()` as it is when the read
   * returns, so the consensus is the newest one.
   */
  maybeRead(intervalSeconds: number, timeoutMs: number, context: () => TimeServiceContext): void {
    if (this.choice.kind === 'none' || this.inFlight) return;
    const now = this.now();
    const scale = this.deps.timeScale ?? 1;
    if (now - this.lastReadAt < intervalSeconds * 1000 * scale || now < this.refusedUntil) return;
    this.lastReadAt = now;
    const generation = this.generation;
    const read = this.deps.read ?? readDaemon;
    this.inFlight = read(this.found ?? this.choice, timeoutMs)
      .then((lookup) => {
        if (generation === this.generation) this.take(lookup, context());
      })
      .catch((error: unknown) => console.error('ntp-monitor: the time service read failed:', error))
      .finally(() => (this.inFlight = null));
  }

  /** Resolves when the read under way (if any) is over: for stopping, and for tests. */
  settled(): Promise<void> {
    return this.inFlight ?? Promise.resolve();
  }

  private take(lookup: DaemonLookup, context: TimeServiceContext): void {
    if (!lookup) return;
    if (this.choice.kind === 'auto') this.found = lookup.choice;
    const at = this.now();
    const check = crossCheck(lookup.read, context.consensus, context.thresholds);
    const changed = this.machine.observe(check, context.confirm);
    const target = daemonTarget(lookup.choice);
    const kind: DaemonKind = lookup.choice.kind;
    this.latest = { kind, target, check, verdict: this.machine.verdict, agree: context.agree, at };
    if (!lookup.read.ok && lookup.read.failure.kind === 'refused' && this.machine.verdict === 'unreachable') {
      this.refusedUntil = at + REFUSED_BACKOFF_MS * (this.deps.timeScale ?? 1);
    }
    if (!changed) return;
    const fromState = this.lastState;
    this.lastState = check.state;
    this.deps.onChange({ from: changed.from, to: changed.to, fromState, state: check.state, kind, target, check, agree: context.agree, at });
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }
}

/** Worth telling someone (notification, webhook), as isAlert says of transitions: all but a first verdict that is OK. */
export function isTimeServiceAlert(change: TimeServiceChange): boolean {
  return !(change.from === 'unknown' && change.state === 'ok');
}

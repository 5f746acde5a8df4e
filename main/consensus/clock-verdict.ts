/**
 * The monitor's verdicts across servers, as state machines with the servers' `confirm` rule: this computer's clock
 * against the consensus of the servers, each server's falseticker mark, and a leap second announced. It also decides
 * which per-server offset alarms a verdict already explains (folding, see `fold` and docs/decisions.md).
 */
import type { Sample } from '../ntp/result.js';
import { classifyOffset, crossedThreshold, type Thresholds } from '../judging/classify.js';
import type { ServerState } from '../judging/server-state.js';
import { Confirmed } from '../judging/confirmed.js';
import type { Transition, VerdictDetail } from '../judging/transition.js';
import { consensusBoundMs, selectConsensus, type Selection } from './selection.js';

/** One server's latest good sample, fresh enough to vote, with its jitter over recent polls. */
export interface Voter {
  server: string;
  sample: Sample;
  jitterMs: number;
}

/** What the status window and the tray show of the verdict: plain data. */
export interface VerdictView {
  /** This computer's clock: unknown until a first verdict, then ok/warning/critical by the confirm rule. */
  state: ServerState;
  /** The latest consensus offset (positive = the servers are ahead, this computer behind); null: no verdict now. */
  consensusOffsetMs: number | null;
  /** Truechimers in the latest verdict (0 without one). */
  agree: number;
  /** Servers whose fresh samples voted. */
  voters: number;
  /** Servers watched. */
  total: number;
  /** Servers confirmed as falsetickers, in settings order. */
  falsetickers: string[];
  /** Leap second announced by a majority of the voters: 0 none, 1 insert, 2 delete (confirmed). */
  leap: 0 | 1 | 2;
  /** When the latest verdict was computed (Unix ms); undefined before the first. */
  at?: number;
}

export interface VerdictInput {
  /** Every fresh voter, in settings order. */
  voters: Voter[];
  /** Servers watched (settings.servers, in order). */
  servers: string[];
  /** The server whose result prompted this evaluation: only its falseticker mark takes a step (one per own sample). */
  from: string;
  thresholds: Thresholds;
  confirm: number;
  at: number;
}

export class ClockVerdict {
  private readonly local = new Confirmed<ServerState>('unknown');
  private readonly leap = new Confirmed<0 | 1 | 2>(0);
  private readonly marks = new Map<string, Confirmed<boolean>>();
  /** The latest selection per voting server. */
  private selection = new Map<string, Selection>();
  private latest: { consensusOffsetMs: number; agree: number; boundMs: number } | null = null;
  private voters = 0;
  private total = 0;
  private at: number | undefined;
  /** Servers polled since the last round ended: a round ends when every voter has been polled once. */
  private readonly polled = new Set<string>();
  /** Servers whose offset alarm was folded into a verdict: their later offset changes (the recovery) are folded too. */
  private readonly folded = new Map<string, 'local-clock' | 'falseticker'>();

  /**
   * One evaluation, after every result: selection over the fresh voters, then the machines take their steps. The
   * local clock and the leap second step once per round (every voter polled since the last step), so `confirm`
   * counts rounds whatever the number of servers; a falseticker mark counts only its own server's samples, so that a
   * server is never judged twice on one reply. Without a verdict nothing changes state (as a `local` failure changes
   * nothing): too few answers say nothing about this computer's clock.
   */
  observe(input: VerdictInput): Transition[] {
    const { voters, servers, from, thresholds, confirm, at } = input;
    this.forgetOthers(servers);
    this.voters = voters.length;
    this.total = servers.length;
    this.at = at;
    const verdict = selectConsensus(voters.map((v) => ({ ...v.sample, jitterMs: Math.max(v.sample.jitterMs, v.jitterMs) })));
    this.polled.add(from);
    // A round without a verdict takes no step, so it does not end: the servers heard so far still count.
    const roundEnded = verdict !== null && voters.every((v) => this.polled.has(v.server));
    if (roundEnded) this.polled.clear();
    this.selection = new Map(verdict ? voters.map((v, i) => [v.server, verdict.selection[i]!]) : []);
    this.latest = verdict
      ? { consensusOffsetMs: verdict.consensusOffsetMs, agree: verdict.truechimers, boundMs: consensusBoundMs(verdict) }
      : null;
    const transitions: Transition[] = [];
    const leapTransition = roundEnded ? this.observeLeap(voters, confirm, at) : null;
    if (leapTransition) transitions.push(leapTransition);
    if (!verdict) {
      this.local.reset();
      return transitions;
    }
    const detail = { agree: verdict.truechimers, total: voters.length };
    const wanted = classifyOffset(verdict.consensusOffsetMs, thresholds);
    const changed = roundEnded ? this.local.observe(wanted, confirm) : null;
    if (changed) {
      transitions.push({
        server: '',
        from: changed.from,
        to: wanted,
        at,
        thresholdSeconds: crossedThreshold(changed.from, wanted, thresholds),
        verdict: { reason: 'local-clock', offsetMs: verdict.consensusOffsetMs, ...detail },
      });
    }
    const voter = voters.find((v) => v.server === from);
    if (voter) {
      const mark = this.mark(from);
      const falseticker = this.selection.get(from) === 'falseticker';
      if (mark.observe(falseticker, confirm)) {
        transitions.push({
          server: from,
          from: falseticker ? 'ok' : 'warning',
          to: falseticker ? 'warning' : 'ok',
          at,
          sample: voter.sample,
          verdict: { reason: 'falseticker', offsetMs: voter.sample.offsetMs - verdict.consensusOffsetMs, ...detail },
        });
      }
    }
    return transitions;
  }

  /**
   * A server's offset change, folded when a verdict already says it: the server is a truechimer while this
   * computer's clock is in alarm or heading there (the majority moved together: one "this computer" alarm, not one
   * per server), or the server is (or is becoming) a falseticker (its own "disagrees" alarm says more). A server
   * folded once stays folded until a failure or its return to OK, so its recovery is not alerted alone either.
   * Failures and limit excesses are never folded: no verdict explains them.
   */
  fold(t: Transition): Transition {
    if (t.failure || !t.sample || (t.beyond?.length ?? 0) > 0) {
      this.folded.delete(t.server);
      return t;
    }
    const already = this.folded.get(t.server);
    const into = already ?? this.explains(t.server);
    if (!into) return t;
    if (t.to === 'ok') this.folded.delete(t.server);
    else this.folded.set(t.server, into);
    return already || t.to !== 'ok' ? { ...t, foldedInto: into } : t;
  }

  view(): VerdictView {
    const falsetickers = [...this.marks].filter(([, mark]) => mark.value).map(([server]) => server);
    return {
      state: this.local.value,
      consensusOffsetMs: this.latest?.consensusOffsetMs ?? null,
      agree: this.latest?.agree ?? 0,
      voters: this.voters,
      total: this.total,
      falsetickers,
      leap: this.leap.value,
      ...(this.at !== undefined ? { at: this.at } : {}),
    };
  }

  /**
   * The latest consensus with its error bound (the larger distance from it to the ends of the interval the majority
   * agreed on), for the time service's cross-check; null without a verdict now.
   */
  consensus(): { offsetMs: number; errorBoundMs: number; agree: number } | null {
    return this.latest ? { offsetMs: this.latest.consensusOffsetMs, errorBoundMs: this.latest.boundMs, agree: this.latest.agree } : null;
  }

  /** How the latest selection saw a server (null: it did not vote, or there was no verdict). */
  selectionOf(server: string): Selection | null {
    return this.selection.get(server) ?? null;
  }

  isFalseticker(server: string): boolean {
    return this.marks.get(server)?.value ?? false;
  }

  private explains(server: string): 'local-clock' | 'falseticker' | undefined {
    const selection = this.selection.get(server);
    const mark = this.marks.get(server);
    if (mark?.value || selection === 'falseticker') return 'falseticker';
    const heading = this.local.pending ?? this.local.value;
    if (selection === 'truechimer' && (heading === 'warning' || heading === 'critical')) return 'local-clock';
    return undefined;
  }

  /** A leap second counts when a majority of the voters announce the same one. */
  private observeLeap(voters: Voter[], confirm: number, at: number): Transition | null {
    if (voters.length === 0) return null;
    const counts = [0, 0, 0];
    for (const v of voters) if (v.sample.leap === 1 || v.sample.leap === 2) counts[v.sample.leap]! += 1;
    const announced = ([1, 2] as const).find((leap) => 2 * counts[leap]! > voters.length) ?? 0;
    const changed = this.leap.observe(announced, confirm);
    if (!changed) return null;
    const detail: VerdictDetail = { reason: 'leap', offsetMs: 0, agree: counts[announced] ?? 0, total: voters.length, leap: announced };
    return { server: '', from: announced ? 'ok' : 'warning', to: announced ? 'warning' : 'ok', at, verdict: detail };
  }

  private mark(server: string): Confirmed<boolean> {
    let mark = this.marks.get(server);
    if (!mark) this.marks.set(server, (mark = new Confirmed<boolean>(false)));
    return mark;
  }

  /** Servers no longer watched leave no mark behind. */
  private forgetOthers(servers: string[]): void {
    for (const server of [...this.marks.keys()]) if (!servers.includes(server)) this.marks.delete(server);
    for (const server of [...this.folded.keys()]) if (!servers.includes(server)) this.folded.delete(server);
    for (const server of [...this.polled]) if (!servers.includes(server)) this.polled.delete(server);
  }
}

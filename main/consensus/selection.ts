/**
 * Which servers tell the time and which do not (RFC 5905 11.2.1, Marzullo's algorithm as amended), and the
 * consensus offset of those that do (11.2.3). Pure: the caller measures, this decides.
 */
import { LOCAL_PRECISION_MS } from '../ntp/reply.js';
import { rootDistanceMs, type Spread } from '../sample/root-distance.js';
import { MIN_CANDIDATES } from '../settings/settings.js';

/** What selection needs of one server's answer (a Sample has all of it): its offset and what spreads it. */
export interface Candidate extends Spread {
  offsetMs: number;
}

export type Selection = 'truechimer' | 'falseticker';

export interface Verdict {
  /** Per candidate, in the order given. */
  selection: Selection[];
  /**
   * The combined truechimers' offsets weighted by 1 / root distance (positive = servers ahead of us, this computer
   * behind). Always inside [low, high], so inside the range the honest majority's own intervals allow.
   */
  consensusOffsetMs: number;
  /** Truechimers whose offsets lie inside [low, high]: the ones combined into the consensus. */
  combined: number;
  /** The interval a majority of correctness intervals reach. */
  low: number;
  high: number;
  truechimers: number;
  /** How many falsetickers the search had to allow before a majority agreed. */
  allowed: number;
}

/** How far the consensus may be from the truth: the larger distance from it to the ends of [low, high]. */
export function consensusBoundMs(verdict: Pick<Verdict, 'consensusOffsetMs' | 'low' | 'high'>): number {
  return Math.max(verdict.high - verdict.consensusOffsetMs, verdict.consensusOffsetMs - verdict.low);
}

/** An interval's edge; at equal values a lower edge sorts first, so intervals that touch count as overlapping. */
interface Edge {
  value: number;
  /** +1 opens an interval, -1 closes one. */
  step: 1 | -1;
}

/**
 * Marzullo as amended: for f = 0, 1, ... while m - f is still a majority, find the lowest point and the highest
 * point each covered by at least m - f correctness intervals; the first f for which low <= high decides.
 * Candidates whose intervals do not reach [low, high] are falsetickers. Fewer than 3 candidates, or no majority:
 * null, never a guess. (RFC 5905's listing also counts midpoints outside the interval; ntpd 4.2.8 dropped that
 * test, which can refuse a verdict that a plain majority supports; see docs/decisions.md.)
 */
export function selectConsensus(candidates: readonly Candidate[], clientPrecisionMs = LOCAL_PRECISION_MS): Verdict | null {
  const m = candidates.length;
  if (m < MIN_CANDIDATES || candidates.some((c) => !isUsable(c))) return null;
  const lambdas = candidates.map((c) => rootDistanceMs(c, clientPrecisionMs));
  const edges: Edge[] = candidates.flatMap((c, i) => [
    { value: c.offsetMs - lambdas[i]!, step: 1 as const },
    { value: c.offsetMs + lambdas[i]!, step: -1 as const },
  ]);
  edges.sort((a, b) => a.value - b.value || b.step - a.step);

  for (let allowed = 0; 2 * allowed < m; allowed++) {
    const needed = m - allowed;
    const low = firstCovered(edges, needed, 1);
    const high = firstCovered([...edges].reverse(), needed, -1);
    if (low === undefined || high === undefined || low > high) continue;
    const selection = candidates.map((c, i): Selection =>
      c.offsetMs + lambdas[i]! < low || c.offsetMs - lambdas[i]! > high ? 'falseticker' : 'truechimer',
    );
    const { offsetMs, combined } = combine(candidates, lambdas, selection, low, high);
    return { selection, consensusOffsetMs: offsetMs, combined, low, high, truechimers: count(selection), allowed };
  }
  return null;
}

/** Walks the edges in order (`direction` 1: upwards, -1: downwards) to the first point `needed` intervals cover. */
function firstCovered(edges: readonly Edge[], needed: number, direction: 1 | -1): number | undefined {
  let covering = 0;
  for (const edge of edges) {
    covering += edge.step * direction;
    if (covering >= needed) return edge.value;
  }
  return undefined;
}

/**
 * RFC 5905 11.2.3's combine, over the truechimers whose offsets lie inside [low, high] only (our equivalent of the
 * cluster step, decision 28): a truechimer with a wide interval reaches the intersection from far away, and its
 * offset must not pull the consensus there. Weighted by 1 / lambda, so the tighter a server's bound the more it
 * counts. When no offset lies inside, the middle of [low, high] (Marzullo's own answer).
 */
function combine(candidates: readonly Candidate[], lambdas: readonly number[], selection: readonly Selection[], low: number, high: number): { offsetMs: number; combined: number } {
  let weighted = 0;
  let weights = 0;
  let combined = 0;
  candidates.forEach((c, i) => {
    if (selection[i] !== 'truechimer' || c.offsetMs < low || c.offsetMs > high) return;
    weighted += c.offsetMs / lambdas[i]!;
    weights += 1 / lambdas[i]!;
    combined += 1;
  });
  // Clamped: a float sum of values inside [low, high] may land an ulp outside it.
  return combined === 0 ? { offsetMs: (low + high) / 2, combined } : { offsetMs: Math.min(high, Math.max(low, weighted / weights)), combined };
}

function count(selection: readonly Selection[]): number {
  return selection.filter((s) => s === 'truechimer').length;
}

/** A non-finite or negative figure would make the interval meaningless; such a set gets no verdict. */
function isUsable(c: Candidate): boolean {
  const figures = [c.offsetMs, c.delayMs, c.rootDelayMs, c.rootDispersionMs, c.jitterMs ?? 0];
  return figures.every(Number.isFinite) && c.delayMs >= 0 && c.rootDelayMs >= 0 && c.rootDispersionMs >= 0 && (c.jitterMs ?? 0) >= 0;
}

/** How offsets are said: signed numbers keep RFC 5905's sign (server minus this computer), verdicts are said in words. */
import type { VerdictView } from '../consensus/clock-verdict.js';
import { translate, type Language } from './translate.js';

/** "1.204 s", "12.3 ms", "0.239 ms": the size of an offset, unsigned, in the unit a person reads at a glance. */
export function formatAmount(offsetMs: number): string {
  const abs = Math.abs(offsetMs);
  if (abs < 1) return `${abs.toFixed(3)} ms`;
  if (abs < 1000) return `${abs.toFixed(1)} ms`;
  return `${(abs / 1000).toFixed(3)} s`;
}

/** "+12.3 ms", "-1.204 s": a server's offset from this computer (positive: the server is ahead, as ntpdate prints). */
export function formatOffset(offsetMs: number): string {
  return `${offsetMs < 0 ? '-' : '+'}${formatAmount(offsetMs)}`;
}

/** Which way a clock is off from another one; `level` when the difference shows as zero at formatAmount's precision. */
export type Direction = 'ahead' | 'behind' | 'level';

/** The direction of a clock whose offset from another one is `offsetMs` (positive: it is ahead). */
export function direction(offsetMs: number): Direction {
  if (formatAmount(offsetMs) === formatAmount(0)) return 'level';
  return offsetMs > 0 ? 'ahead' : 'behind';
}

const VERDICT_KEYS = {
  ahead: 'verdict.this-computer-ahead',
  behind: 'verdict.this-computer-behind',
  level: 'verdict.this-computer-level',
} as const satisfies Record<Direction, string>;

/**
 * The verdict on this computer, in words: "This computer is 2.500 s behind (3 of 4 servers agree)". The consensus
 * offset is the servers' (positive: they are ahead), so this computer is behind when it is positive.
 */
export function thisComputerWords(consensusOffsetMs: number, agree: number, total: number, lang: Language): string {
  return translate(lang, VERDICT_KEYS[direction(-consensusOffsetMs)], { amount: formatAmount(consensusOffsetMs), agree, total });
}

const SERVER_KEYS = {
  'this-computer': { ahead: 'relation.ahead-of-this-computer', behind: 'relation.behind-this-computer', level: 'relation.level-with-this-computer' },
  consensus: { ahead: 'relation.ahead-of-consensus', behind: 'relation.behind-consensus', level: 'relation.level-with-consensus' },
} as const satisfies Record<string, Record<Direction, string>>;

/** What a server's clock is compared with: this computer's clock, or the other servers' consensus. */
export type Reference = keyof typeof SERVER_KEYS;

/** A server's offset in words: "2.498 s ahead of this computer", "150.2 ms behind their consensus". */
export function serverWords(offsetMs: number, reference: Reference, lang: Language): string {
  return translate(lang, SERVER_KEYS[reference][direction(offsetMs)], { amount: formatAmount(offsetMs) });
}

/**
 * "This computer is 2.500 s behind (3 of 4 servers agree)", or "This computer: no verdict (2 answering, 3 needed)";
 * a leap second announced adds a line.
 */
export function verdictLines(verdict: VerdictView, lang: Language): string[] {
  const first =
    verdict.consensusOffsetMs === null
      ? translate(lang, 'tray.no-verdict', { count: verdict.voters })
      : thisComputerWords(verdict.consensusOffsetMs, verdict.agree, verdict.voters, lang);
  const leap = verdict.leap === 1 ? [translate(lang, 'tray.leap-insert')] : verdict.leap === 2 ? [translate(lang, 'tray.leap-delete')] : [];
  return [first, ...leap];
}

/** One row of the history: what a poll of one server gave, the state the server was in after it, and why. */
import type { VerdictView } from '../consensus/clock-verdict.js';
import { failureWords } from '../i18n/failure-words.js';
import type { Language } from '../i18n/translate.js';
import type { FailureKind } from '../ntp/result.js';
import type { ResultEvent } from '../judging/events.js';
import type { ServerState } from '../judging/server-state.js';

export interface HistoryRow {
  /** Unix ms: when the reply, or the failure, came. */
  at: number;
  server: string;
  /** The server's state after this result. */
  state: ServerState;
  ok: boolean;
  /** RFC 5905 sign: positive when the server is ahead of this computer. Null for a failure. */
  offsetMs: number | null;
  delayMs: number | null;
  /** RMS of the burst's other offsets around the one kept (0 for a single query); null for a failure. */
  jitterMs: number | null;
  stratum: number | null;
  errorKind: FailureKind | null;
  errorMessage: string | null;
  // Why (schema 2): null where not recorded, in rows written before it or without a monitor's verdict.
  /** How the latest selection across servers saw this server; null when it did not vote or there was none. */
  selection: 'truechimer' | 'falseticker' | null;
  /** Confirmed falseticker (the mark its alarm fires on), after this result. */
  falseticker: boolean | null;
  /** A sample: authenticated with NTS (RFC 8915) or plain NTP. Null for a failure. */
  authenticated: boolean | null;
  /** The verdict on this computer's clock after this result (unknown until the servers give one). */
  clockState: ServerState | null;
  /** The servers' consensus minus this computer (positive: this computer is behind); null: no verdict then. */
  consensusOffsetMs: number | null;
  /** A failure's detail as a code: the kiss code, the errno, the failed check (see `Failure.code`). */
  errorCode: string | null;
}

/**
 * The row for a monitor result, with the verdict across servers as it stood after it (when a monitor gave one); a
 * failure's words are stored in `lang`, the language the user reads the history in.
 */
export function rowFromEvent(event: ResultEvent, lang: Language, verdict?: VerdictView): HistoryRow {
  const { result, status } = event;
  const common = {
    server: event.server,
    state: status.state,
    selection: status.selection ?? null,
    falseticker: status.falseticker ?? null,
    clockState: verdict?.state ?? null,
    consensusOffsetMs: verdict?.consensusOffsetMs ?? null,
  };
  if (result.ok) {
    const s = result.sample;
    return {
      ...common, at: s.at, ok: true, offsetMs: s.offsetMs, delayMs: s.delayMs, jitterMs: s.jitterMs, stratum: s.stratum,
      errorKind: null, errorMessage: null, authenticated: s.authenticated === true, errorCode: null,
    };
  }
  const f = result.failure;
  return {
    ...common, at: f.at, ok: false, offsetMs: null, delayMs: null, jitterMs: null, stratum: null,
    errorKind: f.kind, errorMessage: failureWords(f, lang), authenticated: null, errorCode: f.code ?? null,
  };
}

/** One row of the history: what a poll of one server gave, and the state the server was in after it. */
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
}

/** The row for a scheduler result; a failure's words are stored in `lang`, the language the user reads the history in. */
export function rowFromEvent(event: ResultEvent, lang: Language): HistoryRow {
  const { result, status } = event;
  const common = { server: event.server, state: status.state };
  if (result.ok) {
    const s = result.sample;
    return { ...common, at: s.at, ok: true, offsetMs: s.offsetMs, delayMs: s.delayMs, jitterMs: s.jitterMs, stratum: s.stratum, errorKind: null, errorMessage: null };
  }
  const f = result.failure;
  return { ...common, at: f.at, ok: false, offsetMs: null, delayMs: null, jitterMs: null, stratum: null, errorKind: f.kind, errorMessage: failureWords(f, lang) };
}

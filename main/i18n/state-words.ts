/** The words for states and failure kinds, looked up through typed maps so that a missing text fails to compile. */
import { translate, type Language, type MessageKey } from './translate.js';
import type { FailureKind } from '../ntp/result.js';
import type { ServerState } from '../judging/server-state.js';

/** What the tray icon and the status window headline can show: a server state, or monitoring paused. */
export type ShownState = ServerState | 'paused';

const STATE_KEYS: Record<ShownState, MessageKey> = {
  unknown: 'state.unknown',
  ok: 'state.ok',
  warning: 'state.warning',
  critical: 'state.critical',
  unreachable: 'state.unreachable',
  paused: 'state.paused',
};

/**
 * The word for a state: "CRITICAL", "UNREACHABLE". A server that answers but says its own clock is not synchronized
 * is a failure to the state machine (unknown, then unreachable), yet it is reachable: it is called UNSYNCHRONIZED.
 */
export function stateWord(state: ShownState, lang: Language, failureKind?: FailureKind): string {
  const failed = state === 'unreachable' || state === 'unknown';
  if (failed && failureKind === 'unsynchronized') return translate(lang, 'state.unsynchronized');
  return translate(lang, STATE_KEYS[state]);
}

const FAILURE_KIND_KEYS: Record<FailureKind, MessageKey> = {
  timeout: 'status.kind-timeout',
  dns: 'status.kind-dns',
  unreachable: 'status.kind-unreachable',
  kod: 'status.kind-kod',
  unsynchronized: 'status.kind-unsynchronized',
  bogus: 'status.kind-bogus',
  'invalid-address': 'status.kind-invalid-address',
  local: 'status.kind-local',
  'nts-ke': 'status.kind-nts-ke',
  'nts-auth': 'status.kind-nts-auth',
};

/** A failure kind's short name: "timeout", "NTS key exchange". */
export function failureKindWord(kind: FailureKind, lang: Language): string {
  return translate(lang, FAILURE_KIND_KEYS[kind]);
}

/** The states a server can be in, and how bad each is: the vocabulary of the state machines, the tray and the CLI. */

/** Every state, in the order metrics list them. */
export const STATES = ['unknown', 'ok', 'warning', 'critical', 'unreachable'] as const;
/** One server's verdict: not yet known, within thresholds, beyond one of them, or not answering. */
export type ServerState = (typeof STATES)[number];

/** How bad a state is, for "worst of all servers" (tray colour, exit codes). */
export const SEVERITY: Record<ServerState, number> = { ok: 0, unknown: 1, warning: 2, unreachable: 3, critical: 4 };

/** The worst of the given states; 'unknown' when there are none. Generic, so a subset (check's states) stays one. */
export function worstState<S extends ServerState>(states: Iterable<S>): S | 'unknown' {
  let worst: S | 'unknown' = 'unknown';
  let any = false;
  for (const state of states) {
    if (!any || SEVERITY[state] > SEVERITY[worst]) worst = state;
    any = true;
  }
  return any ? worst : 'unknown';
}

/**
 * The state a server is shown and exported in: its own, but WARNING while it is a confirmed falseticker with an
 * offset state (ok, warning or critical). The majority says that server is wrong, not this computer, so every face
 * says the same word: `check`, the webhook (its alarm is folded into the falseticker one), the tray, the status
 * window and ntp_monitor_state (decision 28).
 */
export function shownState(own: ServerState, falseticker: boolean): ServerState {
  return falseticker && (own === 'ok' || own === 'warning' || own === 'critical') ? 'warning' : own;
}

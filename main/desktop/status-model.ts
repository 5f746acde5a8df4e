/** What the status window's live table shows, as plain data built from the scheduler's statuses (no Electron here). */
import { selectConsensus } from '../consensus/selection.js';
import type { ServerRow, StatusView } from '../contract.js';
import type { Language } from '../i18n/translate.js';
import type { ServerStatus } from '../scheduler/scheduler.js';
import type { Settings } from '../settings/settings.js';

/** One row: the last good measurement, and the last failure when the latest poll failed. */
export function serverRow(status: ServerStatus): ServerRow {
  const row: ServerRow = { server: status.server, state: status.state };
  const sample = status.lastSample;
  if (sample) {
    Object.assign(row, { offsetMs: sample.offsetMs, delayMs: sample.delayMs, jitterMs: sample.jitterMs, stratum: sample.stratum, refId: sample.refId });
  }
  if (status.lastCheckAt !== undefined) row.lastCheckAt = status.lastCheckAt;
  const last = status.lastResult;
  if (last && !last.ok) row.failure = { kind: last.failure.kind, message: last.failure.message };
  return row;
}

/** What the view is built from. */
export interface StatusInput {
  statuses: ServerStatus[];
  settings: Settings;
  paused: boolean;
  language: Language;
  historyAvailable: boolean;
}

/**
 * The table and, when at least three servers answered their latest poll, clock selection over those answers (as
 * `check` does): each is marked truechimer or falseticker, and the truechimers' consensus is the verdict on this
 * computer's clock. A server whose latest poll failed does not vote with an older sample.
 */
export function statusView(input: StatusInput): StatusView {
  const rows = input.statuses.map(serverRow);
  const voters = input.statuses.flatMap((status, i) => (status.lastResult?.ok ? [{ row: rows[i]!, sample: status.lastResult.sample }] : []));
  const verdict = selectConsensus(voters.map((v) => v.sample));
  if (verdict) voters.forEach((voter, i) => (voter.row.selection = verdict.selection[i]));
  return {
    servers: rows,
    ...(verdict ? { consensus: { offsetMs: verdict.consensusOffsetMs, truechimers: verdict.truechimers } } : {}),
    warningMs: input.settings.warningSeconds * 1000,
    criticalMs: input.settings.criticalSeconds * 1000,
    paused: input.paused,
    language: input.language,
    historyAvailable: input.historyAvailable,
  };
}

/** What the status window's live table and verdict line show, as plain data built from the monitor's view (no Electron here). */
import type { VerdictView } from '../../consensus/clock-verdict.js';
import type { ServerRow, StatusView } from '../../contract.js';
import { failureWords } from '../../i18n/failure-words.js';
import type { Language } from '../../i18n/translate.js';
import type { ServerStatus } from '../../judging/events.js';
import { shownState } from '../../judging/server-state.js';
import type { Settings } from '../../settings/settings.js';
import type { TimeServiceView } from '../../monitor/time-service.js';
import { timeServicePanel } from './time-service-view.js';
import { trayIconState } from '../tray/tray-model.js';

/**
 * One row: the last good measurement, the last failure when the latest poll failed, and how the monitor's verdict
 * sees the server. Jitter is the one selection used: the larger of the burst's and the monitor's over recent polls;
 * absent (unknown, not 0) while there is one reply to go by: one burst reply and fewer than two polls.
 */
export function serverRow(status: ServerStatus, lang: Language): ServerRow {
  const row: ServerRow = { server: status.server, state: shownState(status.state, status.falseticker ?? false), falseticker: status.falseticker ?? false };
  const sample = status.lastSample;
  if (sample) {
    Object.assign(row, { offsetMs: sample.offsetMs, delayMs: sample.delayMs, stratum: sample.stratum, refId: sample.refId });
    if (sample.samples >= 2 || (status.jitterPolls ?? 0) >= 2) row.jitterMs = Math.max(sample.jitterMs, status.jitterMs ?? 0);
  }
  if (status.lastCheckAt !== undefined) row.lastCheckAt = status.lastCheckAt;
  const last = status.lastResult;
  if (last && !last.ok) row.failure = { kind: last.failure.kind, message: failureWords(last.failure, lang) };
  if (status.selection) row.selection = status.selection;
  return row;
}

/** What the view is built from: the monitor's statuses and verdict (the ones it alarms on), never a second opinion. */
export interface StatusInput {
  statuses: ServerStatus[];
  verdict: VerdictView;
  settings: Settings;
  paused: boolean;
  language: Language;
  historyAvailable: boolean;
  snoozedUntil?: number;
  /** The time service as the monitor last read it (monitor.timeService()). */
  timeService?: TimeServiceView | null;
}

/** The table's rows and the monitor's verdict, passed through as the monitor has it. */
export function statusView(input: StatusInput): StatusView {
  return {
    servers: input.statuses.map((status) => serverRow(status, input.language)),
    verdict: input.verdict,
    overall: trayIconState(input.statuses, input.paused, input.verdict),
    warningMs: input.settings.warningSeconds * 1000,
    criticalMs: input.settings.criticalSeconds * 1000,
    paused: input.paused,
    language: input.language,
    historyAvailable: input.historyAvailable,
    timeService: timeServicePanel(input.timeService ?? null, input.language),
    ...(input.snoozedUntil !== undefined && { snoozedUntil: input.snoozedUntil }),
  };
}

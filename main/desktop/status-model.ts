/** What the status window's live table shows, as plain data built from the scheduler's statuses (no Electron here). */
import type { ServerRow, StatusView } from '../contract.js';
import type { Language } from '../i18n/translate.js';
import type { Sample } from '../sample/sample.js';
import type { ServerStatus } from '../scheduler/scheduler.js';
import type { Settings } from '../settings/settings.js';

/** One row: the last good measurement, and the last failure when the latest poll failed. */
export function serverRow(status: ServerStatus): ServerRow {
  const row: ServerRow = { server: status.server, state: status.state };
  const sample = status.lastSample;
  if (sample) {
    Object.assign(row, { offsetMs: sample.offsetMs, delayMs: sample.delayMs, stratum: sample.stratum, refId: sample.refId });
    const jitter = jitterOf(sample);
    if (jitter !== undefined) row.jitterMs = jitter;
  }
  if (status.lastCheckAt !== undefined) row.lastCheckAt = status.lastCheckAt;
  const last = status.lastResult;
  if (last && !last.ok) row.failure = { kind: last.failure.kind, message: last.failure.message };
  return row;
}

/** Jitter arrives with issue 10's bursts as `Sample.jitterMs`; until then samples carry none and the cell says so. */
function jitterOf(sample: Sample): number | undefined {
  const jitter = (sample as Sample & { jitterMs?: unknown }).jitterMs;
  return typeof jitter === 'number' && Number.isFinite(jitter) ? jitter : undefined;
}

export interface StatusInput {
  statuses: ServerStatus[];
  settings: Settings;
  paused: boolean;
  language: Language;
  historyAvailable: boolean;
}

export function statusView(input: StatusInput): StatusView {
  return {
    servers: input.statuses.map(serverRow),
    warningMs: input.settings.warningSeconds * 1000,
    criticalMs: input.settings.criticalSeconds * 1000,
    paused: input.paused,
    language: input.language,
    historyAvailable: input.historyAvailable,
  };
}

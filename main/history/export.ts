/** The history as text for other programs: CSV (RFC 4180) or JSON lines, one row at a time. */
import { printable } from '../i18n/display.js';
import type { HistoryRow } from './rows.js';

/** The columns of schema 2 (why) come after the first eight, so a consumer of the older header keeps its positions. */
export const CSV_HEADER = 'at,server,state,offsetMs,delayMs,jitterMs,stratum,error,selection,falseticker,authenticated,clockState,consensusOffsetMs,errorKind,errorCode';

/**
 * One CSV record with its CRLF. Text from servers and users goes through printable() first: CSV files are read in
 * terminals and spreadsheets, where a raw control or bidi character could forge what is shown.
 */
export function csvRecord(row: HistoryRow): string {
  const error = row.errorKind ? `${row.errorKind}: ${row.errorMessage ?? ''}` : '';
  const fields = [
    iso(row.at), printable(row.server), row.state, micro(row.offsetMs), micro(row.delayMs), micro(row.jitterMs), row.stratum?.toString() ?? '', printable(error),
    row.selection ?? '', row.falseticker?.toString() ?? '', row.authenticated?.toString() ?? '', row.clockState ?? '', micro(row.consensusOffsetMs),
    row.errorKind ?? '', printable(row.errorCode ?? ''),
  ];
  return fields.map(csvField).join(',') + '\r\n';
}

/** RFC 4180: a field holding a comma, a quote or a line break is quoted, its quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * One JSON object per line; JSON's own escaping keeps every value exact and the line whole. The keys of schema 2
 * come last, and the failure's code joins its error object (null where none was given or recorded).
 */
export function jsonLine(row: HistoryRow): string {
  const { at, server, state, ok, offsetMs, delayMs, jitterMs, stratum, errorKind, errorMessage, errorCode } = row;
  const error = errorKind ? { kind: errorKind, message: errorMessage ?? '', code: errorCode } : null;
  const { selection, falseticker, authenticated, clockState } = row;
  const why = { selection, falseticker, authenticated, clockState, consensusOffsetMs: round(row.consensusOffsetMs) };
  return JSON.stringify({ at: iso(at), server, state, ok, offsetMs: round(offsetMs), delayMs: round(delayMs), jitterMs: round(jitterMs), stratum, error, ...why }) + '\n';
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Milliseconds to the microsecond, all an NTP exchange over a network can honestly claim (as the sample log). */
function round(ms: number | null): number | null {
  return ms === null ? null : Math.round(ms * 1000) / 1000;
}

function micro(ms: number | null): string {
  return ms === null ? '' : String(round(ms));
}

/**
 * What the status window's IPC channels do. Every request is checked here before the history is touched: a named
 * range or a bounded from/to, configured servers only, and a point budget capped whatever width the window claims.
 * No Electron: ipc.ts registers these after checking the sender; the browser tests drive the same functions.
 */
import { open } from 'node:fs/promises';
import {
  CHART_RANGES,
  MAX_CHART_POINTS,
  SNOOZE_CHOICES,
  STATUS_CHANNELS,
  type ChartRangeName,
  type ExportResponse,
  type Series,
  type SeriesResponse,
  type CheckResponse,
  type SnoozeRequest,
  type SnoozeResponse,
  type StatusChannelTypes,
  type StatusView,
} from '../../contract.js';
import { CSV_HEADER, csvRecord } from '../../history/export.js';
import type { ChartRange, HistoryReader } from '../../history/reader.js';
import { quote } from '../../settings/validate.js';
import type { StatusProblem as Problem } from '../../contract.js';

/** The longest span a chart or an export covers: the longest named range. */
export const MAX_SPAN_MS = CHART_RANGES['30d'];
/** A zoomed span may end a little after "now": the window's clock and main's are read at different moments. */
const FUTURE_SLACK_MS = 60_000;
/** The shortest zoom: below a second there is nothing left to read on the axis. */
const MIN_SPAN_MS = 1000;

/**
 * The part of the history the status window reads: chart series (in the desktop from the history's reader thread, so
 * a month's series never holds the polling thread) and rows streamed for an export.
 */
export interface HistorySource {
  series(range: ChartRange): Series[] | Promise<Series[]>;
  rows: HistoryReader['rows'];
}

/** What the handlers need from the running app; the browser tests give their own. */
export interface StatusHost {
  view(): StatusView;
  /** The configured servers, as written in the settings: the only ones a request may name. */
  servers(): string[];
  /** The history to read, or undefined while history is off. */
  history(): Promise<HistorySource | undefined>;
  now(): number;
  /** Asks the user where to save (a save dialog); undefined when they cancel. */
  chooseFile(defaultName: string): Promise<string | undefined>;
  openSettings(): void;
  /** Snoozes notifications, or ('off') turns them back on. */
  snooze(request: SnoozeRequest): void;
  /**
   * Checks every server now, or the one named (the tray's "Check now" takes the same path); resolves once answered,
   * false when the named server was not asked (it refused us: no query until the settings change).
   */
  check(server?: string): Promise<boolean>;
  /** Builds the diagnostic summary and puts it on the clipboard; returns the text. */
  copyDiagnostics(): string;
}

/** One handler per status channel, typed by the contract. */
export type StatusIpcHandlers = {
  [K in keyof StatusChannelTypes]: (...args: StatusChannelTypes[K]['request']) => Promise<StatusChannelTypes[K]['response']>;
};

/** A checked request: what the history is asked for. */
export interface Span {
  from: number;
  to: number;
  servers: string[];
}

type Checked<T> = { ok: true; value: T } | { ok: false; errors: Problem[] };

const problem = (path: string, key: Problem['key'], params: Problem['params'] = {}): Problem => ({ path, key, params });
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Checks a chart or export request's span and servers against what is allowed and configured. */
export function checkSpan(payload: unknown, configured: string[], now: number): Checked<Span> {
  if (!isRecord(payload)) return { ok: false, errors: [problem('request', 'status.bad-request')] };
  const errors: Problem[] = [];
  let from = 0;
  let to = 0;
  if ('range' in payload) {
    const range = payload.range;
    if (typeof range === 'string' && Object.hasOwn(CHART_RANGES, range)) {
      to = now;
      from = now - CHART_RANGES[range as ChartRangeName];
    } else {
      errors.push(problem('range', 'status.bad-range', { value: quote(range).slice(0, 40), accepted: Object.keys(CHART_RANGES).join(', ') }));
    }
  } else if (Number.isSafeInteger(payload.from) && Number.isSafeInteger(payload.to)) {
    from = payload.from as number;
    to = payload.to as number;
    if (!(to - from >= MIN_SPAN_MS && to - from <= MAX_SPAN_MS && to <= now + FUTURE_SLACK_MS)) {
      errors.push(problem('range', 'status.bad-span', { days: MAX_SPAN_MS / 86_400_000 }));
    }
  } else {
    errors.push(problem('range', 'status.bad-span', { days: MAX_SPAN_MS / 86_400_000 }));
  }
  const servers = checkServers(payload.servers, configured, errors);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: { from, to, servers } };
}

function checkServers(value: unknown, configured: string[], errors: Problem[]): string[] {
  if (value === undefined) return configured;
  if (!Array.isArray(value) || value.length > configured.length) {
    errors.push(problem('servers', 'status.bad-servers', { known: configured.join(', ') }));
    return [];
  }
  for (const server of value) {
    if (typeof server !== 'string' || !configured.includes(server)) {
      errors.push(problem('servers', 'status.unknown-server', { server: quote(server).slice(0, 200), known: configured.join(', ') }));
    }
  }
  return value as string[];
}

/** The bucket budget: the plot's width in pixels, never more than MAX_CHART_POINTS. */
export function checkWidth(payload: unknown): Checked<number> {
  const width = isRecord(payload) ? payload.width : undefined;
  if (typeof width !== 'number' || !Number.isFinite(width) || width < 1) {
    return { ok: false, errors: [problem('width', 'status.bad-width', { max: MAX_CHART_POINTS })] };
  }
  return { ok: true, value: Math.min(Math.floor(width), MAX_CHART_POINTS) };
}

/** The status channels' handlers: load, series, export, open settings. */
export function createStatusHandlers(host: StatusHost): StatusIpcHandlers {
  return {
    [STATUS_CHANNELS.load]: async () => host.view(),
    [STATUS_CHANNELS.series]: async (payload): Promise<SeriesResponse> => {
      const span = checkSpan(payload, host.servers(), host.now());
      const width = checkWidth(payload);
      if (!span.ok || !width.ok) return { ok: false, errors: [...(span.ok ? [] : span.errors), ...(width.ok ? [] : width.errors)] };
      const history = await host.history();
      if (!history) return { ok: false, errors: [problem('history', 'status.no-history')] };
      const { from, to, servers } = span.value;
      // No servers configured: nothing to draw (the reader reads "no filter" as every server in the file).
      try {
        const series = servers.length === 0 ? [] : await history.series({ from, to, servers, budget: width.value });
        return { ok: true, from, to, series };
      } catch (error) {
        // A file replaced or damaged under the reader: said in the window, never an exception across IPC.
        return { ok: false, errors: [problem('history', 'status.read-failed', { reason: (error as Error).message })] };
      }
    },
    [STATUS_CHANNELS.exportCsv]: async (payload): Promise<ExportResponse> => {
      const span = checkSpan(payload, host.servers(), host.now());
      if (!span.ok) return { ok: false, errors: span.errors };
      const history = await host.history();
      if (!history) return { ok: false, errors: [problem('history', 'status.no-history')] };
      const file = await host.chooseFile(exportName(span.value));
      if (file === undefined) return { ok: false, canceled: true };
      try {
        return { ok: true, file, rows: await writeCsv(file, history, span.value) };
      } catch (error) {
        return { ok: false, errors: [problem('export', 'status.export-failed', { file, reason: (error as Error).message })] };
      }
    },
    [STATUS_CHANNELS.openSettings]: async () => host.openSettings(),
    [STATUS_CHANNELS.snooze]: async (payload): Promise<SnoozeResponse> => {
      const accepted: readonly unknown[] = [...SNOOZE_CHOICES, 'off'];
      if (!accepted.includes(payload)) return { ok: false, errors: [problem('snooze', 'status.bad-snooze', { value: quote(payload).slice(0, 40), accepted: accepted.join(', ') })] };
      host.snooze(payload as SnoozeRequest);
      return { ok: true, view: host.view() };
    },
    [STATUS_CHANNELS.checkNow]: async (payload): Promise<CheckResponse> => {
      const server = checkTarget(payload, host.view().servers.map((row) => row.server));
      if (!server.ok) return server;
      if (!(await host.check(server.value))) return { ok: false, errors: [problem('server', 'status.not-checked', { server: server.value ?? '' })] };
      return { ok: true, view: host.view() };
    },
    [STATUS_CHANNELS.copyDiagnostics]: async () => ({ ok: true, text: host.copyDiagnostics() }),
  };
}

/**
 * What "Check now" may name: nothing (every server) or one of the rows on show (a pool's member by its address, as
 * its row names it). Anything else is refused with what is accepted.
 */
export function checkTarget(payload: unknown, shown: string[]): Checked<string | undefined> {
  if (!isRecord(payload)) return { ok: false, errors: [problem('request', 'status.bad-check')] };
  if (payload.server === undefined) return { ok: true, value: undefined };
  if (typeof payload.server === 'string' && shown.includes(payload.server)) return { ok: true, value: payload.server };
  return { ok: false, errors: [problem('server', 'status.unknown-server', { server: quote(payload.server).slice(0, 200), known: shown.join(', ') })] };
}

/** ntp-monitor-20261124T0700-20261124T0800.csv: the span in UTC, so files of different ranges never collide. */
export function exportName(span: Span): string {
  const stamp = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace(/[-:]/g, '');
  return `ntp-monitor-${stamp(span.from)}-${stamp(span.to)}.csv`;
}

/** Writes the header and every row of the span, in chunks (a month of ten servers is 400,000 rows); returns the count. */
async function writeCsv(file: string, history: HistorySource, span: Span): Promise<number> {
  const handle = await open(file, 'w');
  let rows = 0;
  try {
    let chunk = `${CSV_HEADER}\r\n`;
    if (span.servers.length > 0) {
      for (const row of history.rows(span)) {
        chunk += csvRecord(row);
        rows++;
        if (chunk.length >= 64 * 1024) {
          await handle.write(chunk);
          chunk = '';
        }
      }
    }
    await handle.write(chunk);
  } finally {
    await handle.close();
  }
  return rows;
}

/**
 * The one contract between the main process, the preload and the two windows (settings, status): channel names, what
 * each carries and what the preload exposes as `window.ntpMonitor`. Type-only imports besides a few constants, so
 * bundling it pulls in no engine code.
 */
import type { VerdictView } from './consensus/clock-verdict.js';
import type { Language, MessageKey } from './i18n/translate.js';
import type { FailureKind, QueryResult } from './ntp/result.js';
import type { Settings } from './settings/settings.js';
import type { Problem } from './settings/validate.js';
import type { ServerState } from './judging/server-state.js';
import type { ShownState } from './i18n/state-words.js';

/** A chart's series, drawn by the status window from the history thread: one time bucket of one server: min and max, so that a spike inside the bucket still shows on the chart. */
export interface SeriesBucket {
  /** Start of the bucket, Unix ms. */
  at: number;
  offsetMin: number | null;
  offsetMax: number | null;
  delayMin: number | null;
  delayMax: number | null;
  /** Good samples in the bucket. */
  samples: number;
  /** Failures in the bucket: drawn as marks. */
  failures: number;
  /** The kinds of those failures, e.g. ["timeout"]. */
  failureKinds: FailureKind[];
}

export interface Series {
  server: string;
  buckets: SeriesBucket[];
}

/** The settings window's calls; main answers only the settings window on these. */
export const SETTINGS_CHANNELS = {
  load: 'ntp-monitor:load',
  save: 'ntp-monitor:save',
  test: 'ntp-monitor:test',
  close: 'ntp-monitor:close',
  chooseCa: 'ntp-monitor:choose-ca',
  unsaved: 'ntp-monitor:unsaved',
} as const;

/** Main to the settings window: the user closed it with unsaved edits; the page asks Save / Discard / Cancel. */
export const CLOSE_REQUEST_CHANNEL = 'ntp-monitor:close-request';

/** The status window's calls; main answers only the status window on these. */
export const STATUS_CHANNELS = {
  load: 'ntp-monitor:status-load',
  series: 'ntp-monitor:status-series',
  exportCsv: 'ntp-monitor:status-export',
  openSettings: 'ntp-monitor:status-open-settings',
  snooze: 'ntp-monitor:status-snooze',
  checkNow: 'ntp-monitor:status-check-now',
  copyDiagnostics: 'ntp-monitor:status-copy-diagnostics',
} as const;

/** Main to the status window: a new StatusView after every poll result or settings change. */
export const STATUS_UPDATE_CHANNEL = 'ntp-monitor:status-update';

/** What the window needs to draw itself: the saved settings and the OS language for the "system" choice. */
export interface SettingsWindowData {
  settings: Settings;
  systemLanguage: Language;
}

/** What is wrong with a status window's request: a status.* key, worded by i18n's problemWords as settings problems are. */
export type StatusProblem = Problem<MessageKey>;

export type SaveResponse = { ok: true; settings: Settings } | { ok: false; errors: Problem[] };
/** The file the user picked in main's open dialog for the NTS CA, or cancelled: the only path the window is ever given. */
export type ChooseFileResponse = { ok: true; file: string } | { ok: false; canceled: true };
export type TestResponse = { ok: true; result: QueryResult } | { ok: false; errors: Problem[] };

/** Requests and responses per channel, so main's handlers and the preload cannot disagree. */
export interface SettingsChannelTypes {
  [SETTINGS_CHANNELS.load]: { request: []; response: SettingsWindowData };
  [SETTINGS_CHANNELS.save]: { request: [settings: unknown]; response: SaveResponse };
  [SETTINGS_CHANNELS.test]: { request: [server: unknown]; response: TestResponse };
  [SETTINGS_CHANNELS.close]: { request: []; response: void };
  [SETTINGS_CHANNELS.chooseCa]: { request: []; response: ChooseFileResponse };
  [SETTINGS_CHANNELS.unsaved]: { request: [unsaved: unknown]; response: void };
}

/**
 * `window.ntpMonitor`, one preload for both windows (each window's calls are refused from the other by main's sender
 * check). Settings payloads are `unknown` on purpose: main validates them all.
 */
export interface NtpMonitorApi {
  load(): Promise<SettingsWindowData>;
  save(settings: unknown): Promise<SaveResponse>;
  test(server: unknown): Promise<TestResponse>;
  close(): Promise<void>;
  /** Opens main's file dialog for the NTS CA file. */
  chooseCa(): Promise<ChooseFileResponse>;
  /** Tells main whether the form holds unsaved edits, so that closing the window asks first. */
  unsaved(unsaved: boolean): Promise<void>;
  /** Calls `listener` when the window was closed with unsaved edits (main held the close); returns the unsubscribe. */
  onCloseRequest(listener: () => void): () => void;
  status: StatusApi;
}

/** The time ranges the charts offer, back from now. */
export const CHART_RANGES = { '1h': 3_600_000, '6h': 21_600_000, '24h': 86_400_000, '7d': 604_800_000, '30d': 2_592_000_000 } as const;
/** A named chart range: '1h' ... '30d'. */
export type ChartRangeName = keyof typeof CHART_RANGES;
/** Main never sends more buckets per server than this, whatever width the window claims (a 4K screen is 3840 wide). */
export const MAX_CHART_POINTS = 4000;

/** One server's row in the live table. Optional fields are absent until there is a value to show. */
export interface ServerRow {
  server: string;
  state: ServerState;
  /** The last good measurement (RFC 5905 signs: positive offset = server ahead). */
  offsetMs?: number;
  delayMs?: number;
  jitterMs?: number;
  stratum?: number;
  refId?: string;
  /** When the server was last polled, good or not (Unix ms). */
  lastCheckAt?: number;
  /** The last poll's failure, when it failed. */
  failure?: { kind: FailureKind; message: string };
  /** How the monitor's latest selection saw this server; absent when it did not vote (stale, unreachable) or there was no verdict. */
  selection?: 'truechimer' | 'falseticker';
  /** The monitor's confirmed mark (counted with `confirm`, as it alarms): the server disagrees with the majority. */
  falseticker: boolean;
}

/** Everything the status window shows besides the charts. */
export interface StatusView {
  servers: ServerRow[];
  warningMs: number;
  criticalMs: number;
  paused: boolean;
  language: Language;
  /** False when the history cannot be read (no SQLite in this runtime, or its file failed): the charts say so. */
  historyAvailable: boolean;
  /** The monitor's verdict on this computer's clock, exactly as it alarms on it (consensus offset: positive = servers ahead). */
  verdict: VerdictView;
  /** The worst state of all, as the tray icon shows it (servers, falseticker marks, this computer's clock, paused). */
  overall: ShownState;
  /** When snoozed notifications come back (Unix ms); absent when they are on. */
  snoozedUntil?: number;
  /** This computer's time service, worded by main; null while none is read (setting none, or auto found none). */
  timeService?: TimeServicePanel | null;
}

/** The status window's time service panel: texts in the view's language, and the state that colours it. */
export interface TimeServicePanel {
  /** "chronyd at 127.0.0.1:323". */
  heading: string;
  /** The confirmed verdict's state (unknown until one is confirmed). */
  state: ShownState;
  /** The tray's line: "chronyd: synchronised to ntp1, agrees". */
  line: string;
  /** The latest round's verdict in a sentence. */
  sentence: string;
  /** What it believes, and its last update, when it could be read. */
  details: string[];
}

/** Snooze notifications for a while, or 'off' to have them back at once. */
/** What the tray and the status window offer: an hour, or until tomorrow morning. */
export const SNOOZE_CHOICES = ['1h', 'tomorrow'] as const;
export type SnoozeChoice = (typeof SNOOZE_CHOICES)[number];

export type SnoozeRequest = SnoozeChoice | 'off';
/** The view with the snooze applied, or why the request was refused. */
export type SnoozeResponse = { ok: true; view: StatusView } | { ok: false; errors: StatusProblem[] };

/** "Check now": every server (no argument), or one, named as its row names it. */
export type CheckRequest = { server?: string };
/** The view once the check has answered, or why the request was refused. */
export type CheckResponse = { ok: true; view: StatusView } | { ok: false; errors: StatusProblem[] };
/** The diagnostic summary put on the clipboard (also returned, so the window can say how long it is). */
export type DiagnosticsResponse = { ok: true; text: string };

/** A chart request: a named range back from now, or a zoomed span inside one; `width` is the plot's width in pixels. */
export type SeriesRequest = ({ range: ChartRangeName } | { from: number; to: number }) & { width: number; servers?: string[] };
/** The span exported: a named range or the span shown after zooming. */
export type ExportRequest = ({ range: ChartRangeName } | { from: number; to: number }) & { servers?: string[] };

/** Chart series for the checked span, or the problems that refused the request. */
export type SeriesResponse = { ok: true; from: number; to: number; series: Series[] } | { ok: false; errors: StatusProblem[] };
/** The file written and its row count; cancelled in the dialog; or the problems. */
export type ExportResponse =
  | { ok: true; file: string; rows: number }
  | { ok: false; canceled: true }
  | { ok: false; canceled?: false; errors: StatusProblem[] };

/** Requests and responses per status channel. */
export interface StatusChannelTypes {
  [STATUS_CHANNELS.load]: { request: []; response: StatusView };
  [STATUS_CHANNELS.series]: { request: [request: unknown]; response: SeriesResponse };
  [STATUS_CHANNELS.exportCsv]: { request: [request: unknown]; response: ExportResponse };
  [STATUS_CHANNELS.openSettings]: { request: []; response: void };
  [STATUS_CHANNELS.snooze]: { request: [request: unknown]; response: SnoozeResponse };
  [STATUS_CHANNELS.checkNow]: { request: [request: unknown]; response: CheckResponse };
  [STATUS_CHANNELS.copyDiagnostics]: { request: []; response: DiagnosticsResponse };
}

/** `window.ntpMonitor.status` in the status window. */
export interface StatusApi {
  load(): Promise<StatusView>;
  series(request: SeriesRequest): Promise<SeriesResponse>;
  exportCsv(request: ExportRequest): Promise<ExportResponse>;
  openSettings(): Promise<void>;
  snooze(request: SnoozeRequest): Promise<SnoozeResponse>;
  checkNow(request: CheckRequest): Promise<CheckResponse>;
  copyDiagnostics(): Promise<DiagnosticsResponse>;
  /** Calls `listener` with every view main pushes; returns the function that stops it. */
  onUpdate(listener: (view: StatusView) => void): () => void;
}

export const API_NAME = 'ntpMonitor';

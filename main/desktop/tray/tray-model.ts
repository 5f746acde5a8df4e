/**
 * What the tray shows, as plain data: the icon for the worst state, the tooltip and the context menu. No Electron
 * here, so the mapping is unit-tested; tray.ts only hands the result to Electron.
 */
import { translate, type Language, type MessageKey } from '../../i18n/translate.js';
import type { VerdictView } from '../../consensus/clock-verdict.js';
import type { ServerStatus } from '../../judging/events.js';
import { serverWords, verdictLines } from '../../i18n/offset-words.js';
import { snoozeLine } from '../../i18n/snooze-words.js';
import { stateWord, type ShownState } from '../../i18n/state-words.js';
import { shownState, worstState, type ServerState } from '../../judging/server-state.js';

export type TrayIconState = ShownState;
export const TRAY_ICON_STATES: readonly TrayIconState[] = ['ok', 'warning', 'critical', 'unreachable', 'unknown', 'paused'];

export type MenuAction =
  | 'status'
  | 'check-now'
  | 'pause'
  | 'resume'
  | 'snooze-1h'
  | 'snooze-tomorrow'
  | 'snooze-end'
  | 'settings'
  | 'start-at-login'
  | 'open-logs'
  | 'copy-diagnostics'
  | 'quit';

export type MenuItemModel =
  | { kind: 'status'; label: string }
  | { kind: 'separator' }
  | { kind: 'action'; action: MenuAction; label: string; checked?: boolean };

export interface TrayView {
  icon: TrayIconState;
  tooltip: string;
  menu: MenuItemModel[];
}

export interface TrayInput {
  statuses: ServerStatus[];
  paused: boolean;
  startAtLogin: boolean;
  logsExist: boolean;
  lang: Language;
  /** The verdict on this computer's clock: the menu's first line (and the icon counts its state). */
  verdict?: VerdictView;
  /** The time service's line, under the verdict ("chronyd: synchronised to ntp1, agrees"); absent when none is read. */
  timeServiceLine?: string;
  /** When snoozed notifications come back (Unix ms); absent when they are on. */
  snoozedUntil?: number;
  /** Now, for saying a snooze's end as a time today or a day and time (tests pass a fixed one). */
  now?: number;
  formatTime?: (ms: number) => string;
}

/** Windows cuts tray tooltips at 127 characters. */
const TOOLTIP_MAX = 127;

/** The worst of the servers' states, this computer's clock, and WARNING for a falseticker or a leap second announced. */
export function trayIconState(statuses: ServerStatus[], paused: boolean, verdict?: VerdictView): TrayIconState {
  if (paused) return 'paused';
  const marks: ServerState[] = statuses.map((s) => shownState(s.state, s.falseticker ?? false));
  if (verdict && verdict.state !== 'unknown') marks.push(verdict.state);
  if (verdict?.leap) marks.push('warning');
  return worstState(marks);
}

/**
 * The image file for a state. macOS shows neutral states (paused, unknown) as template images that follow the menu
 * bar's appearance; every state that carries a colour keeps it there too.
 */
export function trayIconFile(state: TrayIconState, platform: NodeJS.Platform): string {
  const template = platform === 'darwin' && (state === 'paused' || state === 'unknown');
  return `tray-${state}${template ? 'Template' : ''}.png`;
}

export function defaultTimeFormat(lang: Language): (ms: number) => string {
  const format = new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
  return (ms) => format.format(ms);
}

/**
 * One line per server: its offset in words ("2.498 s ahead of this computer") and state, plus the time of the last check when `formatTime` is given. The menu
 * leaves the time out: it changes on every poll and would rebuild the menu each time for nothing; the tooltip has it.
 */
export function serverLine(status: ServerStatus, lang: Language, formatTime?: (ms: number) => string): string {
  const { server, lastResult, lastCheckAt } = status;
  const state = stateWord(shownState(status.state, status.falseticker ?? false), lang, lastResult && !lastResult.ok ? lastResult.failure.kind : undefined);
  if (!lastResult || lastCheckAt === undefined) return translate(lang, 'tray.server-never', { server, state });
  const relation = lastResult.ok ? serverWords(lastResult.sample.offsetMs, 'this-computer', lang) : undefined;
  if (!formatTime) {
    return relation === undefined ? translate(lang, 'tray.server-failed-status', { server, state }) : translate(lang, 'tray.server-status', { server, state, relation });
  }
  const time = formatTime(lastCheckAt);
  if (relation === undefined) return translate(lang, 'tray.server-failed', { server, state, time });
  return translate(lang, 'tray.server-line', { server, state, time, relation });
}

export function trayView(input: TrayInput): TrayView {
  const { statuses, paused, lang, snoozedUntil } = input;
  const formatTime = input.formatTime ?? defaultTimeFormat(lang);
  const heading = [
    ...(input.verdict ? verdictLines(input.verdict, lang) : []),
    ...(input.timeServiceLine !== undefined ? [input.timeServiceLine] : []),
    ...(paused ? [translate(lang, 'tray.paused')] : []),
    ...(snoozedUntil !== undefined ? [snoozeLine(snoozedUntil, input.now ?? Date.now(), lang)] : []),
  ];
  const lines = [...heading, ...statuses.map((status) => serverLine(status, lang))];
  const timedLines = [...heading, ...statuses.map((status) => serverLine(status, lang, formatTime))];
  const t = (key: MessageKey) => translate(lang, key);
  const menu: MenuItemModel[] = [
    ...lines.map((label): MenuItemModel => ({ kind: 'status', label })),
    { kind: 'separator' },
    { kind: 'action', action: 'status', label: t('menu.status') },
    { kind: 'action', action: 'check-now', label: t('menu.check-now') },
    paused ? { kind: 'action', action: 'resume', label: t('menu.resume') } : { kind: 'action', action: 'pause', label: t('menu.pause') },
    ...(snoozedUntil !== undefined
      ? [{ kind: 'action', action: 'snooze-end', label: t('menu.snooze-end') } as const]
      : [{ kind: 'action', action: 'snooze-1h', label: t('menu.snooze-1h') } as const, { kind: 'action', action: 'snooze-tomorrow', label: t('menu.snooze-tomorrow') } as const]),
    { kind: 'action', action: 'settings', label: t('menu.settings') },
    { kind: 'action', action: 'start-at-login', label: t('menu.start-at-login'), checked: input.startAtLogin },
    ...(input.logsExist ? [{ kind: 'action', action: 'open-logs', label: t('menu.open-logs') } as MenuItemModel] : []),
    { kind: 'action', action: 'copy-diagnostics', label: t('menu.copy-diagnostics') },
    { kind: 'separator' },
    { kind: 'action', action: 'quit', label: t('menu.quit') },
  ];
  const tooltip = [t('app.name'), ...timedLines].join('\n');
  return {
    icon: trayIconState(statuses, paused, input.verdict),
    tooltip: tooltip.length > TOOLTIP_MAX ? `${tooltip.slice(0, TOOLTIP_MAX - 1)}…` : tooltip,
    menu,
  };
}

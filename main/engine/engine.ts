/**
 * The one composition root of a running engine, which `watch` and the desktop app both call: the monitor with its
 * history and sinks wired in the order that makes a logged sample a committed row, each listener given the words
 * its texts are made in (the monitor itself speaks no language).
 */
import type { ReadDaemon } from '../monitor/time-service.js';
import { MonitorHistory } from '../history/monitor-history.js';
import { resolveLanguage, type Language } from '../i18n/translate.js';
import type { MonitorListener } from '../monitor/listener.js';
import { Monitor, type MonitorQuery } from '../monitor/monitor.js';
import type { Settings } from '../settings/settings.js';
import type { CheckedSettings } from '../settings/validate.js';
import type { AlertSinks } from '../sinks/sinks.js';

/** What a face brings: how to query, its locale, its started sinks, where troubles go, and its own listeners. */
export interface EngineOptions {
  query: MonitorQuery;
  /** The operating system's (or the environment's) locale, for the "system" language setting; none means English. */
  locale: string | undefined;
  /**
   * Started by the face, in the language its first settings resolve to: the face knows where its log goes and what
   * to do when the metrics address is taken. The engine gives them the language of each later settings.
   */
  sinks: AlertSinks;
  /** Told, in the listeners' language, when the history file cannot be used. */
  onTrouble: (message: string) => void;
  /** The history file when the settings name none (the desktop always keeps one, for its charts); else no history. */
  defaultHistoryFile?: string;
  /** The face's own listeners (tray, notifications), fed after the history and the sinks. */
  listeners?: MonitorListener[];
  /** Test-only: the scheduler's waits scaled (SchedulerDeps.timeScale). */
  timeScale?: number;
  /** Reads the time service (settings.daemon); tests inject a fake beside the real one. */
  readDaemon?: ReadDaemon;
}

/** A composed engine: the monitor to start, apply and stop, and what the faces read back from it. */
export interface Engine {
  monitor: Monitor;
  /** Resolves once the history file is open, or refused (told through onTrouble); never rejects. */
  history: Promise<MonitorHistory>;
  /** The history, once open. */
  openedHistory(): MonitorHistory | undefined;
  /** The language texts are in now: the setting, or the locale's when it says "system". */
  language(): Language;
}

/** Wires monitor, history and sinks; the monitor is not started (the face starts it when it is ready). */
export function composeEngine(checked: CheckedSettings, options: EngineOptions): Engine {
  const languageOf = (settings: Settings) => resolveLanguage(settings.language, options.locale);
  const historyFile = (settings: Settings): Settings =>
    settings.historyFile === '' && options.defaultHistoryFile ? { ...settings, historyFile: options.defaultHistoryFile } : settings;
  let opened: MonitorHistory | undefined;
  const history = MonitorHistory.open(historyFile(checked.settings), { language: languageOf(checked.settings), onTrouble: options.onTrouble }).then(
    (attached) => (opened = attached),
  );
  const { sinks } = options;
  // History first: a sample line in the log then proves its row is already committed, whatever kills us next.
  const listeners: MonitorListener[] = [
    {
      onResult: (event, view) => opened?.onResult(event, view),
      apply: async (next) => (await history).apply({ ...next, settings: historyFile(next.settings) }, languageOf(next.settings)),
      close: async () => (await history).close(),
    },
    {
      onResult: (event, view) => sinks.onResult(event, view),
      onTransition: (transition, view) => sinks.onTransition(transition, view),
      onTimeService: (change, view) => sinks.onTimeService(change, view),
      apply: (next) => sinks.apply(next, languageOf(next.settings)),
      close: () => sinks.close(),
    },
    ...(options.listeners ?? []),
  ];
  const timeScale = options.timeScale === undefined ? {} : { timeScale: options.timeScale };
  const monitor = new Monitor(checked, { query: options.query, listeners, ...timeScale, ...(options.readDaemon && { readDaemon: options.readDaemon }) });
  return { monitor, history, openedHistory: () => opened, language: () => languageOf(monitor.settings) };
}

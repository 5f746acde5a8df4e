/**
 * The running app: the monitor drives the tray, notifications, the history and the status window; saved settings
 * apply at once. Takes everything platform-specific as arguments, so the tests run it against a mocked `electron`.
 */
import { clipboard, dialog, powerMonitor, shell } from 'electron';
import { existsSync, readdirSync } from 'node:fs';
import { arch, release } from 'node:os';
import { CLOSE_REQUEST_CHANNEL, STATUS_UPDATE_CHANNEL } from '../contract.js';
import { composeEngine } from '../engine/engine.js';
import { HistoryReader } from '../history/reader.js';
import { resolveLanguage, translate } from '../i18n/translate.js';
import type { Monitor, MonitorQuery } from '../monitor/monitor.js';
import type { ReadDaemon } from '../monitor/time-service.js';
import { poolAsServer } from '../ntp/address.js';
import type { Settings } from '../settings/settings.js';
import type { CheckedSettings } from '../settings/validate.js';
import type { AlertSinks } from '../sinks/sinks.js';
import { createSettingsHandlers } from './windows/settings-handlers.js';
import { registerIpc } from './windows/ipc.js';
import { Notifier } from './notifications/notifier.js';
import { notificationFor } from './notifications/notify-model.js';
import type { OpenedSettings } from './platform/settings-recovery.js';
import { AppWindow, type WindowPaths } from './windows/app-window.js';
import { diagnosticsText } from './diagnostics.js';
import { VERSION } from '../version.js';
import { Snooze } from './notifications/snooze.js';
import { createStatusHandlers, type HistorySource } from './windows/status-handlers.js';
import { statusView } from './windows/status-model.js';
import { timeServiceNotification, timeServiceTrayLine } from './windows/time-service-view.js';
import { TrayIcon } from './tray/tray.js';
import { trayView, type MenuAction, type TrayView } from './tray/tray-model.js';
import type { TransitionText } from '../i18n/describe.js';

export interface DesktopOptions {
  opened: OpenedSettings;
  /** Sample log, webhook, metrics: fed every result and transition, updated with the settings, closed on stop. */
  sinks: AlertSinks;
  /** queryAny, or a stand-in. */
  query: MonitorQuery;
  /** Reads the time service (settings.daemon); default the real readers, the tests inject one. */
  readDaemon?: ReadDaemon;
  osLocale: string;
  platform: NodeJS.Platform;
  /**
   * `history`: the history file the desktop writes when the settings name none (the status window's charts need one);
   * `snooze`: the file that keeps a notification snooze across restarts.
   */
  paths: WindowPaths & { icons: string; logs: string; history: string; snooze: string };
  /** Opens the history for the status window; default: a reader on this thread (app.ts passes a threaded one). */
  openHistory?: (file: string) => Promise<ClosableHistory>;
  log: (message: string) => void;
  setStartAtLogin: (enabled: boolean) => Promise<void>;
  quit: () => void;
  /** Minimum time between two tray updates (tray/tray-updates.ts); the tests pass 0 to see each change at once. */
  trayIntervalMs?: number;
  /** The tray is made once this settles (app.ts: on Linux, after the wait for a StatusNotifier host); default at once. */
  trayReady?: Promise<unknown>;
}

/** A history source the desktop closes when the file changes or the app stops. */
export type ClosableHistory = HistorySource & { close(): void | Promise<void> };

/** The running app, as app.ts, the tests and the end-to-end tests drive it. */
export interface Desktop {
  monitor: Monitor;
  settings(): Settings;
  /** Stores the settings, applies them to the monitor (see Monitor.apply), then changes start-at-login if asked. */
  apply(checked: CheckedSettings): Promise<void>;
  openSettings(): void;
  /** The window the app opens when it must be reachable without its tray: first run, a second launch, no tray. */
  openMainWindow(): void;
  /** Tells the user something once: a notification (when they can be shown) and the log. */
  announce(text: TransitionText): void;
  trayView(): TrayView;
  /** The live tray, image and menu, as Electron has them (the end-to-end suite reads them). */
  inspectTray(): ReturnType<TrayIcon['inspect']>;
  /** Removes the tray and closes the windows at once: the first step of quitting, before the drain. */
  hide(): void;
  /** Hides, then stops the scheduler and drains the sinks. */
  stop(): Promise<void>;
}

export function startDesktop(options: DesktopOptions): Desktop {
  const { opened, sinks } = options;
  /** The desktop's own messages go to the console and, as notes, to the sample log. */
  const log = (message: string) => {
    options.log(message);
    sinks.note(message);
  };
  // Read through the monitor, which owns the settings; only called once it exists.
  const settings = (): Settings => monitor.settings;
  const language = () => engine.language();
  const { preload } = options.paths;
  /** The settings page says when its form differs from the saved settings: closing it then asks Save / Discard / Cancel. */
  let settingsUnsaved = false;
  const settingsWindow: AppWindow = new AppWindow(
    {
      preload,
      html: options.paths.settingsHtml,
      title: () => translate(language(), 'settings-window.title'),
      width: 560,
      height: 680,
      minWidth: 420,
      minHeight: 420,
      holdClose: () => settingsUnsaved,
      onHeld: () => settingsWindow.send(CLOSE_REQUEST_CHANNEL, () => null),
    },
    log,
  );
  const statusWindow = new AppWindow({ preload, html: options.paths.statusHtml, title: () => translate(language(), 'status.title'), width: 1000, height: 760, minWidth: 560, minHeight: 480 }, log);
  // The status window is the app's main window; settings stay their own window, opened from it or the menu.
  const openMainWindow = () => statusWindow.open();
  const notifier = new Notifier(
    openMainWindow,
    (reason, error) => log(reason === 'failed' ? translate('en', 'notify.failed', { error: error ?? '?' }) : translate('en', 'notify.unsupported')),
    options.platform,
  );

  // Notifications only: the icon, history, webhook and metrics are what the user still glances at while snoozed.
  const snooze = new Snooze({ file: options.paths.snooze, now: Date.now, onChange: () => render(), log });
  const snoozed = () => (snooze.snoozedUntil === undefined ? {} : { snoozedUntil: snooze.snoozedUntil });

  // The view is rebuilt on every poll result: read the logs folder only until it has something in it.
  let logsFound = false;
  const logsSeen = () => (logsFound ||= logsExist(options.paths.logs));
  const timeServiceLine = () => {
    const line = timeServiceTrayLine(monitor.timeService(), language());
    return line === undefined ? {} : { timeServiceLine: line };
  };
  const view = (): TrayView =>
    trayView({
      statuses: monitor.statuses(),
      verdict: monitor.verdict(),
      paused: monitor.paused,
      startAtLogin: settings().startAtLogin,
      logsExist: logsSeen(),
      lang: language(),
      ...timeServiceLine(),
      ...snoozed(),
    });
  const tray = new TrayIcon({
    iconDir: options.paths.icons,
    platform: options.platform,
    view,
    onAction: (action) => void onMenu(action).catch((error: unknown) => log(`${action}: ${String(error)}`)),
    onActivate: openMainWindow,
    minIntervalMs: options.trayIntervalMs,
    ready: options.trayReady,
  });
  const status = () =>
    statusView({
      statuses: monitor.statuses(),
      verdict: monitor.verdict(),
      settings: settings(),
      paused: monitor.paused,
      language: language(),
      historyAvailable: engine.openedHistory()?.store?.active ?? false,
      timeService: monitor.timeService(),
      ...snoozed(),
    });
  const render = () => {
    tray.update();
    statusWindow.send(STATUS_UPDATE_CHANNEL, status);
  };

  let reading: { file: string; source: ClosableHistory } | undefined;
  const openHistory = options.openHistory ?? ((file: string) => HistoryReader.open(file));
  /** A reader of the file being written, opened once the store has created it (and again if the file changes). */
  async function historySource(): Promise<HistorySource | undefined> {
    const store = engine.openedHistory()?.store;
    if (!store?.active) return undefined;
    if (reading?.file !== store.file) {
      await reading?.source.close();
      reading = undefined;
      try {
        reading = { file: store.file, source: await openHistory(store.file) };
      } catch (error) {
        log(`History cannot be read: ${(error as Error).message}`);
        return undefined;
      }
    }
    return reading.source;
  }
  /** "Check now" from the tray, the status window's header (no server) or one of its rows: one path for all. */
  const check = async (server?: string): Promise<boolean> => {
    const asked = server === undefined ? (await monitor.checkNow(), true) : await monitor.checkOne(server);
    render();
    return asked;
  };
  /** The diagnostic summary, put on the clipboard (tray and status window); secrets never reach the text. */
  const copyDiagnostics = (): string => {
    const text = diagnosticsText({
      environment: { version: VERSION, versions: process.versions, platform: options.platform, arch: arch(), release: release(), locale: options.osLocale },
      settings: settings(),
      view: status(),
      now: Date.now(),
    });
    clipboard.writeText(text);
    return text;
  };

  /** Whether alarms become notifications now (the setting, and no snooze), and in which language. */
  const notifying = () => ({ enabled: settings().notifications && snooze.snoozedUntil === undefined, lang: language() });
  const announce = (text: TransitionText) => {
    log(`${text.title}: ${text.body}`);
    notifier.show(text);
  };

  // The tray is a listener like the sinks: it redraws after each result and after settings change. The desktop always
  // keeps a history, in the settings' file or else its own, so the status window has charts.
  const engine = composeEngine(opened, {
    query: options.query,
    locale: options.osLocale,
    sinks,
    onTrouble: log,
    defaultHistoryFile: options.paths.history,
    ...(options.readDaemon && { readDaemon: options.readDaemon }),
    listeners: [
      {
        onResult: render,
        onTransition: (transition) => {
          const text = notificationFor(transition, notifying());
          if (text) notifier.show(text);
        },
        onTimeService: (change) => {
          const text = timeServiceNotification(change, notifying());
          if (text) notifier.show(text);
          render();
        },
        apply: render,
      },
    ],
  });
  const { monitor } = engine;
  void engine.history.then(render);

  async function apply(next: CheckedSettings): Promise<void> {
    const previous = settings();
    opened.store.set({ ...next.settings });
    await monitor.apply(next);
    if (next.settings.startAtLogin !== previous.startAtLogin) {
      await options.setStartAtLogin(next.settings.startAtLogin).catch((error: unknown) => log(`Start at login could not be changed: ${String(error)}`));
    }
  }

  async function onMenu(action: MenuAction): Promise<void> {
    switch (action) {
      case 'check-now':
        await check();
        break;
      case 'copy-diagnostics':
        copyDiagnostics();
        break;
      case 'pause':
        monitor.pause();
        break;
      case 'resume':
        monitor.resume();
        break;
      case 'snooze-1h':
      case 'snooze-tomorrow':
        snooze.start(action === 'snooze-1h' ? '1h' : 'tomorrow');
        break;
      case 'snooze-end':
        snooze.end();
        break;
      case 'settings':
        settingsWindow.open();
        break;
      case 'status':
        statusWindow.open();
        break;
      case 'start-at-login':
        await apply({ ...monitor.checkedSettings, settings: { ...settings(), startAtLogin: !settings().startAtLogin } });
        break;
      case 'open-logs':
        await shell.openPath(options.paths.logs);
        break;
      case 'quit':
        options.quit();
        return;
    }
    render();
  }

  const unregister = registerIpc(
    createSettingsHandlers({
      current: settings,
      apply,
      systemLanguage: () => resolveLanguage('system', options.osLocale),
      // A test from the window uses the CA of the settings applied (the one being edited is read when saved); a pool
      // is asked by its name, as one server.
      query: (server, q) => options.query(server.protocol === 'pool' ? poolAsServer(server) : server, { ...q, ...(monitor.checkedSettings.ca !== undefined && { ca: monitor.checkedSettings.ca }) }),
      closeWindow: () => settingsWindow.close(),
      unsaved: (unsaved) => void (settingsUnsaved = unsaved),
      async chooseCaFile() {
        const answer = await dialog.showOpenDialog({
          title: translate(language(), 'settings-window.choose-ca-title'),
          properties: ['openFile'],
          filters: [{ name: translate(language(), 'settings-window.pem-files'), extensions: ['pem', 'crt', 'cer'] }],
        });
        return answer.canceled ? undefined : answer.filePaths[0];
      },
    }),
    (event) => settingsWindow.isSender(event),
    'settings',
  );
  const unregisterStatus = registerIpc(
    createStatusHandlers({
      view: status,
      servers: () => settings().servers,
      history: historySource,
      now: Date.now,
      async chooseFile(defaultPath) {
        const answer = await dialog.showSaveDialog({ title: translate(language(), 'status.export'), defaultPath, filters: [{ name: 'CSV', extensions: ['csv'] }] });
        return answer.canceled || !answer.filePath ? undefined : answer.filePath;
      },
      openSettings: () => settingsWindow.open(),
      snooze: (request) => (request === 'off' ? snooze.end() : snooze.start(request)),
      check,
      copyDiagnostics,
    }),
    (event) => statusWindow.isSender(event),
    'status',
  );

  // The clock may have jumped while the machine slept or sat locked; a paused monitor stays quiet.
  const recheck = () => monitor.checkSoon();
  powerMonitor.on('resume', recheck);
  powerMonitor.on('unlock-screen', recheck);

  if (opened.recovery) {
    const lang = language();
    announce({ title: translate(lang, 'store.recovered.title'), body: translate(lang, 'store.recovered.body', { ...opened.recovery }) });
  }

  function hide(): void {
    tray.destroy();
    settingsWindow.close(true);
    statusWindow.close(true);
  }

  render();
  monitor.start();

  return {
    monitor,
    settings,
    apply,
    openSettings: () => settingsWindow.open(),
    openMainWindow,
    announce,
    trayView: view,
    inspectTray: () => tray.inspect(),
    hide,
    async stop() {
      hide();
      powerMonitor.off('resume', recheck);
      powerMonitor.off('unlock-screen', recheck);
      unregister();
      unregisterStatus();
      await reading?.source.close();
      await snooze.dispose();
      if (!(await monitor.stop())) options.log('Stopped without waiting longer for queries or deliveries still under way.');
    },
  };
}

function logsExist(dir: string): boolean {
  try {
    return existsSync(dir) && readdirSync(dir).length > 0;
  } catch {
    return false;
  }
}

/**
 * Entry point of the desktop app (package.json "main"). A tray app: closing the window never quits, one instance (a
 * second launch, or macOS's activate, opens the first one's main window, the status window), no Dock icon on macOS. Where the tray may
 * not show (first run, a Linux session without a tray) the main window opens, so the app is never out of reach.
 */
import { app, dialog } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { problemWords } from '../i18n/problem-words.js';
import { resolveLanguage } from '../i18n/translate.js';
import { HistoryReadWorker } from '../history/read-worker.js';
import { HistoryReader } from '../history/reader.js';
import { queryAny } from '../ntp/query-any.js';
import { caProblem, withCa } from '../settings/ca-file.js';
import { defaultSettings } from '../settings/settings.js';
import { detectSystemServers } from '../settings/system-server.js';
import { appUserModelId } from './platform/app-id.js';
import { setStartAtLogin, startAtLoginState } from './platform/autostart.js';
import { syncStartAtLogin } from './platform/autostart-sync.js';
import { startDesktopSinks } from './desktop-sinks.js';
import { startDesktop, type ClosableHistory, type Desktop } from './desktop.js';
import { hardenWebContents } from './windows/hardening.js';
import { carryOverUserData, LEGACY_USER_DATA_NAME } from './platform/legacy-user-data.js';
import { drainWithin } from './platform/quit.js';
import { keepReachable } from './tray/reachability.js';
import { openElectronSettings, settingsFilePath } from './platform/electron-settings-file.js';
import { statusNotifierState, traySupportOf } from './tray/tray-support.js';
import { describeTrayWait, waitForStatusNotifier, type TrayWait } from './tray/tray-wait.js';

let desktop: Desktop | undefined;
const log = (message: string) => console.log(`[ntp-monitor] ${message}`);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => desktop?.openMainWindow());
  app.on('activate', () => desktop?.openMainWindow());
  // A tray app lives on with no window open.
  app.on('window-all-closed', () => {});
  // Quit at once: tray and windows go first; the drain (queries in flight, webhook deliveries, the log flush) then
  // gets a few seconds at most.
  let stopped = false;
  app.on('before-quit', (event) => {
    if (!desktop || stopped) return;
    event.preventDefault();
    stopped = true;
    desktop.hide();
    void drainWithin(desktop.stop())
      .then((outcome) => outcome === 'cut short' && log('Quit before everything was delivered (the drain took too long).'))
      .catch((error: unknown) => log(`Stopping: ${String(error)}`))
      .finally(() => app.quit());
  });
  // Whatever stops start-up (the settings folder cannot be created, say) is shown, never an unhandled rejection.
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      console.error('NTP Monitor could not start:', error);
      dialog.showErrorBox('NTP Monitor', `NTP Monitor could not start / 无法启动:\n${error instanceof Error ? error.message : String(error)}`);
      app.exit(1);
    });
}

async function start(): Promise<void> {
  app.setAppUserModelId(appUserModelId(app.isPackaged, process.execPath));
  app.dock?.hide();
  hardenWebContents();
  const root = app.getAppPath();
  const logs = app.getPath('logs');
  const userData = app.getPath('userData');
  try {
    const copied = carryOverUserData(join(app.getPath('appData'), LEGACY_USER_DATA_NAME), userData);
    if (copied.length > 0) log(`Settings carried over from the old "${LEGACY_USER_DATA_NAME}" folder: ${copied.join(', ')}`);
  } catch (error) {
    log(`The old "${LEGACY_USER_DATA_NAME}" settings folder could not be read: ${String(error)}`);
  }
  const firstRun = !existsSync(settingsFilePath(userData));
  const stored = openElectronSettings(userData, defaultSettings((await detectSystemServers()).servers));
  const language = resolveLanguage(stored.settings.language, app.getLocale());
  // A CA file gone since it was saved: NTS servers then report untrusted certificates, and the log says why.
  const loaded = await withCa(stored);
  if (!loaded.ok) log(problemWords(caProblem('caFile', stored.settings.caFile, loaded), language));
  const opened = loaded.ok ? { ...stored, ...loaded.checked } : stored;
  const sinks = await startDesktopSinks(opened, language, logs, log);
  // Linux: the panel may not have registered yet (start at login); Chromium would choose the fallback icon for good.
  const trayWait: Promise<TrayWait | undefined> = process.platform === 'linux' ? waitForStatusNotifier(() => statusNotifierState()) : Promise.resolve(undefined);
  const started = startDesktop({
    opened,
    sinks,
    query: queryAny,
    osLocale: app.getLocale(),
    platform: process.platform,
    paths: {
      preload: join(root, 'dist', 'preload.cjs'),
      settingsHtml: join(root, 'dist', 'renderer', 'settings.html'),
      statusHtml: join(root, 'dist', 'renderer', 'status.html'),
      history: join(userData, 'history.sqlite'),
      snooze: join(userData, 'snooze.json'),
      icons: join(root, 'assets', 'tray'),
      logs,
    },
    log,
    setStartAtLogin: (enabled) => setStartAtLogin(enabled, app.getName()),
    quit: () => app.quit(),
    openHistory: threadedHistory,
    trayReady: trayWait.then((wait) => {
      const line = wait && describeTrayWait(wait);
      if (line) log(line);
    }),
  });
  desktop = started;
  // For the end-to-end tests, which drive the app from the main process (Playwright's app.evaluate).
  (globalThis as { ntpMonitor?: Desktop }).ntpMonitor = started;
  const traySupport = async () => {
    const wait = await trayWait;
    return wait ? traySupportOf(wait.state) : 'unknown';
  };
  void keepReachable({ firstRun, platform: process.platform, traySupport, lang: language, openMainWindow: started.openMainWindow, announce: started.announce })
    .then(({ trayMissing }) => trayMissing && log('No StatusNotifier host on this Wayland session: the window was opened instead.'))
    .catch((error: unknown) => log(`Tray check: ${String(error)}`));
  void followStartAtLogin(started).catch((error: unknown) => log(`Start at login could not be checked: ${String(error)}`));
}

/** Brings the setting and the OS's login entry together at start-up (platform/autostart-sync.ts says how). */
async function followStartAtLogin(running: Desktop): Promise<void> {
  const setting = running.settings().startAtLogin;
  const sync = syncStartAtLogin(setting, await startAtLoginState());
  if (sync.refresh) await setStartAtLogin(true, app.getName());
  else if (sync.startAtLogin !== setting) await running.apply({ ...running.monitor.checkedSettings, settings: { ...running.settings(), startAtLogin: sync.startAtLogin } });
}

/**
 * The status window's history: chart series from the history's reader thread (a month's series is too much
 * synchronous SQLite for the thread that timestamps NTP replies); an export streams rows on this thread, a chunk at a
 * time between file writes.
 */
async function threadedHistory(file: string): Promise<ClosableHistory> {
  const rows = await HistoryReader.open(file);
  const worker = new HistoryReadWorker(file);
  return {
    series: (range) => worker.series(range),
    rows: (range) => rows.rows(range),
    async close() {
      rows.close();
      await worker.close();
    },
  };
}

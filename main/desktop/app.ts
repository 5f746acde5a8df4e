/**
 * Entry point of the desktop app (package.json "main"). A tray-only app: no window at start, closing the window never
 * quits, one instance (a second launch opens the first one's settings window), no Dock icon on macOS.
 */
import { app, dialog } from 'electron';
import { join } from 'node:path';
import { resolveLanguage } from '../i18n/translate.js';
import { queryServer } from '../ntp/query.js';
import { defaultSettings } from '../settings/settings.js';
import { detectSystemServers } from '../settings/system-server.js';
import { APP_ID } from './app-id.js';
import { setStartAtLogin } from './autostart.js';
import { startDesktopSinks } from './desktop-sinks.js';
import { startDesktop, type Desktop } from './desktop.js';
import { hardenWebContents } from './hardening.js';
import { openElectronSettings } from './electron-settings-file.js';

let desktop: Desktop | undefined;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => desktop?.openSettings());
  // A tray app lives on with no window open.
  app.on('window-all-closed', () => {});
  // Stop cleanly before quitting: queries in flight end, the webhook delivers what is under way, the log is flushed.
  let stopped = false;
  app.on('before-quit', (event) => {
    if (!desktop || stopped) return;
    event.preventDefault();
    stopped = true;
    void desktop.stop().finally(() => app.quit());
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
  app.setAppUserModelId(APP_ID);
  app.dock?.hide();
  hardenWebContents();
  const root = app.getAppPath();
  const logs = app.getPath('logs');
  const opened = openElectronSettings(app.getPath('userData'), defaultSettings(await detectSystemServers()));
  const log = (message: string) => console.log(`[ntp-monitor] ${message}`);
  const sinks = await startDesktopSinks(opened, resolveLanguage(opened.settings.language, app.getLocale()), logs, log);
  desktop = startDesktop({
    opened,
    sinks,
    query: queryServer,
    osLocale: app.getLocale(),
    platform: process.platform,
    paths: {
      preload: join(root, 'dist', 'preload.cjs'),
      html: join(root, 'dist', 'renderer', 'index.html'),
      icons: join(root, 'assets', 'tray'),
      logs,
    },
    log,
    setStartAtLogin: (enabled) => setStartAtLogin(enabled, app.getName()),
    quit: () => app.quit(),
  });
  // For the end-to-end tests, which drive the app from the main process (Playwright's app.evaluate).
  (globalThis as { ntpMonitor?: Desktop }).ntpMonitor = desktop;
}

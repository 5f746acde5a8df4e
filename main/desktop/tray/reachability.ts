/**
 * Keeping the app reachable where its tray may not show (vanilla GNOME has no tray without the AppIndicator
 * extension): the main window opens on the first run, at once, and when the Linux session surely shows no tray
 * (tray-support.ts) the user is told once and the window opens. No Electron here: app.ts passes the probe and the desktop.
 */
import { translate, type Language } from '../../i18n/translate.js';
import type { TransitionText } from '../../i18n/describe.js';
import type { TraySupport } from './tray-support.js';

export interface ReachabilityOptions {
  /** No settings file existed before this start. */
  firstRun: boolean;
  platform: NodeJS.Platform;
  /** Asked on Linux only (tray-support.ts). */
  traySupport: () => Promise<TraySupport>;
  lang: Language;
  openMainWindow(): void;
  announce(text: TransitionText): void;
}

/** Resolves to what was done, for the log and the tests. */
export async function keepReachable(options: ReachabilityOptions): Promise<{ opened: boolean; trayMissing: boolean }> {
  // The tray question can take a while (app.ts waits for a panel at login); a first run does not wait for it.
  if (options.firstRun) options.openMainWindow();
  const trayMissing = options.platform === 'linux' && (await options.traySupport()) === 'absent';
  if (trayMissing) {
    options.announce({ title: translate(options.lang, 'tray.missing.title'), body: translate(options.lang, 'tray.missing.body') });
    if (!options.firstRun) options.openMainWindow();
  }
  return { opened: options.firstRun || trayMissing, trayMissing };
}

/**
 * Start at login, setting versus OS: both can change (the menu here; GNOME's Startup Applications, Windows' Task
 * Manager, macOS Login Items there). At start-up the OS's answer wins, since the user changed it there last, and an
 * entry that is on is written again, so it names where the app is now (an AppImage moved or updated). No Electron.
 */

/** What the OS has: no entry, an entry it will run, or one the user turned off in the OS's own settings. */
export type LoginState = 'absent' | 'enabled' | 'disabled';

export interface LoginSync {
  /** The setting to keep (changed only when the OS says otherwise). */
  startAtLogin: boolean;
  /** Write the entry again (with today's program path) because it is on in both places. */
  refresh: boolean;
}

export function syncStartAtLogin(setting: boolean, os: LoginState): LoginSync {
  const inOs = os === 'enabled';
  return { startAtLogin: inOs, refresh: inOs && setting };
}

/**
 * The application id. Windows shows notifications only for the AUMID stamped on the Start-menu shortcut, which NSIS
 * takes from electron-builder.yml's appId: the two must be equal (a packaging test compares them).
 */
export const APP_ID = 'io.ntpmonitor.app';

/**
 * The AppUserModelID to set at start: the appId when packaged (the installer's shortcut carries it); in development
 * the Electron executable's path, which is what Windows falls back to for a process without a shortcut of its own.
 */
export function appUserModelId(isPackaged: boolean, execPath: string): string {
  return isPackaged ? APP_ID : execPath;
}

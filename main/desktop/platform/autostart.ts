/** Start at login: Electron's login items on macOS and Windows, an XDG autostart entry on Linux. */
import { app } from 'electron';
import { linuxAutostartState, setLinuxAutostart } from './autostart-linux.js';
import type { LoginState } from './autostart-sync.js';

/** What the OS must run to start this app. */
export interface LoginTarget {
  exec: string;
  args: string[];
}

/**
 * The app itself, not a bare Electron: the AppImage file the user runs (APPIMAGE; the mounted copy moves on each
 * start), else the executable, plus the app folder in development, where the executable is Electron.
 */
export function loginTarget(): LoginTarget {
  const exec = process.env.APPIMAGE || process.execPath;
  const args = process.env.APPIMAGE || app.isPackaged ? [] : [app.getAppPath()];
  return { exec, args };
}

export async function setStartAtLogin(enabled: boolean, name: string): Promise<void> {
  const target = loginTarget();
  if (process.platform === 'linux') {
    await setLinuxAutostart(enabled, { name, ...target });
    return;
  }
  app.setLoginItemSettings({ openAtLogin: enabled, path: target.exec, args: target.args });
}

/** What the OS has now for this app (the same path and arguments as setStartAtLogin writes). */
export async function startAtLoginState(): Promise<LoginState> {
  if (process.platform === 'linux') return linuxAutostartState();
  const target = loginTarget();
  const os = app.getLoginItemSettings({ path: target.exec, args: target.args });
  if (!os.openAtLogin) return 'absent';
  // Windows: an entry the user turned off in Task Manager's Startup tab is still there, but will not run.
  return os.executableWillLaunchAtLogin === false && process.platform === 'win32' ? 'disabled' : 'enabled';
}

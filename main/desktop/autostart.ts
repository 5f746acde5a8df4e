/** Start at login: Electron's login items on macOS and Windows, an XDG autostart entry on Linux. */
import { app } from 'electron';
import { setLinuxAutostart } from './autostart-linux.js';

export async function setStartAtLogin(enabled: boolean, name: string): Promise<void> {
  if (process.platform === 'linux') {
    // An AppImage moves its files on each start; APPIMAGE is the file the user runs.
    const exec = process.env.APPIMAGE || process.execPath;
    const args = process.env.APPIMAGE || app.isPackaged ? [] : [app.getAppPath()];
    await setLinuxAutostart(enabled, { name, exec, args });
    return;
  }
  app.setLoginItemSettings({ openAtLogin: enabled });
}

/** The settings window: created on demand, hardened, and the only sender the IPC handlers accept. */
import { BrowserWindow, type IpcMainInvokeEvent, type WebPreferences } from 'electron';

export interface WindowPaths {
  preload: string;
  html: string;
}

export function windowPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
  };
}

export class SettingsWindow {
  private window: BrowserWindow | undefined;

  constructor(
    private readonly paths: WindowPaths,
    private readonly title: () => string,
  ) {}

  open(): void {
    if (this.window && !this.window.isDestroyed()) {
      if (this.window.isMinimized()) this.window.restore();
      this.window.show();
      this.window.focus();
      return;
    }
    const window = new BrowserWindow({
      title: this.title(),
      width: 560,
      height: 680,
      minWidth: 420,
      minHeight: 420,
      show: false,
      autoHideMenuBar: true,
      webPreferences: windowPreferences(this.paths.preload),
    });
    window.removeMenu();
    window.once('ready-to-show', () => window.show());
    window.on('closed', () => {
      if (this.window === window) this.window = undefined;
    });
    this.window = window;
    void window.loadFile(this.paths.html);
  }

  close(): void {
    this.window?.close();
  }


  /** True only for the settings window's own top frame (senderFrame is null once the frame is gone). */
  isSender(event: IpcMainInvokeEvent): boolean {
    const window = this.window;
    if (!window || window.isDestroyed()) return false;
    return event.sender === window.webContents && event.senderFrame !== null && event.senderFrame === window.webContents.mainFrame;
  }
}

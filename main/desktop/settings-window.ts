/** The settings window: created on demand, hardened, and the only sender the IPC handlers accept. */
import { BrowserWindow, type IpcMainInvokeEvent } from 'electron';

export interface WindowPaths {
  preload: string;
  html: string;
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
      // Written out here, where the window is made, so a reviewer and a scanner (electronegativity) both see them.
      webPreferences: {
        preload: this.paths.preload,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
        webviewTag: false,
        navigateOnDragDrop: false,
        spellcheck: false,
      },
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

/**
 * A stand-in for the `electron` module in Node tests (the real one cannot load outside Electron). Each class records
 * what the app asked of it; `resetElectronMock()` clears the records between tests.
 */
import { EventEmitter } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Listener = (...args: any[]) => void;

export class MockWebContents extends EventEmitter {
  readonly mainFrame = { url: 'file:///app/dist/renderer/settings.html' };
  windowOpenHandler: ((details: unknown) => { action: string }) | undefined;
  /** What main pushed to the page: [channel, payload]. */
  sent: [string, unknown][] = [];
  send(channel: string, payload: unknown) {
    this.sent.push([channel, payload]);
  }
  setWindowOpenHandler(handler: (details: unknown) => { action: string }) {
    this.windowOpenHandler = handler;
  }
}

export class BrowserWindow extends EventEmitter {
  static instances: BrowserWindow[] = [];
  /** What the next loadFile rejects with (as Electron does when the load is aborted or fails); once. */
  static loadError: Error | undefined;
  readonly webContents = new MockWebContents();
  loaded: string | undefined;
  shown = 0;
  destroyed = false;
  constructor(readonly options: Record<string, any>) {
    super();
    BrowserWindow.instances.push(this);
  }
  loadFile(path: string) {
    this.loaded = path;
    const error = BrowserWindow.loadError;
    BrowserWindow.loadError = undefined;
    return error ? Promise.reject(error) : Promise.resolve();
  }
  removeMenu() {}
  isDestroyed() {
    return this.destroyed;
  }
  isMinimized() {
    return false;
  }
  restore() {}
  show() {
    this.shown++;
  }
  focus() {}
  /** Like Electron: 'close' first, which a listener may prevent; then the window goes. */
  close() {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (!prevented) this.destroy();
  }
  /** Closes with no 'close' event, so nothing can hold it. */
  destroy() {
    this.destroyed = true;
    this.emit('closed');
  }
}

export class Tray extends EventEmitter {
  static instances: Tray[] = [];
  popUps = 0;
  images: string[] = [];
  tooltip = '';
  menus: MockMenu[] = [];
  destroyed = false;
  constructor(image: { path: string }) {
    super();
    this.images.push(image.path);
    Tray.instances.push(this);
  }
  setImage(image: { path: string }) {
    this.images.push(image.path);
  }
  setToolTip(text: string) {
    this.tooltip = text;
  }
  setContextMenu(menu: MockMenu) {
    this.menus.push(menu);
  }
  destroy() {
    this.destroyed = true;
  }
  popUpContextMenu() {
    this.popUps++;
  }
  get menu() {
    return this.menus.at(-1)!;
  }
}

export const nativeImage = { createFromPath: (path: string) => ({ path }) };
/** A built menu: its template, and the open/close events Electron emits on it. */
export class MockMenu extends EventEmitter {
  constructor(readonly template: any[]) {
    super();
  }
}
export const Menu = { buildFromTemplate: (template: any[]) => new MockMenu(template) };

export class Notification extends EventEmitter {
  static supported = true;
  static shown: Notification[] = [];
  static isSupported() {
    return Notification.supported;
  }
  /** The callback given to handleActivation (Windows): the tests call it as Action Center would. */
  static activation: ((details: { type: string; arguments: string }) => void) | undefined;
  static handleActivation(callback: (details: { type: string; arguments: string }) => void) {
    Notification.activation = callback;
  }
  constructor(readonly options: { title: string; body: string }) {
    super();
  }
  show() {
    Notification.shown.push(this);
  }
}

export const ipcMain = {
  handlers: new Map<string, Listener>(),
  handle(channel: string, listener: Listener) {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  },
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  },
  /** What ipcRenderer.invoke would do: run the handler with an event naming the sender. */
  async invoke(channel: string, event: { sender: unknown; senderFrame: unknown }, ...args: unknown[]) {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler(event, ...args);
  },
};

export const powerMonitor = new EventEmitter();

/** The system clipboard: what the app last wrote. */
export const clipboard = { text: '', writeText: (text: string) => void (clipboard.text = text) };

export const shell = { opened: [] as string[], openPath: async (path: string) => (shell.opened.push(path), '') };

export const session = {
  defaultSession: {
    permissionRequestHandler: undefined as Listener | undefined,
    permissionCheckHandler: undefined as ((...args: any[]) => boolean) | undefined,
    setPermissionRequestHandler(handler: Listener) {
      this.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler(handler: (...args: any[]) => boolean) {
      this.permissionCheckHandler = handler;
    },
  },
};

export const dialog = {
  errors: [] as string[],
  /** What the next save dialog answers; the options it was shown with are recorded. */
  saveAnswer: { canceled: true, filePath: '' } as { canceled: boolean; filePath: string },
  saveOptions: [] as Record<string, unknown>[],
  /** What the next open dialog answers; the options it was shown with are recorded. */
  openAnswer: { canceled: true, filePaths: [] } as { canceled: boolean; filePaths: string[] },
  openOptions: [] as Record<string, unknown>[],
  async showOpenDialog(...args: unknown[]) {
    this.openOptions.push(args.at(-1) as Record<string, unknown>);
    return this.openAnswer;
  },
  async showSaveDialog(...args: unknown[]) {
    this.saveOptions.push(args.at(-1) as Record<string, unknown>);
    return this.saveAnswer;
  },
  showErrorBox(title: string, content: string) {
    this.errors.push(`${title}: ${content}`);
  },
};

class MockApp extends EventEmitter {
  lock = true;
  calls: string[] = [];
  appUserModelId: string | undefined;
  loginItem: { openAtLogin: boolean; path?: string; args?: string[] } = { openAtLogin: false };
  /** What getLoginItemSettings adds on Windows: false once the user turned the entry off in Task Manager. */
  willLaunchAtLogin = true;
  dock = { hidden: 0, hide: () => void this.dock.hidden++ };
  readyPromise = Promise.resolve();
  requestSingleInstanceLock() {
    return this.lock;
  }
  whenReady() {
    return this.readyPromise;
  }
  quit() {
    this.calls.push('quit');
  }
  exit(code: number) {
    this.calls.push(`exit ${code}`);
  }
  setAppUserModelId(id: string) {
    this.appUserModelId = id;
  }
  setLoginItemSettings(settings: { openAtLogin: boolean; path?: string; args?: string[] }) {
    this.loginItem = settings;
  }
  /** Like Electron: an entry counts only when it names the same program and arguments. */
  getLoginItemSettings(options: { path?: string; args?: string[] } = {}) {
    const same = this.loginItem.path === options.path && JSON.stringify(this.loginItem.args ?? []) === JSON.stringify(options.args ?? []);
    const openAtLogin = this.loginItem.openAtLogin && same;
    return { openAtLogin, executableWillLaunchAtLogin: openAtLogin && this.willLaunchAtLogin };
  }
  getAppPath() {
    return '/app';
  }
  getPath(name: string) {
    return join(tmpdir(), `ntp-monitor-mock-${process.pid}`, name);
  }
  getLocale() {
    return 'en-US';
  }
  getName() {
    return 'NTP Monitor';
  }
  isPackaged = false;
}

export const app = new MockApp();

export function resetElectronMock(): void {
  BrowserWindow.instances = [];
  BrowserWindow.loadError = undefined;
  Tray.instances = [];
  Notification.shown = [];
  Notification.supported = true;
  Notification.activation = undefined;
  ipcMain.handlers.clear();
  powerMonitor.removeAllListeners();
  shell.opened = [];
  clipboard.text = '';
  dialog.errors = [];
  dialog.saveAnswer = { canceled: true, filePath: '' };
  dialog.saveOptions = [];
  dialog.openAnswer = { canceled: true, filePaths: [] };
  dialog.openOptions = [];
  app.removeAllListeners();
  app.calls = [];
  app.lock = true;
  app.dock.hidden = 0;
  app.appUserModelId = undefined;
  app.loginItem = { openAtLogin: false };
  app.willLaunchAtLogin = true;
  app.isPackaged = false;
}

const electron = { app, BrowserWindow, Tray, nativeImage, Menu, Notification, ipcMain, powerMonitor, shell, session, dialog, clipboard };
export default electron;

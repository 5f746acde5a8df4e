/**
 * Electron's tray: shows the TrayView it is given, when TrayUpdates says so (throttled, never the menu while it is
 * open, nor on Linux the tooltip). Keeps the Tray in module scope so it is not garbage-collected.
 */
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions, type NativeImage } from 'electron';
import { join } from 'node:path';
import { trayIconFile, type MenuAction, type MenuItemModel, type TrayView } from './tray-model.js';
import { TrayUpdates, type UpdateClock } from './tray-updates.js';

let tray: Tray | undefined;

export interface TrayIconOptions {
  iconDir: string;
  platform: NodeJS.Platform;
  /** The view to show; called when an update is due, so a burst of requests builds it once. */
  view: () => TrayView;
  onAction: (action: MenuAction) => void;
  /** A click on the icon itself (Linux: "activate"): opens the main window. */
  onActivate: () => void;
  /** Minimum time between two updates; the tests pass 0. */
  minIntervalMs?: number;
  clock?: UpdateClock;
  /** The Tray is made only once this settles (Linux: after the wait for a StatusNotifier host, tray-wait.ts). */
  ready?: Promise<unknown>;
}

export class TrayIcon {
  private shownImage = '';
  private shownMenu = '';
  private shownTooltip = '';
  private readonly updates: TrayUpdates;
  /** Once destroyed (quitting), a late poll result must not bring the icon back. */
  private destroyed = false;
  private waiting: boolean;
  private image: NativeImage | undefined;
  private menu: Menu | undefined;

  constructor(private readonly options: TrayIconOptions) {
    this.updates = new TrayUpdates((withMenu) => this.draw(withMenu), options.clock, options.minIntervalMs);
    this.waiting = options.ready !== undefined;
    void options.ready
      ?.catch(() => undefined)
      .then(() => {
        this.waiting = false;
        this.update();
      });
  }

  /** What the tray shows may have changed: it is redrawn now or at the end of the current interval. */
  update(): void {
    if (!this.destroyed && !this.waiting) this.updates.request();
  }

  /** The live Electron objects (read by the end-to-end suite): undefined until drawn, and after destroy. */
  inspect(): { tray: Tray; image: NativeImage; menu: Menu | undefined } | undefined {
    return tray && this.image && !this.destroyed ? { tray, image: this.image, menu: this.menu } : undefined;
  }

  destroy(): void {
    this.destroyed = true;
    this.updates.dispose();
    tray?.destroy();
    tray = undefined;
  }

  /** Touches Electron only for what changed; the menu is set again after each change, as Linux requires. */
  private draw(withMenu: boolean): void {
    const view = this.options.view();
    const image = join(this.options.iconDir, trayIconFile(view.icon, this.options.platform));
    if (!tray) {
      tray = this.create(image);
    } else if (image !== this.shownImage) {
      this.image = nativeImage.createFromPath(image);
      tray.setImage(this.image);
      this.shownImage = image;
    }
    // Chromium's Linux tray re-sends the whole D-Bus menu with each tooltip (StatusIconLinuxDbus::SetToolTip), and the
    // tooltip changes every poll: there it waits with the menu.
    const tooltipNow = withMenu || this.options.platform !== 'linux';
    if (tooltipNow && view.tooltip !== this.shownTooltip) {
      tray.setToolTip(view.tooltip);
      this.shownTooltip = view.tooltip;
    }
    const menuKey = JSON.stringify(view.menu);
    if (withMenu && menuKey !== this.shownMenu) {
      const menu = Menu.buildFromTemplate(view.menu.map((item) => this.menuItem(item)));
      menu.on('menu-will-show', () => this.updates.menuWillShow());
      menu.on('menu-will-close', () => this.updates.menuWillClose());
      tray.setContextMenu(menu);
      this.menu = menu;
      this.shownMenu = menuKey;
    }
  }

  private create(image: string): Tray {
    this.image = nativeImage.createFromPath(image);
    const created = new Tray(this.image);
    this.shownImage = image;
    // A left click opens the main window (the status window) on Windows, where the right click opens the menu, and
    // on Linux, where a click is an "activation" (when the tray reports it at all; "Status…" in the menu is always
    // there). macOS opens the menu on any click, as menu bar apps do.
    if (this.options.platform !== 'darwin') created.on('click', () => this.options.onActivate());
    return created;
  }

  private menuItem(item: MenuItemModel): MenuItemConstructorOptions {
    if (item.kind === 'separator') return { type: 'separator' };
    if (item.kind === 'status') return { label: item.label, enabled: false };
    const click = () => this.options.onAction(item.action);
    if (item.checked !== undefined) return { label: item.label, type: 'checkbox', checked: item.checked, click };
    return { label: item.label, click };
  }
}

/** Electron's tray: shows a TrayView. Keeps the Tray in module scope so it is not garbage-collected. */
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import { join } from 'node:path';
import { trayIconFile, type MenuAction, type MenuItemModel, type TrayView } from './tray-model.js';

let tray: Tray | undefined;

export class TrayIcon {
  private shownImage = '';
  private shownMenu = '';
  private shownTooltip = '';

  constructor(
    private readonly iconDir: string,
    private readonly platform: NodeJS.Platform,
    private readonly onAction: (action: MenuAction) => void,
  ) {}

  /** Touches Electron only for what changed; the menu is set again after each change, as Linux requires. */
  show(view: TrayView): void {
    const image = join(this.iconDir, trayIconFile(view.icon, this.platform));
    if (!tray) {
      tray = new Tray(nativeImage.createFromPath(image));
      // A click opens the status window on Windows and Linux (macOS opens the menu on a click, as menu bar apps do).
      // Linux may deliver the click as a double click or never: the menu's first action, "Status…", is always there.
      if (this.platform !== 'darwin') tray.on('click', () => this.onAction('status'));
      this.shownImage = image;
    } else if (image !== this.shownImage) {
      tray.setImage(nativeImage.createFromPath(image));
      this.shownImage = image;
    }
    if (view.tooltip !== this.shownTooltip) {
      tray.setToolTip(view.tooltip);
      this.shownTooltip = view.tooltip;
    }
    const menuKey = JSON.stringify(view.menu);
    if (menuKey !== this.shownMenu) {
      tray.setContextMenu(Menu.buildFromTemplate(view.menu.map((item) => this.menuItem(item))));
      this.shownMenu = menuKey;
    }
  }

  destroy(): void {
    tray?.destroy();
    tray = undefined;
  }

  private menuItem(item: MenuItemModel): MenuItemConstructorOptions {
    if (item.kind === 'separator') return { type: 'separator' };
    if (item.kind === 'status') return { label: item.label, enabled: false };
    const click = () => this.onAction(item.action);
    if (item.checked !== undefined) return { label: item.label, type: 'checkbox', checked: item.checked, click };
    return { label: item.label, click };
  }
}

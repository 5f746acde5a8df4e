/**
 * When the tray is touched: at most once per interval however many poll results arrive (50 servers answer within
 * milliseconds of each other), and never the menu while it is open (rebuilding an open menu closes or garbles it on
 * some desktops): the menu change waits for the close. No Electron here; tray.ts feeds the menu's open/close events.
 */

/** The timer functions this needs; the tests pass fake ones. */
export interface UpdateClock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const systemClock: UpdateClock = {
  now: () => Date.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** About four updates a second at most: the eye sees no lag, and 50 results a poll cost one rebuild. */
export const MIN_INTERVAL_MS = 250;
/**
 * Some Linux trays never report the menu's close. After this long "open" the menu is taken as closed, so it cannot
 * freeze for good; a menu really open that long gets rebuilt once, which is the lesser harm.
 */
export const MENU_OPEN_MAX_MS = 30_000;

export class TrayUpdates {
  private lastAt = Number.NEGATIVE_INFINITY;
  private timer: unknown;
  private openedAt: number | undefined;
  private menuOwed = false;

  /** `render(withMenu)` draws the current view; with `withMenu` false it must leave the menu as it is. */
  constructor(
    private readonly render: (withMenu: boolean) => void,
    private readonly clock: UpdateClock = systemClock,
    private readonly minIntervalMs = MIN_INTERVAL_MS,
  ) {}

  /** Something shown may have changed: draw now, or once at the end of the current interval. */
  request(): void {
    if (this.timer !== undefined) return;
    const wait = this.lastAt + this.minIntervalMs - this.clock.now();
    if (wait <= 0) this.flush();
    else this.timer = this.clock.setTimeout(() => this.flush(), wait);
  }

  menuWillShow(): void {
    this.openedAt = this.clock.now();
  }

  menuWillClose(): void {
    this.openedAt = undefined;
    if (this.menuOwed) this.request();
  }

  dispose(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private flush(): void {
    this.timer = undefined;
    const now = this.clock.now();
    this.lastAt = now;
    const menuOpen = this.openedAt !== undefined && now - this.openedAt < MENU_OPEN_MAX_MS;
    this.menuOwed = menuOpen;
    this.render(!menuOpen);
  }
}

/// <reference lib="dom" />
/**
 * The real app in a real Electron: started with its own --user-data-dir holding settings that point at a loopback
 * chronyd and, on Linux, its own D-Bus session bus (a panel's StatusNotifierWatcher with a host, a notification
 * capture in place of a daemon). It checks the real Tray (image, menu, its StatusNotifierItem registered, its D-Bus
 * menu still while open across a poll), an XEmbed-only tray, the settings window, a second launch, Quit from the
 * menu, and starts the packaged `electron-builder --dir` output once, drawing the status chart from the history thread.
 * Runs wherever an Electron runtime is installed and says loudly when it is skipped.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, _electron as electron, type ElectronApplication } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desktop } from '../../main/desktop/desktop.js';
import type { TrayView } from '../../main/desktop/tray/tray-model.js';
import { defaultSettings } from '../../main/settings/settings.js';
import { startChronyd, type Chronyd } from '../support/chronyd.js';
import { captureNotifications, type CapturedNotification } from '../support/notification-capture.js';
import { startSessionBus, type SessionBus } from '../support/session-bus.js';
import { openItemMenu, startWatcher, type FakeWatcher } from '../support/status-notifier-watcher.js';
import { electronExecutable, whyNoElectron } from './electron-runtime.js';

const reason = whyNoElectron();
if (reason) {
  const line = '!'.repeat(100);
  console.warn(`\n${line}\n!!! END-TO-END ELECTRON SUITE SKIPPED: ${reason}.\n!!! The desktop app was NOT started in a real Electron in this run.\n${line}\n`);
}

const root = fileURLToPath(new URL('../..', import.meta.url));
const linux = process.platform === 'linux';
type Hooks = { ntpMonitor?: Desktop };

/**
 * Chromium refuses to run as root with its sandbox. Only this harness, in a root CI container, passes --no-sandbox,
 * out in the open; the app never turns its sandbox off (README: the AppArmor / chrome-sandbox fix).
 */
const sandboxArgs = process.getuid?.() === 0 ? ['--no-sandbox'] : [];

/** The programs the XEmbed-only test needs (a standalone XEmbed tray, and a way to see what it embeds). */
const xembedTools = ['stalonetray', 'xwininfo'].filter((tool) => {
  try {
    execFileSync('which', [tool], { stdio: 'ignore' });
    return false;
  } catch {
    return true;
  }
});
if (!reason && linux && xembedTools.length > 0) {
  console.warn(`\n!!! END-TO-END XEMBED TRAY TEST SKIPPED: ${xembedTools.join(', ')} not installed (apt-get install stalonetray x11-utils).\n`);
}

/** Settings that poll `server` every 15 s and alarm at once, written as the app's config.json in `userData`. */
function writeSettings(userData: string, server: string): void {
  const settings = { ...defaultSettings([server]), confirm: 1, intervalSeconds: 15, notifications: true };
  writeFileSync(join(userData, 'config.json'), JSON.stringify(settings));
}

/** The environment for a launch: no inherited ELECTRON_RUN_AS_NODE (it makes Electron a plain Node), the private bus. */
function launchEnv(userData: string, bus?: SessionBus): Record<string, string> {
  const env = { ...process.env, XDG_CONFIG_HOME: join(userData, 'xdg') } as Record<string, string>;
  delete env.ELECTRON_RUN_AS_NODE;
  if (bus) env.DBUS_SESSION_BUS_ADDRESS = bus.address;
  return env;
}

describe.skipIf(reason !== undefined)('desktop app in Electron', () => {
  let chronyd: Chronyd;
  let userData: string;
  let bus: SessionBus | undefined;
  let notifications: CapturedNotification[] = [];
  let watcher: FakeWatcher | undefined;
  let env: Record<string, string>;
  let app: ElectronApplication;

  beforeAll(async () => {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
    execFileSync(process.execPath, ['scripts/bundle.mjs'], { cwd: root, stdio: 'inherit' });
    chronyd = await startChronyd();
    userData = mkdtempSync(join(tmpdir(), 'ntp-monitor-e2e-'));
    writeSettings(userData, chronyd.server);
    if (linux) {
      bus = await startSessionBus();
      notifications = await captureNotifications(bus);
      // A panel is up: its watcher says a host is registered, so Chromium makes a StatusNotifierItem.
      watcher = await startWatcher(bus, true);
    }
    env = launchEnv(userData, bus);
    app = await electron.launch({ executablePath: electronExecutable()!, args: [root, `--user-data-dir=${userData}`, '--lang=en-US', ...sandboxArgs], env });
  }, 180_000);

  afterAll(async () => {
    await app?.close().catch(() => {});
    await chronyd?.stop();
    await bus?.stop();
    if (userData) rmSync(userData, { recursive: true, force: true });
  });

  const tray = () => app.evaluate(() => (globalThis as unknown as Hooks).ntpMonitor?.trayView() as TrayView | undefined);

  it('shows a real tray: a non-empty image and a menu ending in Quit; it turns green once chronyd answers', async () => {
    await expect.poll(async () => (await tray())?.icon, { timeout: 20_000 }).toBe('ok');
    const live = await app.evaluate(() => {
      const inspected = (globalThis as unknown as Hooks).ntpMonitor?.inspectTray();
      if (!inspected) return undefined;
      return {
        destroyed: inspected.tray.isDestroyed(),
        imageEmpty: inspected.image.isEmpty(),
        size: inspected.image.getSize(),
        labels: inspected.menu?.items.map((item) => item.label) ?? [],
      };
    });
    expect(live).toBeDefined();
    expect(live!.destroyed).toBe(false);
    expect(live!.imageEmpty).toBe(false);
    expect(live!.size.width).toBeGreaterThan(0);
    // First the verdict on this computer's clock (one server is too few for one), then a line per server.
    expect(live!.labels[0]).toBe('This computer: no verdict (1 answering, 3 needed)');
    expect(live!.labels[1]).toMatch(new RegExp(`^${chronyd.server.replace(/[.[\]]/g, '\\$&')}: [+-]\\d+\\.\\d+ ms OK$`));
    expect(live!.labels.at(-1)).toBe('Quit');
  });

  it.runIf(linux)('registers a StatusNotifierItem with the panel\'s watcher, and opens no window nor announces a missing tray', async () => {
    await expect.poll(() => watcher!.items.length, { timeout: 20_000 }).toBe(1);
    expect(watcher!.items[0]).toMatch(/^org\.kde\.StatusNotifierItem-\d+-\d+$/);
    expect(notifications.map((n) => n.summary)).not.toContain('No tray icon on this desktop');
    expect(app.windows()).toHaveLength(0);
  });

  it.runIf(linux)('keeps its D-Bus menu still while the panel has it open across a poll, and republishes it once closed', async () => {
    const menu = await openItemMenu(bus!.address, watcher!.items[0]!);
    const lastCheck = () => app.evaluate(() => (globalThis as unknown as Hooks).ntpMonitor?.monitor.statuses()[0]?.lastCheckAt);
    try {
      await menu.event('opened');
      menu.since();
      const before = await lastCheck();
      // A poll (every 15 s) changes the tooltip's "checked" time; on Linux setting the tooltip re-sends the menu.
      await expect.poll(lastCheck, { timeout: 40_000 }).not.toBe(before);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(menu.republished()).toBe(0);
      await menu.event('closed');
      await expect.poll(() => menu.republished(), { timeout: 5_000 }).toBeGreaterThan(0);
    } finally {
      menu.close();
    }
  }, 60_000);

  it('opens the hardened settings window, saves and applies at once', async () => {
    const opened = app.waitForEvent('window');
    await app.evaluate(() => (globalThis as unknown as { ntpMonitor: Desktop }).ntpMonitor.openSettings());
    const page = await opened;
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.locator('#server-0').inputValue()).toBe(chronyd.server);
    // Sandboxed and isolated: no Node in the page, only the narrow API.
    expect(await page.evaluate(() => [typeof (globalThis as any).require, typeof (globalThis as any).process, Object.keys((window as any).ntpMonitor).sort().join()])).toEqual([
      'undefined',
      'undefined',
      'close,load,save,status,test',
    ]);
    // Main validates too: a bad payload straight through the API is refused.
    expect(await page.evaluate(() => (window as any).ntpMonitor.save({ servers: 'x' }))).toMatchObject({ ok: false });

    await page.getByLabel('Check interval').fill('30');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.locator('#status').textContent()).toBe('Saved and applied.');
    expect(JSON.parse(readFileSync(join(userData, 'config.json'), 'utf8')).intervalSeconds).toBe(30);
    expect(await app.evaluate(() => (globalThis as unknown as { ntpMonitor: Desktop }).ntpMonitor.settings().intervalSeconds)).toBe(30);

    // Navigation away is refused.
    await page.evaluate(() => void (location.href = 'http://127.0.0.1:9/'));
    await expect.poll(() => page.url()).toMatch(/^file:.*settings\.html$/);
    await page.close();
    // Closing the window does not quit a tray app.
    expect(await app.evaluate(() => (globalThis as unknown as Hooks).ntpMonitor !== undefined)).toBe(true);
  });

  it('a second launch exits at once and the first instance opens its main window', async () => {
    const opened = app.waitForEvent('window');
    const second = spawn(electronExecutable()!, [root, `--user-data-dir=${userData}`, ...sandboxArgs], { env, stdio: 'ignore' });
    const code = await new Promise<number | null>((resolve) => second.once('exit', resolve));
    expect(code).toBe(0);
    const page = await opened;
    expect(page.url()).toMatch(/status\.html$/);
    await page.close();
  });

  it('quits from the tray menu: the process ends', async () => {
    const closed = app.waitForEvent('close');
    await app.evaluate(() => {
      const quit = (globalThis as unknown as Hooks).ntpMonitor?.inspectTray()?.menu?.items.find((item) => item.label === 'Quit');
      quit?.click();
    });
    await closed;
    expect(app.process().exitCode ?? app.process().signalCode).not.toBeNull();
  });
});

describe.skipIf(reason !== undefined || !linux)('the packaged app (electron-builder --dir)', () => {
  it('starts from release/linux-unpacked, registers its tray, and draws the status chart from the history thread', async () => {
    const builder = createRequire(import.meta.url).resolve('electron-builder/cli.js');
    // The runtime already here, not a download; --dir makes the unpacked app only (no AppImage, no deb).
    execFileSync(process.execPath, [builder, '--linux', '--dir', '--config', 'electron-builder.yml', `-c.electronDist=${dirname(electronExecutable()!)}`], {
      cwd: root,
      stdio: 'inherit',
    });
    const executable = join(root, 'release', 'linux-unpacked', 'ntp-monitor');
    expect(existsSync(executable)).toBe(true);
    const bus = await startSessionBus();
    const chronyd = await startChronyd();
    const userData = mkdtempSync(join(tmpdir(), 'ntp-monitor-packaged-'));
    try {
      writeSettings(userData, chronyd.server);
      const watcher = await startWatcher(bus, true);
      const env = launchEnv(userData, bus);
      // The packaged fuses refuse --inspect (so no Playwright launch); Chromium's own DevTools port is still there.
      const args = [`--user-data-dir=${userData}`, '--remote-debugging-port=0', ...sandboxArgs];
      const child = spawn(executable, args, { env, stdio: 'inherit' });
      try {
        // Its StatusNotifierItem reaching the watcher proves the packaged app is up.
        await expect.poll(() => watcher.items.length, { timeout: 60_000 }).toBe(1);
        expect(child.exitCode).toBeNull();
        const port = readFileSync(join(userData, 'DevToolsActivePort'), 'utf8').split('\n')[0];
        const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
        try {
          // A second launch opens the first one's status window.
          const second = spawn(executable, args.filter((a) => !a.startsWith('--remote-debugging-port')), { env, stdio: 'ignore' });
          await new Promise((resolve) => second.once('exit', resolve));
          const status = async () => browser.contexts().flatMap((c) => c.pages()).find((p) => p.url().endsWith('status.html'));
          await expect.poll(async () => (await status()) !== undefined, { timeout: 20_000 }).toBe(true);
          const page = (await status())!;
          // The chart's series come from the worker thread inside app.asar: drawn, with chronyd's samples in it.
          await page.waitForSelector('#charts[data-state="drawn"]', { timeout: 60_000 });
          await expect.poll(() => page.locator('#no-data').isHidden(), { timeout: 40_000 }).toBe(true);
        } finally {
          await browser.close();
        }
      } finally {
        child.kill();
      }
    } finally {
      await bus.stop();
      await chronyd.stop();
      rmSync(userData, { recursive: true, force: true });
    }
  }, 600_000);
});

describe.skipIf(reason !== undefined || !linux || xembedTools.length > 0)('an X11 session with only an XEmbed tray (i3bar, polybar, MATE)', () => {
  it('shows the icon in the XEmbed tray, and neither announces a missing tray nor opens its window', async () => {
    const chronyd = await startChronyd();
    const bus = await startSessionBus();
    const userData = mkdtempSync(join(tmpdir(), 'ntp-monitor-xembed-'));
    const tray = spawn('stalonetray', ['--window-type', 'normal'], { stdio: 'ignore' });
    let app: ElectronApplication | undefined;
    try {
      writeSettings(userData, chronyd.server);
      const notifications = await captureNotifications(bus);
      // No StatusNotifierWatcher on this bus: Chromium falls back to a GtkStatusIcon, which stalonetray embeds.
      const env = launchEnv(userData, bus);
      delete env.WAYLAND_DISPLAY;
      env.XDG_SESSION_TYPE = 'x11';
      app = await electron.launch({ executablePath: electronExecutable()!, args: [root, `--user-data-dir=${userData}`, '--lang=en-US', ...sandboxArgs], env });
      const embedded = () => Number(/(\d+) child(ren)?:/.exec(execFileSync('xwininfo', ['-tree', '-name', 'stalonetray'], { encoding: 'utf8' }))?.[1] ?? 0);
      // The app waits up to TRAY_WAIT_MS for a watcher that never comes, then makes the tray.
      await expect.poll(embedded, { timeout: 40_000 }).toBeGreaterThan(0);
      expect(notifications.map((n) => n.summary)).not.toContain('No tray icon on this desktop');
      expect(app.windows()).toHaveLength(0);
    } finally {
      await app?.close().catch(() => {});
      tray.kill();
      await bus.stop();
      await chronyd.stop();
      rmSync(userData, { recursive: true, force: true });
    }
  }, 120_000);
});

/// <reference lib="dom" />
/**
 * The real app in a real Electron: started with its own --user-data-dir holding settings that point at a loopback
 * chronyd and, on Linux, its own D-Bus session bus (no tray watcher, a notification capture in place of a daemon).
 * It checks the real Tray (image, menu), the no-tray fallback (window and notice), the settings window, a second
 * launch, Quit from the menu, and starts the packaged `electron-builder --dir` output once.
 * Runs wherever an Electron runtime is installed and says loudly when it is skipped.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, type ElectronApplication } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desktop } from '../../main/desktop/desktop.js';
import type { TrayView } from '../../main/desktop/tray-model.js';
import { defaultSettings } from '../../main/settings/settings.js';
import { startChronyd, type Chronyd } from '../support/chronyd.js';
import { captureNotifications, type CapturedNotification } from '../support/notification-capture.js';
import { startSessionBus, type SessionBus } from '../support/session-bus.js';
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

describe.skipIf(reason !== undefined)('desktop app in Electron', () => {
  let chronyd: Chronyd;
  let userData: string;
  let bus: SessionBus | undefined;
  let notifications: CapturedNotification[] = [];
  let env: Record<string, string>;
  let app: ElectronApplication;

  beforeAll(async () => {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
    execFileSync(process.execPath, ['scripts/bundle.mjs'], { cwd: root, stdio: 'inherit' });
    chronyd = await startChronyd();
    userData = mkdtempSync(join(tmpdir(), 'ntp-monitor-e2e-'));
    const settings = { ...defaultSettings([chronyd.server]), confirm: 1, intervalSeconds: 15, notifications: true };
    writeFileSync(join(userData, 'config.json'), JSON.stringify(settings));
    env = { ...process.env, XDG_CONFIG_HOME: join(userData, 'xdg') } as Record<string, string>;
    // An inherited ELECTRON_RUN_AS_NODE would make Electron a plain Node and the launch fail.
    delete env.ELECTRON_RUN_AS_NODE;
    if (linux) {
      bus = await startSessionBus();
      notifications = await captureNotifications(bus);
      env.DBUS_SESSION_BUS_ADDRESS = bus.address;
    }
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

  it.runIf(linux)('on a session without a tray watcher: opens its window and says so through the notification daemon', async () => {
    await expect.poll(() => notifications.map((n) => n.summary), { timeout: 20_000 }).toContain('No tray icon on this desktop');
    expect(notifications.find((n) => n.summary === 'No tray icon on this desktop')!.body).toContain('StatusNotifierWatcher');
    await expect.poll(() => app.windows().length, { timeout: 20_000 }).toBe(1);
    await app.windows()[0]!.close();
  });

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
    await expect.poll(() => page.url()).toMatch(/^file:.*index\.html$/);
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
  it('starts from release/linux-unpacked and reaches the notification daemon', async () => {
    const builder = createRequire(import.meta.url).resolve('electron-builder/cli.js');
    // The runtime already here, not a download; --dir makes the unpacked app only (no AppImage, no deb).
    execFileSync(process.execPath, [builder, '--linux', '--dir', '--config', 'electron-builder.yml', `-c.electronDist=${dirname(electronExecutable()!)}`], {
      cwd: root,
      stdio: 'inherit',
    });
    const executable = join(root, 'release', 'linux-unpacked', 'ntp-monitor');
    expect(existsSync(executable)).toBe(true);
    const bus = await startSessionBus();
    const userData = mkdtempSync(join(tmpdir(), 'ntp-monitor-packaged-'));
    try {
      const notifications = await captureNotifications(bus);
      const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: bus.address, XDG_CONFIG_HOME: join(userData, 'xdg') } as Record<string, string>;
      delete env.ELECTRON_RUN_AS_NODE;
      const child = spawn(executable, [`--user-data-dir=${userData}`, ...sandboxArgs], { env, stdio: 'inherit' });
      try {
        // No tray watcher on this bus: the packaged app says so through the daemon, which proves it is up.
        await expect.poll(() => notifications.map((n) => n.summary), { timeout: 60_000 }).toContain('No tray icon on this desktop');
        expect(child.exitCode).toBeNull();
      } finally {
        child.kill();
      }
    } finally {
      await bus.stop();
      rmSync(userData, { recursive: true, force: true });
    }
  }, 600_000);
});

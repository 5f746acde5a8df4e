/// <reference lib="dom" />
/**
 * The real app in a real Electron: started with its own --user-data-dir holding settings that point at a loopback
 * chronyd; the tray state is read from the main process; the settings window is opened, used, saved; the app quits.
 * Runs wherever an Electron runtime is installed and says loudly when it is skipped.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, type ElectronApplication } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desktop } from '../../main/desktop/desktop.js';
import type { TrayView } from '../../main/desktop/tray-model.js';
import { defaultSettings } from '../../main/settings/settings.js';
import { startChronyd, type Chronyd } from '../support/chronyd.js';
import { electronExecutable, whyNoElectron } from './electron-runtime.js';

const reason = whyNoElectron();
if (reason) {
  const line = '!'.repeat(100);
  console.warn(`\n${line}\n!!! END-TO-END ELECTRON SUITE SKIPPED: ${reason}.\n!!! The desktop app was NOT started in a real Electron in this run.\n${line}\n`);
}

const root = fileURLToPath(new URL('../..', import.meta.url));

describe.skipIf(reason !== undefined)('desktop app in Electron', () => {
  let chronyd: Chronyd;
  let userData: string;
  let app: ElectronApplication;

  beforeAll(async () => {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
    execFileSync(process.execPath, ['scripts/bundle.mjs'], { cwd: root, stdio: 'inherit' });
    chronyd = await startChronyd();
    userData = mkdtempSync(join(tmpdir(), 'ntp-monitor-e2e-'));
    const settings = { ...defaultSettings([chronyd.server]), confirm: 1, intervalSeconds: 15, notifications: false };
    writeFileSync(join(userData, 'config.json'), JSON.stringify(settings));
    const env = { ...process.env, XDG_CONFIG_HOME: join(userData, 'xdg') } as Record<string, string>;
    // An inherited ELECTRON_RUN_AS_NODE would make Electron a plain Node and the launch fail.
    delete env.ELECTRON_RUN_AS_NODE;
    app = await electron.launch({ executablePath: electronExecutable()!, args: [root, `--user-data-dir=${userData}`, '--lang=en-US'], env });
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await chronyd?.stop();
    if (userData) rmSync(userData, { recursive: true, force: true });
  });

  const tray = () => app.evaluate(() => (globalThis as unknown as { ntpMonitor?: Desktop }).ntpMonitor?.trayView() as TrayView | undefined);

  it('starts without a window and turns the tray green once chronyd answers', async () => {
    expect(app.windows()).toHaveLength(0);
    await expect.poll(async () => (await tray())?.icon, { timeout: 20_000 }).toBe('ok');
    const view = (await tray())!;
    const first = view.menu[0];
    expect(first?.kind === 'status' && first.label).toMatch(new RegExp(`^${chronyd.server}: [+-]\\d+\\.\\d+ ms OK, checked `));
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
      'close,load,save,test',
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
    expect(await app.evaluate(() => (globalThis as unknown as { ntpMonitor?: Desktop }).ntpMonitor !== undefined)).toBe(true);
  });
});

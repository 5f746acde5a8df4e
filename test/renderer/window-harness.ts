/// <reference lib="dom" />
/**
 * The settings window in real headless Chromium, loaded from the built files like Electron loads it. The preload API
 * is replaced by a double whose calls run main's own IPC handlers in Node (real validation, real queryServer) over an
 * in-memory store.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { API_NAME, CHANNELS } from '../../main/contract.js';
import { createIpcHandlers } from '../../main/desktop/ipc-handlers.js';
import type { Language } from '../../main/i18n/translate.js';
import { queryServer } from '../../main/ntp/query.js';
import type { Settings } from '../../main/settings/settings.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
let windowUrl: string | undefined;

/**
 * Bundles preload and window from the current sources with the script `npm run build` runs, into a directory of this
 * test file's own (files run side by side), and returns that directory.
 */
export function bundleWindow(): string {
  const out = mkdtempSync(join(tmpdir(), 'ntp-monitor-bundle-'));
  execFileSync(process.execPath, [`${root}scripts/bundle.mjs`, '--out', out], { cwd: root, stdio: 'inherit' });
  windowUrl = pathToFileURL(join(out, 'renderer', 'index.html')).href;
  return out;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export interface MemoryStore {
  settings: Settings;
  saves: number;
  closes: number;
  /** When set, writing fails with this message, as a full disk or a read-only file would. */
  failWrites?: string;
}

export interface WindowOptions {
  store: MemoryStore;
  systemLanguage?: Language;
  colorScheme?: 'light' | 'dark';
}

export async function openWindow(browser: Browser, options: WindowOptions): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: 560, height: 680 }, colorScheme: options.colorScheme ?? 'light' });
  const page = await context.newPage();
  const { store } = options;
  const handlers = createIpcHandlers({
    current: () => store.settings,
    apply: (checked) => {
      if (store.failWrites) throw new Error(store.failWrites);
      store.settings = checked.settings;
      store.saves++;
    },
    systemLanguage: () => options.systemLanguage ?? 'en',
    query: (server, q) => queryServer(server, { ...q, language: options.systemLanguage ?? 'en' }),
    closeWindow: () => void store.closes++,
  });
  // Everything crosses as JSON, as it would through Electron's structured clone.
  await page.exposeFunction('__ipc', async (channel: keyof typeof handlers, args: unknown[]) =>
    JSON.parse(JSON.stringify((await (handlers[channel] as (...a: unknown[]) => Promise<unknown>)(...args)) ?? null)),
  );
  await page.addInitScript(
    ({ name, channels }) => {
      const call = (channel: string, ...args: unknown[]) => (window as any).__ipc(channel, args);
      (window as any)[name] = {
        load: () => call(channels.load),
        save: (settings: unknown) => call(channels.save, settings),
        test: (server: unknown) => call(channels.test, server),
        close: () => call(channels.close),
      };
    },
    { name: API_NAME, channels: CHANNELS },
  );
  // Anything the page complains about (CSP violations, script errors) fails the tests that look at it.
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  if (!windowUrl) throw new Error('bundleWindow() first');
  await page.goto(windowUrl);
  await page.waitForSelector('body[data-ready="true"]');
  return { page, problems };
}

/// <reference lib="dom" />
/**
 * The app's windows in real headless Chromium, loaded from the built files like Electron loads them. The preload API
 * is replaced by a double whose calls run main's own IPC handlers in Node (real validation, real queryAny, a real
 * history file) over an in-memory store; pushes from main reach the page's onUpdate listeners as they would.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { API_NAME, SETTINGS_CHANNELS, STATUS_CHANNELS, type StatusView } from '../../main/contract.js';
import { createSettingsHandlers } from '../../main/desktop/windows/settings-handlers.js';
import type { Language } from '../../main/i18n/translate.js';
import { createStatusHandlers, type StatusHost } from '../../main/desktop/windows/status-handlers.js';
import { queryAny } from '../../main/ntp/query-any.js';
import type { Settings } from '../../main/settings/settings.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
let bundleDir: string | undefined;

/**
 * Bundles preload and window from the current sources with the script `npm run build` runs, into a directory of this
 * test file's own (files run side by side), and returns that directory.
 */
export function bundleWindow(): string {
  const out = mkdtempSync(join(tmpdir(), 'ntp-monitor-bundle-'));
  execFileSync(process.execPath, [`${root}scripts/bundle.mjs`, '--out', out], { cwd: root, stdio: 'inherit' });
  bundleDir = out;
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
  /** What main's CA file dialog answers (undefined: cancelled), and how many times it was opened. */
  pickedCa?: string;
  picks?: number;
  /** What the window last told main about unsaved edits. */
  unsaved?: boolean;
}

export interface WindowOptions {
  store: MemoryStore;
  systemLanguage?: Language;
  colorScheme?: 'light' | 'dark';
  /** The status window's main side; without it the status calls are refused, as from the wrong window. */
  status?: StatusHost;
  page?: 'settings.html' | 'status.html';
  viewport?: { width: number; height: number };
  /** The CA (PEM) main would pass to NTS tests: the applied settings' one. */
  ca?: string;
}

export interface OpenedWindow {
  page: Page;
  problems: string[];
  /** What main's push of a new StatusView does: every onUpdate listener gets it. */
  push(view: StatusView): Promise<void>;
}

export async function openWindow(browser: Browser, options: WindowOptions): Promise<OpenedWindow> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 560, height: 680 }, colorScheme: options.colorScheme ?? 'light' });
  const page = await context.newPage();
  const { store } = options;
  const handlers = createSettingsHandlers({
    current: () => store.settings,
    apply: (checked) => {
      if (store.failWrites) throw new Error(store.failWrites);
      store.settings = checked.settings;
      store.saves++;
    },
    systemLanguage: () => options.systemLanguage ?? 'en',
    query: (server, q) => queryAny(server, { ...q, ...(options.ca !== undefined && { ca: options.ca }) }),
    closeWindow: () => void store.closes++,
    unsaved: (unsaved) => void (store.unsaved = unsaved),
    chooseCaFile: async () => {
      store.picks = (store.picks ?? 0) + 1;
      return store.pickedCa;
    },
  });
  const statusHandlers = options.status ? createStatusHandlers(options.status) : {};
  const all: Record<string, (...args: unknown[]) => Promise<unknown>> = { ...handlers, ...statusHandlers } as never;
  // Everything crosses as JSON, as it would through Electron's structured clone.
  await page.exposeFunction('__ipc', async (channel: string, args: unknown[]) => {
    const handler = all[channel];
    if (!handler) throw new Error(`Refused ${channel}: the request does not come from the right window.`);
    return JSON.parse(JSON.stringify((await handler(...args)) ?? null));
  });
  await page.addInitScript(
    ({ name, channels, status }) => {
      const call = (channel: string, ...args: unknown[]) => (window as any).__ipc(channel, args);
      const listeners = new Set<(view: unknown) => void>();
      (window as any).__push = (view: unknown) => listeners.forEach((listener) => listener(structuredClone(view)));
      // What main does when the user closes the settings window with unsaved edits.
      const closeListeners = new Set<() => void>();
      (window as any).__requestClose = () => closeListeners.forEach((listener) => listener());
      (window as any)[name] = {
        load: () => call(channels.load),
        save: (settings: unknown) => call(channels.save, settings),
        test: (server: unknown) => call(channels.test, server),
        close: () => call(channels.close),
        chooseCa: () => call(channels.chooseCa),
        unsaved: (unsaved: unknown) => call(channels.unsaved, unsaved),
        onCloseRequest: (listener: () => void) => {
          closeListeners.add(listener);
          return () => closeListeners.delete(listener);
        },
        status: {
          load: () => call(status.load),
          series: (request: unknown) => call(status.series, request),
          exportCsv: (request: unknown) => call(status.exportCsv, request),
          openSettings: () => call(status.openSettings),
          snooze: (request: unknown) => call(status.snooze, request),
          checkNow: (request: unknown) => call(status.checkNow, request),
          copyDiagnostics: () => call(status.copyDiagnostics),
          onUpdate: (listener: (view: unknown) => void) => {
            listeners.add(listener);
            return () => listeners.delete(listener);
          },
        },
      };
    },
    { name: API_NAME, channels: SETTINGS_CHANNELS, status: STATUS_CHANNELS },
  );
  // Anything the page complains about (CSP violations, script errors) fails the tests that look at it.
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  if (!bundleDir) throw new Error('bundleWindow() first');
  await page.goto(pathToFileURL(join(bundleDir, 'renderer', options.page ?? 'settings.html')).href);
  await page.waitForSelector('body[data-ready="true"]');
  const push = async (view: StatusView) => void (await page.evaluate((v) => (window as any).__push(v), JSON.parse(JSON.stringify(view))));
  return { page, problems, push };
}

/**
 * The README's screenshots are taken by `npm run screenshots` only (UPDATE_SCREENSHOTS=1): a picture is for a person to
 * look at, and every window test already checks what the window draws.
 */
export const TAKING_SCREENSHOTS = Boolean(process.env.UPDATE_SCREENSHOTS);

/** Where `npm run screenshots` writes: the committed docs/screenshots/. */
export function screenshotDir(): string {
  const out = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
  mkdirSync(out, { recursive: true });
  return out;
}

/** Each window is shown in both languages and both themes. */
export const SCREENSHOT_VARIANTS = [
  ['en', 'light'],
  ['en', 'dark'],
  ['zh-CN', 'light'],
  ['zh-CN', 'dark'],
] as const;

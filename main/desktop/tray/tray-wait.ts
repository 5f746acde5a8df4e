/**
 * At start on Linux, a bounded wait for the panel's StatusNotifier watcher and host before the Tray is made. Chromium
 * chooses between a StatusNotifierItem and the GtkStatusIcon fallback once, when the Tray is constructed, and an app
 * started at login can run before the panel has registered: its icon would then be lost for the whole session.
 * No Electron here; app.ts makes the Tray once this settles.
 */
import type { StatusNotifierState } from './tray-support.js';

/** Long enough for a panel that starts with the session; a session with no StatusNotifier host pays it per start. */
export const TRAY_WAIT_MS = 15_000;
/** Between two questions: each runs gdbus once (a few milliseconds). */
export const TRAY_WAIT_STEP_MS = 500;

/** The state the wait ended on, and how long it took. */
export interface TrayWait {
  state: StatusNotifierState;
  waitedMs: number;
}

export interface TrayWaitOptions {
  limitMs?: number;
  stepMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Asks until watcher and host are there, nobody can ask (no tool, no bus), or the limit has passed. */
export async function waitForStatusNotifier(ask: () => Promise<StatusNotifierState>, options: TrayWaitOptions = {}): Promise<TrayWait> {
  const { limitMs = TRAY_WAIT_MS, stepMs = TRAY_WAIT_STEP_MS, now = Date.now, sleep = sleepFor } = options;
  const start = now();
  for (;;) {
    const state = await ask();
    const waitedMs = now() - start;
    if (state === 'ready' || state === 'cannot-ask' || waitedMs >= limitMs) return { state, waitedMs };
    await sleep(Math.min(stepMs, limitMs - waitedMs));
  }
}

/** The log line for a wait, or undefined when there was nothing to wait for. */
export function describeTrayWait(wait: TrayWait): string | undefined {
  const seconds = (wait.waitedMs / 1000).toFixed(1);
  if (wait.state === 'ready') return wait.waitedMs > 0 ? `Tray: waited ${seconds} s for the StatusNotifier watcher and host; the tray is made now.` : undefined;
  if (wait.state === 'cannot-ask') return 'Tray: the session bus could not be asked about a StatusNotifier host (no gdbus or dbus-send, or no bus); the tray is made at once.';
  const what = wait.state === 'no-watcher' ? 'no StatusNotifierWatcher' : 'a StatusNotifierWatcher without a registered host';
  return `Tray: ${what} after ${seconds} s; the tray is made anyway (it shows only where an XEmbed tray takes the fallback icon).`;
}

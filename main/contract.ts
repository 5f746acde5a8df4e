/**
 * The one contract between the main process, the preload and the settings window: channel names, what each carries
 * and what the preload exposes as `window.ntpMonitor`. Type-only imports, so bundling it pulls in no engine code.
 */
import type { Language } from './i18n/translate.js';
import type { QueryResult } from './sample/sample.js';
import type { Settings } from './settings/settings.js';
import type { Problem } from './settings/validate.js';

export const CHANNELS = {
  load: 'ntp-monitor:load',
  save: 'ntp-monitor:save',
  test: 'ntp-monitor:test',
  close: 'ntp-monitor:close',
} as const;

/** What the window needs to draw itself: the saved settings and the OS language for the "system" choice. */
export interface WindowData {
  settings: Settings;
  systemLanguage: Language;
}

export type SaveResponse = { ok: true; settings: Settings } | { ok: false; errors: Problem[] };
export type TestResponse = { ok: true; result: QueryResult } | { ok: false; errors: Problem[] };

/** Requests and responses per channel, so main's handlers and the preload cannot disagree. */
export interface ChannelTypes {
  [CHANNELS.load]: { request: []; response: WindowData };
  [CHANNELS.save]: { request: [settings: unknown]; response: SaveResponse };
  [CHANNELS.test]: { request: [server: unknown]; response: TestResponse };
  [CHANNELS.close]: { request: []; response: void };
}

/** `window.ntpMonitor` in the settings window. Payloads are `unknown` on purpose: main validates them all. */
export interface NtpMonitorApi {
  load(): Promise<WindowData>;
  save(settings: unknown): Promise<SaveResponse>;
  test(server: unknown): Promise<TestResponse>;
  close(): Promise<void>;
}

export const API_NAME = 'ntpMonitor';

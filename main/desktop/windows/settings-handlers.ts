/**
 * What each settings-window IPC channel does, with every payload validated by the engine. No Electron here: ipc.ts registers these
 * with ipcMain after checking the sender; the browser tests drive the same functions as the window's test double.
 */
import { SETTINGS_CHANNELS, type SettingsChannelTypes, type SettingsWindowData } from '../../contract.js';
import type { Language } from '../../i18n/translate.js';
import type { QueryResult } from '../../ntp/result.js';
import { parseAnyServer, type ServerAddress } from '../../ntp/address.js';
import { withCa } from '../../settings/ca-file.js';
import type { Settings } from '../../settings/settings.js';
import { validateSettings, type CheckedSettings } from '../../settings/validate.js';

export interface SettingsHost {
  current(): Settings;
  /** Stores and applies settings that have passed validation. */
  apply(checked: CheckedSettings): Promise<void> | void;
  systemLanguage(): Language;
  query(server: ServerAddress, options: { timeoutMs: number }): Promise<QueryResult>;
  closeWindow(): void;
  /** Main's open dialog for the NTS CA file; undefined when cancelled. */
  chooseCaFile(): Promise<string | undefined>;
  /** Whether the window holds unsaved edits (closing it then asks first). */
  unsaved(unsaved: boolean): void;
}

export type SettingsIpcHandlers = {
  [K in keyof SettingsChannelTypes]: (...args: SettingsChannelTypes[K]['request']) => Promise<SettingsChannelTypes[K]['response']>;
};

export function createSettingsHandlers(host: SettingsHost): SettingsIpcHandlers {
  return {
    [SETTINGS_CHANNELS.load]: async (): Promise<SettingsWindowData> => ({ settings: host.current(), systemLanguage: host.systemLanguage() }),
    [SETTINGS_CHANNELS.save]: async (payload) => {
      const validation = validateSettings(payload);
      if (!validation.ok) return { ok: false, errors: validation.problems };
      // The CA file is read and checked here, in main, before anything is stored: the window shows what is wrong.
      const loaded = await withCa({ settings: validation.settings, addresses: validation.addresses });
      if (!loaded.ok) return { ok: false, errors: [{ path: 'caFile', key: loaded.key, params: loaded.params }] };
      await host.apply(loaded.checked);
      return { ok: true, settings: validation.settings };
    },
    [SETTINGS_CHANNELS.test]: async (server) => {
      const input = typeof server === 'string' ? server : '';
      const parsed = parseAnyServer(input);
      if (!parsed.ok) return { ok: false, errors: [{ path: 'servers', key: `address.${parsed.problem}`, params: { input } }] };
      return { ok: true, result: await host.query(parsed.address, { timeoutMs: host.current().timeoutMs }) };
    },
    [SETTINGS_CHANNELS.close]: async () => host.closeWindow(),
    // Anything but true counts as "nothing unsaved": a bad payload must never trap the user in the window.
    [SETTINGS_CHANNELS.unsaved]: async (unsaved) => host.unsaved(unsaved === true),
    // No payload: the dialog decides what the window gets, and the file is read only when the settings are saved.
    [SETTINGS_CHANNELS.chooseCa]: async () => {
      const file = await host.chooseCaFile();
      return file === undefined ? { ok: false, canceled: true } : { ok: true, file };
    },
  };
}

/** The one file that touches electron-store: the settings file in userData, with the engine's schema and defaults. */
import ElectronStore from 'electron-store';
import { join } from 'node:path';
import { settingsJsonSchema } from '../../settings/json-schema.js';
import type { Settings } from '../../settings/settings.js';
import { openSettingsStore, type OpenedSettings } from './settings-recovery.js';

const CONFIG_NAME = 'config';

/** The settings file in a userData folder; its absence at start means a first run. */
export function settingsFilePath(userData: string): string {
  return join(userData, `${CONFIG_NAME}.json`);
}

export function openElectronSettings(userData: string, defaults: Settings): OpenedSettings {
  const create = () => new ElectronStore<Settings>({ name: CONFIG_NAME, cwd: userData, schema: settingsJsonSchema, defaults });
  return openSettingsStore(create, settingsFilePath(userData));
}

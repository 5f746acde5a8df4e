/**
 * Brings settings written by any earlier version up to the current schema. Keys a file lacks take their defaults;
 * nothing the user set is dropped. Add a step here whenever a setting is renamed or changes meaning.
 */
import { defaultSettings, SETTINGS_SCHEMA_VERSION, type Settings } from './settings.js';

export function migrateSettings(raw: Record<string, unknown>, defaults: Settings = defaultSettings()): Record<string, unknown> {
  return { ...defaults, ...raw, schemaVersion: SETTINGS_SCHEMA_VERSION };
}

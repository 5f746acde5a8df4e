/**
 * Brings settings written by any earlier version up to the current schema. Keys a file lacks take their defaults;
 * nothing the user set is dropped. Add a step here whenever a setting is renamed or changes meaning.
 */
import { defaultSettings, SETTINGS_SCHEMA_VERSION, type Settings } from './settings.js';

/**
 * The file's own schemaVersion is kept (a file without one is taken as current), so that validation can refuse a
 * version we never wrote or one newer than ours instead of silently relabelling it.
 */
export function migrateSettings(raw: Record<string, unknown>, defaults: Settings = defaultSettings()): Record<string, unknown> {
  const schemaVersion = Object.hasOwn(raw, 'schemaVersion') ? raw.schemaVersion : SETTINGS_SCHEMA_VERSION;
  return { ...defaults, ...raw, schemaVersion };
}

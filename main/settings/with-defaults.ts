/**
 * Settings as read from a file, with the keys it lacks taken from the defaults (a file written before a setting
 * existed); nothing the user set is dropped. No setting has been renamed yet; when one is, its step goes here.
 */
import { defaultSettings, SETTINGS_SCHEMA_VERSION, type Settings } from './settings.js';

/**
 * The file's own schemaVersion is kept (a file without one is taken as current), so that validation can refuse a
 * version we never wrote or one newer than ours instead of silently relabelling it.
 */
export function withDefaults(raw: Record<string, unknown>, defaults: Settings = defaultSettings()): Record<string, unknown> {
  const schemaVersion = Object.hasOwn(raw, 'schemaVersion') ? raw.schemaVersion : SETTINGS_SCHEMA_VERSION;
  return { ...defaults, ...raw, schemaVersion };
}

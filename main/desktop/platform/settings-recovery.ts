/**
 * Opening the settings file so that a damaged one never stops the app: a file that is not JSON, breaks the schema or
 * fails the engine's validation is renamed to `<file>.bad-<ISO time>`, and the app starts from the defaults.
 * Works on any conf-like store (electron-store in the app, conf in the tests); no Electron here.
 */
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { problemWords } from '../../i18n/problem-words.js';
import { translate } from '../../i18n/translate.js';
import { withDefaults } from '../../settings/with-defaults.js';
import type { Settings } from '../../settings/settings.js';
import { validateSettings, type CheckedSettings } from '../../settings/validate.js';
import { backupPath } from '../../files/backup-path.js';

/** The part of conf / electron-store this app uses. */
export interface SettingsStoreLike {
  readonly store: object;
  set(values: Settings): void;
}

export interface Recovery {
  backup: string;
  reason: string;
}

/** The store, the settings it holds (checked, addresses parsed) and, when the file was damaged, what was done. */
export interface OpenedSettings extends CheckedSettings {
  store: SettingsStoreLike;
  recovery?: Recovery;
}

/** conf's own bookkeeping key, not a setting. */
const CONF_INTERNAL = '__internal__';

/**
 * `create` constructs the store (it throws on unreadable JSON or a schema violation); `path` is its file.
 * A second failure, after the bad file has been moved away, is a real bug and is thrown.
 */
export function openSettingsStore(create: () => SettingsStoreLike, path: string, now: () => Date = () => new Date()): OpenedSettings {
  let reason: string;
  try {
    if (holdsNonObject(path)) throw new Error(translate('en', 'settings.not-object'));
    const store = create();
    const loaded = readSettings(store);
    if (loaded.ok) return { store, settings: loaded.settings, addresses: loaded.addresses };
    reason = loaded.reason;
  } catch (error) {
    reason = error instanceof Error ? error.message : String(error);
  }
  const backup = backupPath(path, now());
  if (existsSync(path)) renameSync(path, backup);
  const store = create();
  const loaded = readSettings(store);
  if (!loaded.ok) throw new Error(`The default settings are invalid: ${loaded.reason}`);
  return { store, settings: loaded.settings, addresses: loaded.addresses, recovery: { backup, reason } };
}

/** conf quietly reads `[]`, `null` or `"text"` as an empty store, which would lose the file without a word. */
function holdsNonObject(path: string): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return false; // missing, unreadable or not JSON: conf says which
  }
  return typeof parsed !== 'object' || parsed === null || Array.isArray(parsed);
}

function readSettings(store: SettingsStoreLike): ({ ok: true } & CheckedSettings) | { ok: false; reason: string } {
  const { [CONF_INTERNAL]: _internal, ...raw } = store.store as Record<string, unknown>;
  const validation = validateSettings(withDefaults(raw));
  if (!validation.ok) return { ok: false, reason: validation.problems.map((p) => problemWords(p, 'en')).join(' ') };
  // Write back what migration added, so the file on disk is current.
  if (JSON.stringify(raw) !== JSON.stringify(validation.settings)) store.set({ ...validation.settings });
  return validation;
}

/**
 * Settings from the file given to `--config`: the settings JSON the app saves, or the original script's config.ini:
 *
 *   [ntp_server]
 *   server_addr = 139.199.215.251   ; several servers: separated by commas (or spaces)
 *   interval = 60                   ; seconds between polls of each server
 *   threshold = 3600                ; the one alarm threshold, seconds
 *
 * `threshold` sets warning = critical = threshold: an offset that reaches it is CRITICAL, the script's "alarm", and
 * there is no separate warning level. The keys warning, critical, confirm, webhook and metrics_listen, named like the
 * command-line flags, may be used instead. Reading only gathers values; `settingsFromLayers` merges them with flags
 * over the defaults and validates the result, naming where each bad value came from.
 */
import { readFileSync } from 'node:fs';
import ini from 'ini';
import { translate, type Language, type MessageKey, type MessageParams } from '../i18n/translate.js';
import { migrateSettings } from './migrate.js';
import type { Settings } from './settings.js';
import { numeric, problemMessage, validateSettings, type CheckedSettings } from './validate.js';

export interface SettingsLayer {
  /** Setting values as found, not yet checked; unknown keys are kept so that validation names them. */
  values: Record<string, unknown>;
  /** Where a setting came from, for messages: "config.ini: [ntp_server] interval", "--interval". */
  origin(key: string): string;
}

export type ConfigRead = { ok: true; layer: SettingsLayer } | { ok: false; problems: string[] };
export type SettingsResult = ({ ok: true } & CheckedSettings) | { ok: false; problems: string[] };

const INI_SECTION = 'ntp_server';
const INI_KEYS = {
  server_addr: ['servers'],
  interval: ['intervalSeconds'],
  threshold: ['warningSeconds', 'criticalSeconds'],
  warning: ['warningSeconds'],
  critical: ['criticalSeconds'],
  confirm: ['confirm'],
  webhook: ['webhookUrl'],
  metrics_listen: ['metricsListen'],
} as const satisfies Record<string, readonly (keyof Settings)[]>;
type IniKey = keyof typeof INI_KEYS;
const KNOWN_INI_KEYS = Object.keys(INI_KEYS).join(', ');

export function readConfigFile(path: string, lang: Language): ConfigRead {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    return { ok: false, problems: [`${path}: ${translate(lang, 'config.unreadable', { reason })}`] };
  }
  return parseConfigText(text, path, lang);
}

/** JSON when the name ends in .json or the text starts with "{"; INI otherwise. */
export function parseConfigText(text: string, path: string, lang: Language): ConfigRead {
  const body = text.replace(/^\uFEFF/, '');
  const isJson = path.toLowerCase().endsWith('.json') || body.trimStart().startsWith('{');
  return isJson ? parseJson(body, path, lang) : parseIni(body, path, lang);
}

/** Flags over file over defaults, then validated: each problem names the flag, or the file and key, at fault. */
export function settingsFromLayers(layers: SettingsLayer[], defaults: Settings, lang: Language): SettingsResult {
  const merged: Record<string, unknown> = Object.assign({}, ...layers.map((layer) => layer.values));
  const validation = validateSettings(migrateSettings(merged, defaults));
  if (validation.ok) return validation;
  const problems = validation.problems.map((problem) => {
    const key = problem.path.split('.')[0]!;
    const layer = layers.findLast((l) => key in l.values);
    return `${layer ? layer.origin(key) : key}: ${problemMessage(problem, lang)}`;
  });
  return { ok: false, problems };
}

function parseJson(text: string, path: string, lang: Language): ConfigRead {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [`${path}: ${translate(lang, 'config.bad-json', { reason: (error as Error).message })}`] };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, problems: [`${path}: ${translate(lang, 'settings.not-object')}`] };
  }
  // The app's file is written by conf (electron-store), which keeps its own bookkeeping beside the settings.
  const { __internal__: _bookkeeping, ...values } = parsed as Record<string, unknown>;
  return { ok: true, layer: { values, origin: (key) => `${path}: ${key}` } };
}

function parseIni(text: string, path: string, lang: Language): ConfigRead {
  const problems: string[] = [];
  const problem = (where: string, key: MessageKey, params: MessageParams = {}) =>
    problems.push(`${path}: ${where}${translate(lang, key, { known: KNOWN_INI_KEYS, ...params })}`);
  let section: Record<string, unknown> | undefined;
  for (const [name, value] of Object.entries(ini.parse(text))) {
    if (typeof value !== 'object' || value === null) problem(`${name}: `, 'config.outside-section', { key: name });
    else if (name === INI_SECTION) section = value as Record<string, unknown>;
    else problem(`[${name}]: `, 'config.unknown-section', { section: name });
  }
  if (!section) {
    problem('', 'config.no-section');
    return { ok: false, problems };
  }
  const values: Record<string, unknown> = {};
  const origins: Record<string, string> = {};
  const given = new Set<string>();
  for (const [rawKey, raw] of Object.entries(section)) {
    // Python's configparser, which read this file before, ignores the case of keys.
    const key = rawKey.toLowerCase();
    if (!(key in INI_KEYS)) {
      problem(`[${INI_SECTION}] ${rawKey}: `, 'config.unknown-key', { key: rawKey });
      continue;
    }
    given.add(key);
    for (const setting of INI_KEYS[key as IniKey]) {
      values[setting] = setting === 'servers' ? serverList(raw) : setting === 'webhookUrl' || setting === 'metricsListen' ? raw : numeric(raw);
      origins[setting] = `${path}: [${INI_SECTION}] ${rawKey}`;
    }
  }
  if (given.has('threshold') && (given.has('warning') || given.has('critical'))) {
    problem(`[${INI_SECTION}] threshold: `, 'config.threshold-and-levels');
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, layer: { values, origin: (key) => origins[key] ?? `${path}: ${key}` } };
}

/** "a, b" and "a b" both list two servers; a bare `server_addr` (no "=") lists none. */
function serverList(raw: unknown): string[] {
  return typeof raw === 'string' ? raw.split(/[\s,]+/).filter((s) => s !== '') : [];
}

/**
 * Settings from the file given to `--config`: the settings JSON the app saves, or the original script's config.ini:
 *
 *   [ntp_server]
 *   server_addr = 139.199.215.251   ; several servers: separated by commas (or spaces)
 *   interval = 60                   ; seconds between polls of each server
 *   threshold = 3600                ; the one alarm threshold, seconds
 *
 * `threshold` sets warning = critical = threshold: an offset that reaches it is CRITICAL, the script's "alarm", and
 * there is no separate warning level. The keys warning, critical, confirm, webhook, webhook_format, webhook_secret,
 * metrics_listen and history, named like the command-line flags, may be used instead (history_retention_days: how
 * long history is kept; ca: a private CA's PEM file for nts:// servers; samples, timeout (milliseconds), max_stratum,
 * max_root_distance (empty: no limit) and family = any/ipv4/ipv6 as check's flags; failures_before_unreachable;
 * disabled: servers of server_addr switched off, listed the same way; log_format = text or json; daemon = auto, none,
 * chrony=HOST:PORT, ntpd=HOST:PORT, timesyncd, kernel, w32time or timed, the time service to cross-check); a [DEFAULT]
 * section applies to [ntp_server] as in configparser (ini.ts). A section [server NAME] (NAME as in server_addr) gives
 * that server thresholds of its own: threshold = T, or warning = W and critical = C.
 * Reading only gathers values; `settingsFromLayers` merges them with flags over the defaults and validates the result,
 * naming where each bad value came from. A refused INI file still hands over the values it understood, so that
 * `refusedFile` lists an unknown key and a bad value of the same file in one run. Whatever the file holds, reading never throws, never blocks the event loop,
 * reads at most MAX_CONFIG_BYTES and reports at most MAX_PROBLEMS problems, each free of control characters.
 */
import { readBounded } from '../files/read-bounded.js';
import { DEFAULT_SECTION, parseIni, type IniSection } from './ini.js';
import { withDefaults } from './with-defaults.js';
import { numeric } from './numbers.js';
import type { Problem, ProblemKey, ProblemParams } from './problem.js';
import type { Settings } from './settings.js';
import { validateSettings, type CheckedSettings } from './validate.js';

export interface SettingsLayer {
  /** Setting values as found, not yet checked; unknown keys are kept so that validation names them. */
  values: Record<string, unknown>;
  /** Where a setting came from, for messages: "config.ini: [ntp_server] interval", "--interval". */
  origin(key: string): string;
}

/** Refused: `layer` holds what was understood nonetheless (an INI file with an unknown key still has its other values). */
export type ConfigRead = { ok: true; layer: SettingsLayer } | { ok: false; problems: Problem[]; layer?: SettingsLayer };
/** Refused: every problem, each saying where it was found (the faces word them with i18n's problemWords). */
export type SettingsResult = ({ ok: true } & CheckedSettings) | { ok: false; problems: Problem[] };

/** A settings file is a few hundred bytes; 1 MiB is far beyond any real one and still cheap to hold. */
export const MAX_CONFIG_BYTES = 1024 * 1024;
/** More problems than this are summed up in one line: a file of a million unknown keys must not print a million lines. */
export const MAX_PROBLEMS = 20;

const INI_SECTION = 'ntp_server';
const INI_KEYS = new Map<string, readonly (keyof Settings)[]>([
  ['server_addr', ['servers']],
  ['interval', ['intervalSeconds']],
  ['threshold', ['warningSeconds', 'criticalSeconds']],
  ['warning', ['warningSeconds']],
  ['critical', ['criticalSeconds']],
  ['confirm', ['confirm']],
  ['webhook', ['webhookUrl']],
  ['webhook_format', ['webhookFormat']],
  ['webhook_secret', ['webhookSecret']],
  ['metrics_listen', ['metricsListen']],
  ['log_format', ['logFormat']],
  ['history', ['historyFile']],
  ['history_retention_days', ['historyRetentionDays']],
  ['ca', ['caFile']],
  ['samples', ['samples']],
  ['timeout', ['timeoutMs']],
  ['failures_before_unreachable', ['failuresBeforeUnreachable']],
  ['max_stratum', ['maxStratum']],
  ['max_root_distance', ['maxRootDistanceSeconds']],
  ['family', ['family']],
  ['disabled', ['disabledServers']],
  ['daemon', ['daemon']],
]);
const KNOWN_INI_KEYS = [...INI_KEYS.keys()].join(', ');
const TEXT_SETTINGS: readonly (keyof Settings)[] = ['webhookUrl', 'webhookFormat', 'webhookSecret', 'metricsListen', 'logFormat', 'historyFile', 'caFile', 'family', 'daemon'];
/** Limits that may be off: an empty value turns them off (null), as leaving them out of the JSON does not. */
const OPTIONAL_LIMITS: readonly (keyof Settings)[] = ['maxStratum', 'maxRootDistanceSeconds'];
/** `[server NAME]`: thresholds of one server, NAME written as in server_addr. */
const SERVER_SECTION = /^server\s+(\S+)$/;
/** The keys a [server NAME] section takes: threshold (both levels, as in [ntp_server]) or warning and critical. */
const SERVER_KEYS = new Map<string, readonly ('warningSeconds' | 'criticalSeconds')[]>([
  ['threshold', ['warningSeconds', 'criticalSeconds']],
  ['warning', ['warningSeconds']],
  ['critical', ['criticalSeconds']],
]);

/** Reads the file without blocking and only up to MAX_CONFIG_BYTES (readBounded), then parses it. */
export async function readConfigFile(path: string): Promise<ConfigRead> {
  if (path === '') return { ok: false, problems: [{ path: '', key: 'config.empty-path', params: {} }] };
  const fail = (key: ProblemKey, params: ProblemParams = {}): ConfigRead => ({ ok: false, problems: [fileProblem(path, key, params)] });
  const read = await readBounded(path, MAX_CONFIG_BYTES);
  if (!read.ok) {
    if (read.problem === 'not-regular') return fail('config.not-regular', { kind: read.kind });
    if (read.problem === 'too-large') return fail('config.too-large', { limit: MAX_CONFIG_BYTES / 1024 });
    return fail('config.unreadable', { reason: read.reason });
  }
  const bytes = read.bytes;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail('config.not-utf8', { offset: firstInvalidUtf8(bytes) });
  }
  return parseConfigText(text, path);
}

/** JSON when the name ends in .json or the text starts with "{"; INI otherwise. A UTF-8 BOM (Notepad) is skipped. */
export function parseConfigText(text: string, path: string): ConfigRead {
  const body = text.replace(/^\uFEFF/, '');
  const isJson = path.toLowerCase().endsWith('.json') || body.trimStart().startsWith('{');
  const read = isJson ? parseJson(body, path) : parseIniSettings(body, path);
  return read.ok ? read : { ...read, problems: capProblems(read.problems) };
}

/**
 * The problems of a refused file together with those of every value it was understood to hold, merged with the
 * layers that come after it (flags) over the defaults: one run shows every problem, not one kind per run.
 */
export function refusedFile(read: Extract<ConfigRead, { ok: false }>, later: SettingsLayer[], defaults: Settings): { ok: false; problems: Problem[] } {
  const rest = settingsFromLayers([...(read.layer ? [read.layer] : []), ...later], defaults);
  return { ok: false, problems: capProblems([...read.problems, ...(rest.ok ? [] : rest.problems)]) };
}

/** Values given on the command line, named by their flags in messages; flags not given are left out. */
export function commandLineLayer(given: Partial<Record<keyof Settings, unknown>>, flags: Partial<Record<keyof Settings, string>>): SettingsLayer {
  const values = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined));
  return { values, origin: (key) => (Object.hasOwn(flags, key) ? flags[key as keyof Settings]! : key) };
}

/** Flags over file over defaults, then validated: each problem names the flag, or the file and key, at fault. */
export function settingsFromLayers(layers: SettingsLayer[], defaults: Settings): SettingsResult {
  // A null-prototype target: a "__proto__" key from a JSON file stays a key (and is reported) instead of a prototype.
  const merged: Record<string, unknown> = Object.assign(Object.create(null), ...layers.map((layer) => layer.values));
  const validation = validateSettings(withDefaults(merged, defaults));
  if (validation.ok) return validation;
  const layerOf = (key: string) => layers.findLast((layer) => Object.hasOwn(layer.values, key));
  const originOf = (key: string) => layerOf(key)?.origin(key);
  const problems = validation.problems.map((problem): Problem => {
    if (problem.key === 'settings.critical-below-warning') return levelsConflict(problem.params, originOf);
    const key = problem.path.split('.')[0]!;
    return { ...problem, where: originOf(key) ?? key };
  });
  return { ok: false, problems: capProblems(problems) };
}

/** The first MAX_PROBLEMS problems, then one line counting the rest. */
export function capProblems(problems: Problem[]): Problem[] {
  if (problems.length <= MAX_PROBLEMS) return problems;
  return [...problems.slice(0, MAX_PROBLEMS), { path: '', key: 'config.more-problems', params: { count: problems.length - MAX_PROBLEMS } }];
}

/** A problem of the file at `where` (a path, "path:3", "path: [section] key") as a whole, not of one setting. */
function fileProblem(where: string, key: ProblemKey, params: ProblemParams = {}): Problem {
  return { path: '', key, params, where };
}

/**
 * Warning above critical names where each came from, a default included (an origin left out is worded "the
 * default"): `--warning 2` alone conflicts with the default critical threshold, and blaming `--critical`, which nobody
 * gave, misled.
 */
function levelsConflict(params: ProblemParams, originOf: (key: string) => string | undefined): Problem {
  const warningFrom = originOf('warningSeconds');
  const criticalFrom = originOf('criticalSeconds');
  const froms = { ...(warningFrom !== undefined && { warningFrom }), ...(criticalFrom !== undefined && { criticalFrom }) };
  return fileProblem(criticalFrom ?? warningFrom ?? 'criticalSeconds', 'config.levels-conflict', { warning: params.warning!, critical: params.critical!, ...froms });
}

function parseJson(text: string, path: string): ConfigRead {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [fileProblem(path, 'config.bad-json', { reason: (error as Error).message })] };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, problems: [fileProblem(path, 'settings.not-object')] };
  }
  // The app's file is written by conf (electron-store), which keeps its own bookkeeping beside the settings.
  // JSON.parse makes "__proto__" an own key; the rest copy keeps it one.
  const { __internal__: _bookkeeping, ...values } = parsed as Record<string, unknown>;
  return { ok: true, layer: { values, origin: (key) => `${path}: ${key}` } };
}

function parseIniSettings(text: string, path: string): ConfigRead {
  // `where` in the file: "" for the file as a whole, "[section]" or "[section] key".
  const problem = (where: string, key: ProblemKey, params: ProblemParams = {}) =>
    fileProblem(where === '' ? path : `${path}: ${where}`, key, { known: KNOWN_INI_KEYS, ...params });
  const parsed = parseIni(text);
  const problems = parsed.ok ? [] : parsed.problems.map((p) => fileProblem(`${path}:${p.line}`, p.key, p.params));
  const { defaults, sections } = parsed.document;
  for (const name of sections.keys()) {
    if (name !== INI_SECTION && !SERVER_SECTION.test(name)) problems.push(problem(`[${name}]`, 'config.unknown-section', { section: name }));
  }
  const own = sections.get(INI_SECTION);
  if (!own) return { ok: false, problems: [...problems, problem('', 'config.no-section')] };
  const values: Record<string, unknown> = {};
  const origins = new Map<string, string>();
  const given = new Set<string>();
  const take = (section: IniSection, sectionName: string) => {
    for (const [key, { value }] of section) {
      const settings = INI_KEYS.get(key);
      if (!settings) {
        problems.push(problem(`[${sectionName}] ${key}`, 'config.unknown-key', { key }));
        continue;
      }
      given.add(key);
      for (const setting of settings) {
        values[setting] =
          setting === 'servers' || setting === 'disabledServers' ? serverList(value) : TEXT_SETTINGS.includes(setting) ? value : OPTIONAL_LIMITS.includes(setting) && value === '' ? null : numeric(value);
        origins.set(setting, `${path}: [${sectionName}] ${key}`);
      }
    }
  };
  // configparser's rule: [ntp_server]'s own keys win over [DEFAULT]'s.
  take(defaults, DEFAULT_SECTION);
  take(own, INI_SECTION);
  if (given.has('threshold') && (given.has('warning') || given.has('critical'))) {
    problems.push(problem(`[${INI_SECTION}] threshold`, 'config.threshold-and-levels'));
  }
  const perServer = serverSections(sections, (where, key, params) => problems.push(problem(where, key, params)));
  if (perServer) {
    values.serverThresholds = perServer;
    origins.set('serverThresholds', `${path}: [server …]`);
  }
  const layer: SettingsLayer = { values, origin: (key) => origins.get(key) ?? `${path}: ${key}` };
  return problems.length > 0 ? { ok: false, problems, layer } : { ok: true, layer };
}

/**
 * The [server NAME] sections as serverThresholds, or undefined when there are none. Both levels must be given
 * (threshold gives both): validation names a section that leaves one out, rather than guessing it.
 */
function serverSections(
  sections: Map<string, IniSection>,
  complain: (where: string, key: ProblemKey, params: ProblemParams) => void,
): Record<string, unknown>[] | undefined {
  let found: Record<string, unknown>[] | undefined;
  for (const [name, section] of sections) {
    const server = SERVER_SECTION.exec(name)?.[1];
    if (server === undefined) continue;
    const levels: Record<string, unknown> = { server };
    for (const [key, { value }] of section) {
      const settings = SERVER_KEYS.get(key);
      if (!settings) {
        complain(`[${name}] ${key}`, 'config.unknown-key', { key, known: [...SERVER_KEYS.keys()].join(', ') });
        continue;
      }
      for (const setting of settings) levels[setting] = numeric(value);
    }
    if (section.has('threshold') && (section.has('warning') || section.has('critical'))) complain(`[${name}] threshold`, 'config.threshold-and-levels', {});
    (found ??= []).push(levels);
  }
  return found;
}

/** "a, b" and "a b" both list two servers, and so do two continuation lines. */
function serverList(raw: string): string[] {
  return raw.split(/[\s,]+/).filter((s) => s !== '');
}

/** The offset of the first byte that breaks UTF-8, for the message (the decoder does not say). */
function firstInvalidUtf8(bytes: Buffer): number {
  let low = 0;
  let high = bytes.length;
  // The longest valid prefix, by bisection: a prefix is valid when decoding it (allowing a cut sequence at its end) works.
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, middle), { stream: true });
      low = middle;
    } catch {
      high = middle - 1;
    }
  }
  // The valid prefix may end in the first bytes of the sequence that breaks: the offset is where that one starts.
  const complete = (end: number) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end));
      return true;
    } catch {
      return false;
    }
  };
  while (low > 0 && !complete(low)) low--;
  return low;
}

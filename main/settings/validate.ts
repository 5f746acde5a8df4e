/** Validation of settings from any source (window, file, flags): every problem, each a key and parameters the faces word. */
import { addressKey, parseAnyServer, type ServerAddress } from '../ntp/address.js';
import { DAEMON_FORMS, isDaemonSetting } from './daemon.js';
import { parseListenAddress } from './listen-address.js';
import { ADDRESS_FAMILIES, LIMITS, LOG_FORMATS, MAX_SECRET_LENGTH, SETTING_KEYS, SETTINGS_SCHEMA_VERSION, WEBHOOK_FORMATS, type Settings } from './settings.js';
import { LANGUAGES } from './language.js';
import type { Problem, UnitKey } from './problem.js';
import { isHttpUrl, redactUrl } from './url.js';

export type { Problem };

/**
 * Settings that passed validation, with each server address parsed once, here: the scheduler, the sinks and the
 * monitor use `addresses` and never parse the strings again (the strings stay in `settings`, as the user wrote them).
 */
export interface CheckedSettings {
  settings: Settings;
  /** settings.servers, parsed, in the same order. */
  addresses: ServerAddress[];
  /** The PEM text of settings.caFile, read by ca-file.ts once per apply (never per poll); absent when caFile is empty. */
  ca?: string;
}

export type Validation = ({ ok: true } & CheckedSettings) | { ok: false; problems: Problem[] };

/** Checks a complete settings object. Unknown keys are problems too, so typos never pass silently. */
export function validateSettings(input: unknown): Validation {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, problems: [{ path: '', key: 'settings.not-object', params: {} }] };
  }
  const raw = input as Record<string, unknown>;
  const problems: Problem[] = [];
  for (const key of Object.keys(raw)) {
    if (!isSettingKey(key)) problems.push({ path: key, key: 'settings.unknown-key', params: { key, known: SETTING_KEYS.join(', ') } });
  }
  schemaVersion(raw.schemaVersion, problems);
  const addresses = validateServers(raw.servers, problems);
  number(raw, 'intervalSeconds', 'unit.seconds', problems, false);
  problems.push(...levelProblems(raw.warningSeconds, raw.criticalSeconds));
  number(raw, 'confirm', 'unit.none', problems, true);
  number(raw, 'failuresBeforeUnreachable', 'unit.none', problems, true);
  number(raw, 'timeoutMs', 'unit.milliseconds', problems, true);
  boolean(raw, 'notifications', problems);
  boolean(raw, 'startAtLogin', problems);
  oneOf(raw, 'language', ['system', ...LANGUAGES], problems);
  url(raw, 'webhookUrl', problems);
  oneOf(raw, 'webhookFormat', WEBHOOK_FORMATS, problems);
  secret(raw, 'webhookSecret', problems);
  listen(raw, 'metricsListen', problems);
  oneOf(raw, 'logFormat', LOG_FORMATS, problems);
  text(raw, 'historyFile', problems);
  text(raw, 'caFile', problems);
  number(raw, 'historyRetentionDays', 'unit.days', problems, true);
  number(raw, 'samples', 'unit.none', problems, true);
  optionalNumber(raw, 'maxStratum', 'unit.none', problems, true);
  optionalNumber(raw, 'maxRootDistanceSeconds', 'unit.seconds', problems, false);
  oneOf(raw, 'family', ADDRESS_FAMILIES, problems);
  serverThresholds(raw.serverThresholds, raw.servers, problems);
  disabledServers(raw.disabledServers, raw.servers, problems);
  daemon(raw.daemon, problems);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, settings: { ...(raw as unknown as Settings), schemaVersion: SETTINGS_SCHEMA_VERSION }, addresses };
}

/** A value as text for a message. Never throws: a JSON object may carry a "toString" that is not a function. */
export function quote(value: unknown): string {
  if (typeof value === 'object' && value !== null) {
    try {
      return JSON.stringify(value) ?? Object.prototype.toString.call(value);
    } catch {
      return Object.prototype.toString.call(value);
    }
  }
  return String(value);
}

/**
 * Versions we wrote are whole numbers from 1 to ours. A newer one comes from a later release whose settings this one
 * may misread, so it is refused rather than quietly downgraded; anything else was not written by us at all.
 */
function schemaVersion(value: unknown, problems: Problem[]): void {
  const current = SETTINGS_SCHEMA_VERSION;
  if (Number.isInteger(value) && (value as number) > current) {
    problems.push({ path: 'schemaVersion', key: 'settings.schema-newer', params: { version: value as number, current } });
  } else if (!Number.isInteger(value) || (value as number) < 1) {
    problems.push({ path: 'schemaVersion', key: 'settings.schema-bad', params: { value: quote(value), current } });
  }
}

/** True for a key of Settings (the words of a problem name the deepest one in its path). */
export function isSettingKey(key: string): key is keyof Settings {
  return (SETTING_KEYS as string[]).includes(key);
}

function validateServers(value: unknown, problems: Problem[]): ServerAddress[] {
  const addresses: ServerAddress[] = [];
  if (!Array.isArray(value) || !value.every((s) => typeof s === 'string')) {
    problems.push({ path: 'servers', key: 'settings.servers-not-list', params: {} });
    return addresses;
  }
  if (value.length === 0) problems.push({ path: 'servers', key: 'settings.servers-empty', params: {} });
  if (value.length > LIMITS.servers.max) {
    problems.push({ path: 'servers', key: 'settings.servers-too-many', params: { max: LIMITS.servers.max, count: value.length } });
  }
  const seen = new Set<string>();
  value.forEach((input: string, index) => {
    const parsed = parseAnyServer(input);
    if (!parsed.ok) {
      problems.push({ path: `servers.${index}`, key: `address.${parsed.problem}`, params: { input } });
      return;
    }
    const key = addressKey(parsed.address);
    if (seen.has(key)) problems.push({ path: `servers.${index}`, key: 'settings.servers-duplicate', params: { input } });
    seen.add(key);
    addresses.push(parsed.address);
  });
  return addresses;
}

type NumericKey = keyof typeof LIMITS & keyof Settings;

function number(raw: Record<string, unknown>, key: NumericKey, unit: UnitKey, problems: Problem[], integer: boolean) {
  const problem = numberProblem(key, raw[key], LIMITS[key] as { min: number; max: number }, unit, integer);
  if (!problem) return raw[key] as number;
  problems.push(problem);
  return undefined;
}

/**
 * The two alert levels' problems: each a number within its limits, critical at least warning. `prefix` places them:
 * "" for the general thresholds, "serverThresholds.N." for one server's own (the settings window checks each row so).
 */
export function levelProblems(warning: unknown, critical: unknown, prefix = ''): Problem[] {
  const found = [
    numberProblem(`${prefix}warningSeconds`, warning, LIMITS.warningSeconds, 'unit.seconds', false),
    numberProblem(`${prefix}criticalSeconds`, critical, LIMITS.criticalSeconds, 'unit.seconds', false),
  ].filter((problem) => problem !== null);
  if (found.length === 0 && (critical as number) < (warning as number)) {
    found.push({ path: `${prefix}criticalSeconds`, key: 'settings.critical-below-warning', params: { warning: warning as number, critical: critical as number } });
  }
  return found;
}

/** A limit that may be off: null, or a number as `number` wants it. */
function optionalNumber(raw: Record<string, unknown>, key: NumericKey, unit: UnitKey, problems: Problem[], integer: boolean): void {
  if (raw[key] !== null) number(raw, key, unit, problems, integer);
}

/**
 * Per-server thresholds: a list of { server, warningSeconds, criticalSeconds }, each server listed in `servers` (as
 * written there: one that names no listed server is a typo or a leftover, and would silently do nothing) and given
 * once, each level within the general thresholds' limits, critical at least warning.
 */
function serverThresholds(value: unknown, servers: unknown, problems: Problem[]): void {
  if (!Array.isArray(value)) {
    problems.push({ path: 'serverThresholds', key: 'settings.thresholds-not-list', params: { value: quote(value) } });
    return;
  }
  const listed = Array.isArray(servers) ? servers : [];
  const { min, max } = LIMITS.warningSeconds;
  const inRange = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;
  const seen = new Set<unknown>();
  value.forEach((entry: unknown, index) => {
    const path = `serverThresholds.${index}`;
    const fields = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    const good =
      typeof entry === 'object' && entry !== null && !Array.isArray(entry) &&
      Object.keys(fields).sort().join() === 'criticalSeconds,server,warningSeconds' &&
      typeof fields.server === 'string' && inRange(fields.warningSeconds) && inRange(fields.criticalSeconds) &&
      (fields.criticalSeconds as number) >= (fields.warningSeconds as number);
    const server = typeof fields.server === 'string' ? fields.server : quote(fields.server);
    if (!good) problems.push({ path, key: 'settings.thresholds-bad', params: { server, value: quote(entry), min, max } });
    else if (!listed.includes(fields.server)) problems.push({ path, key: 'settings.thresholds-unknown-server', params: { server } });
    else if (seen.has(fields.server)) problems.push({ path, key: 'settings.servers-duplicate', params: { input: server } });
    seen.add(fields.server);
  });
}

/** Servers switched off: each listed in `servers` as written there, once; at least one server stays on. */
function disabledServers(value: unknown, servers: unknown, problems: Problem[]): void {
  if (!Array.isArray(value)) {
    problems.push({ path: 'disabledServers', key: 'settings.disabled-not-list', params: { value: quote(value) } });
    return;
  }
  const listed: unknown[] = Array.isArray(servers) ? servers : [];
  value.forEach((server: unknown, index) => {
    const path = `disabledServers.${index}`;
    if (!listed.includes(server)) problems.push({ path, key: 'settings.disabled-unknown-server', params: { server: quote(server) } });
    else if (value.indexOf(server) !== index) problems.push({ path, key: 'settings.servers-duplicate', params: { input: server as string } });
  });
  if (listed.length > 0 && listed.every((server) => value.includes(server))) problems.push({ path: 'disabledServers', key: 'settings.all-disabled', params: {} });
}

/** What is wrong with a number that must lie in [min, max] (and be whole when `integer`); null when nothing. */
export function numberProblem(path: string, value: unknown, range: { min: number; max: number }, unit: UnitKey, integer: boolean): Problem | null {
  const { min, max } = range;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return { path, key: 'settings.not-number', params: { value: quote(value), min, max, unit } };
  }
  if (integer && !Number.isInteger(value)) return { path, key: 'settings.not-integer', params: { value, min, max } };
  if (value < min || value > max) return { path, key: 'settings.out-of-range', params: { value, min, max, unit } };
  return null;
}

function boolean(raw: Record<string, unknown>, key: keyof Settings, problems: Problem[]): void {
  if (typeof raw[key] !== 'boolean') problems.push({ path: key, key: 'settings.not-boolean', params: {} });
}

function text(raw: Record<string, unknown>, key: keyof Settings, problems: Problem[]): void {
  if (typeof raw[key] !== 'string') problems.push({ path: key, key: 'settings.not-text', params: { value: quote(raw[key]) } });
}

function oneOf(raw: Record<string, unknown>, key: keyof Settings, allowed: readonly string[], problems: Problem[]): void {
  const value = raw[key];
  if (typeof value !== 'string' || !allowed.includes(value)) {
    problems.push({ path: key, key: 'settings.not-one-of', params: { allowed: allowed.join(', '), value: quote(value) } });
  }
}

function url(raw: Record<string, unknown>, key: keyof Settings, problems: Problem[]): void {
  const value = raw[key];
  if (value === '') return;
  // Only the redacted form is quoted: a webhook URL carries its token in the query or the user info.
  if (typeof value !== 'string' || !isHttpUrl(value)) {
    problems.push({ path: key, key: 'settings.bad-url', params: { value: typeof value === 'string' ? redactUrl(value) : quote(value) } });
  }
}

/** Printable ASCII without spaces, as the robots issue them; the message never quotes the value, it is a secret. */
function secret(raw: Record<string, unknown>, key: keyof Settings, problems: Problem[]): void {
  const value = raw[key];
  if (typeof value !== 'string' || value.length > MAX_SECRET_LENGTH || !/^[\x21-\x7e]*$/.test(value)) {
    problems.push({ path: key, key: 'settings.bad-secret', params: { max: MAX_SECRET_LENGTH } });
  }
}

function listen(raw: Record<string, unknown>, key: keyof Settings, problems: Problem[]): void {
  const value = raw[key];
  if (value === '') return;
  if (typeof value !== 'string' || !parseListenAddress(value)) {
    problems.push({ path: key, key: 'settings.bad-listen', params: { value: quote(value) } });
  }
}

/** The time service to read: one of the forms settings/daemon.ts accepts, which the message lists. */
function daemon(value: unknown, problems: Problem[]): void {
  if (typeof value === 'string' && isDaemonSetting(value)) return;
  problems.push({ path: 'daemon', key: 'settings.bad-daemon', params: { value: quote(value), forms: DAEMON_FORMS } });
}

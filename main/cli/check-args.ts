/** `check`'s command line: its long options and check_ntp_time's short ones, read into what one check needs. */
import { translate, type Language, type MessageKey } from '../i18n/translate.js';
import { parseServerAddress } from '../ntp/address.js';
import { MEASUREMENT_OPTIONS } from './args.js';
import { isPlainLimit, parseRange, type Range } from './nagios-range.js';
import type { CheckState } from './check.js';

/** The options, check_ntp_time's letters included (-H -p -w -c -t -4 -6 -q -v -V -h). */
export const CHECK_OPTIONS = {
  ...MEASUREMENT_OPTIONS,
  host: { type: 'string', short: 'H', multiple: true },
  port: { type: 'string', short: 'p' },
  warning: { type: 'string', short: 'w' },
  critical: { type: 'string', short: 'c' },
  timeout: { type: 'string', short: 't' },
  ipv4: { type: 'boolean', short: '4', default: false },
  ipv6: { type: 'boolean', short: '6', default: false },
  quiet: { type: 'boolean', short: 'q', default: false },
  // Accepted so that a check_ntp_time command line runs unchanged; the long output is always printed.
  verbose: { type: 'boolean', short: 'v', multiple: true },
  'min-servers': { type: 'string' },
  unreachable: { type: 'string' },
  daemon: { type: 'string', default: 'auto' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'V', default: false },
} as const;

/** The defaults, as ranges: the app's 0.1 s and 1 s (decision 9), not check_ntp_time's 60 s and 120 s. */
const DEFAULT_WARNING = '0.1';
const DEFAULT_CRITICAL = '1';

/** What `check` reads from its own options; the measurement settings are validated with the others' rules. */
export interface PluginOptions {
  warning: Range;
  critical: Range;
  /** Reply timeout in milliseconds. */
  timeoutMs: number | undefined;
  /** Fewer servers with an offset than this is CRITICAL (UNKNOWN when every failure is UNKNOWN). */
  minServers: number;
  /** The state a server that gives no usable answer adds. */
  unreachable: Exclude<CheckState, 'ok'>;
  /** check_ntp_time's -q: a server that answers without a usable time (unsynchronized, Kiss-o'-Death) is UNKNOWN. */
  quiet: boolean;
  port: number | undefined;
}

type Values = { warning?: string; critical?: string; timeout?: string; 'min-servers'?: string; unreachable?: string; quiet?: boolean; port?: string };

/** Reads the plugin options; the problems, each a sentence naming the flag, when some are bad. */
export function pluginOptions(values: Values, lang: Language): { ok: true; options: PluginOptions } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const bad = (key: MessageKey, params: Record<string, string>) => (problems.push(translate(lang, key, params)), undefined);
  const range = (flag: string, text: string) => parseRange(text) ?? bad('check.bad-range', { flag, value: text });
  const warning = range('--warning', values.warning ?? DEFAULT_WARNING);
  const critical = range('--critical', values.critical ?? DEFAULT_CRITICAL);
  const timeoutMs = values.timeout === undefined ? undefined : (timeoutToMs(values.timeout) ?? bad('check.bad-timeout', { value: values.timeout }));
  const minText = values['min-servers'] ?? '1';
  const minServers = /^\d{1,3}$/.test(minText) && +minText >= 1 && +minText <= 100 ? +minText : bad('check.bad-min-servers', { value: minText });
  const unreachableText = values.unreachable ?? 'warning';
  const unreachable = ['critical', 'warning', 'unknown'].includes(unreachableText) ? (unreachableText as PluginOptions['unreachable']) : bad('check.bad-unreachable', { value: unreachableText });
  const port = values.port === undefined ? undefined : (portNumber(values.port) ?? bad('check.bad-port', { value: values.port }));
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, options: { warning: warning!, critical: critical!, timeoutMs, minServers: minServers!, unreachable: unreachable!, quiet: values.quiet === true, port } };
}

/**
 * Seconds, as check_ntp_time's -t (0.1-60); a number of 100 or more is the older milliseconds (100-60000). The two
 * ranges do not overlap, so every accepted value means one thing.
 */
export function timeoutToMs(text: string): number | undefined {
  if (!/^(\d+\.?\d*|\.\d+)$/.test(text)) return undefined;
  const value = Number(text);
  if (value >= 0.1 && value <= 60) return Math.round(value * 1000);
  if (value >= 100 && value <= 60_000 && Number.isInteger(value)) return value;
  return undefined;
}

function portNumber(text: string): number | undefined {
  return /^\d{1,5}$/.test(text) && +text >= 1 && +text <= 65535 ? +text : undefined;
}

/**
 * The thresholds for the settings validation to check (limits, critical at least warning, naming a default as
 * such), those given on the command line, when both are plain numbers: the only form for which that order means
 * something. Other ranges are taken as given.
 */
export function plainThresholds(options: PluginOptions, given: Values): { warningSeconds: number | undefined; criticalSeconds: number | undefined } {
  const { warning, critical } = options;
  const plain = isPlainLimit(warning) && isPlainLimit(critical);
  return {
    warningSeconds: plain && given.warning !== undefined ? warning.end : undefined,
    criticalSeconds: plain && given.critical !== undefined ? critical.end : undefined,
  };
}

/**
 * A plain NTP server (or pool) written without a port gets -p's, as check_ntp_time's -H does; an NTS server's port
 * is its key exchange's, so it is left alone, as is anything with a port or that is not an address (it fails in its
 * own row).
 */
export function withPort(server: string, port: number): string {
  const pool = server.startsWith('pool://');
  if (server.includes('://') && !pool) return server;
  const text = pool ? server.slice('pool://'.length) : server;
  const parsed = parseServerAddress(text);
  if (!parsed.ok || /\]:|^[^:]*:[^:]*$/.test(text)) return server;
  const host = parsed.address.family === 6 ? `[${parsed.address.host}]` : text;
  return `${pool ? 'pool://' : ''}${host}:${port}`;
}

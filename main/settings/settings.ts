/** The one settings model shared by the CLI, the desktop app and its settings window. */
import type { LanguageSetting } from './language.js';
import { BURST_LIMITS } from '../sample/burst.js';

export const SETTINGS_SCHEMA_VERSION = 1;

export interface Settings {
  schemaVersion: number;
  /** Addresses as the user writes them: host, host:port, IPv4, IPv6, or nts://host[:port] for NTS. */
  servers: string[];
  intervalSeconds: number;
  /** Compared with |offset|; critical >= warning. */
  warningSeconds: number;
  criticalSeconds: number;
  /** Consecutive samples that must agree before a state changes (anti-flap). */
  confirm: number;
  failuresBeforeUnreachable: number;
  timeoutMs: number;
  notifications: boolean;
  startAtLogin: boolean;
  language: LanguageSetting;
  /** http(s) URL that receives a JSON POST per transition; empty = off. */
  webhookUrl: string;
  /** The body the webhook gets: our own JSON (generic), or a group robot's message (DingTalk, WeCom, Feishu, Slack). */
  webhookFormat: WebhookFormatName;
  /** The robot's signing secret (DingTalk, Feishu); empty = unsigned. Never logged or shown. */
  webhookSecret: string;
  /** host:port for the Prometheus /metrics endpoint; empty = off. */
  metricsListen: string;
  /** The sample log's form: `key=value` text, or one JSON object a line for log shippers. */
  logFormat: LogFormat;
  /** SQLite file that records every sample and failure (`watch --history`); empty = off. */
  historyFile: string;
  /** Rows older than this are pruned from the history file. */
  historyRetentionDays: number;
  /** Requests per server per poll, 2 s apart as iburst sends them; the least-delay reply is kept (1-8). */
  samples: number;
  /** A server further from a reference clock than this is WARNING, the reason named; null: no limit. */
  maxStratum: number | null;
  /** A server whose root distance (lambda, RFC 5905) is larger is WARNING, the reason named; null: no limit. */
  maxRootDistanceSeconds: number | null;
  /** The address family host names are resolved to; IP literals keep their own. */
  family: AddressFamily;
  /**
   * Thresholds of their own for some servers (a far or slow one may deserve looser ones), each naming the server as
   * written in `servers`; the others use warningSeconds/criticalSeconds, and so does the verdict on this computer.
   * A list rather than a map: server names hold dots, which electron-store would read as nested keys.
   */
  serverThresholds: ServerThresholds[];
  /** PEM file of a private CA that NTS servers' certificates may also chain to (besides the public roots); empty = none. */
  caFile: string;
  /**
   * Servers kept in the list but switched off, each as written in `servers`: not polled, not a voter, not shown, until
   * switched on again (a server under maintenance need not be deleted and typed again).
   */
  disabledServers: string[];
  /**
   * This computer's time service, read once a round and cross-checked against the servers: `auto` (whatever runs
   * locally), `none`, or a kind with its command address (`chrony=127.0.0.1:323`); settings/daemon.ts has the forms.
   */
  daemon: string;
}

/** The forms of the sample log (`watch --log-format`, config.ini `log_format`). */
/**
 * Fewer answers than this cannot outvote a liar: with two that disagree, either may be the one that is wrong. Here,
 * below the selection that applies it, because the servers a user is offered (system-server.ts) must reach it too.
 */
export const MIN_CANDIDATES = 3;

export const LOG_FORMATS = ['text', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** `webhookFormat`: our own JSON body, or the message of a group robot. */
export const WEBHOOK_FORMATS = ['generic', 'dingtalk', 'wecom', 'feishu', 'slack'] as const;
export type WebhookFormatName = (typeof WEBHOOK_FORMATS)[number];

/** The robots' secrets are 20-70 characters; far more is a paste gone wrong. */
export const MAX_SECRET_LENGTH = 256;

/** `family`: any address, or only IPv4 / IPv6 ones (`--ipv4` / `--ipv6`). */
export const ADDRESS_FAMILIES = ['any', 'ipv4', 'ipv6'] as const;
export type AddressFamily = (typeof ADDRESS_FAMILIES)[number];

/** One server's own thresholds (seconds, on |offset|; critical >= warning, both within LIMITS). */
export interface ServerThresholds {
  /** The server as written in settings.servers. */
  server: string;
  warningSeconds: number;
  criticalSeconds: number;
}

/** The thresholds that apply to `server` (as written in settings.servers): its own, or the general ones. */
export function thresholdsFor(
  settings: Pick<Settings, 'warningSeconds' | 'criticalSeconds' | 'serverThresholds'>,
  server: string,
): Pick<ServerThresholds, 'warningSeconds' | 'criticalSeconds'> {
  const own = settings.serverThresholds.find((entry) => entry.server === server);
  return own ?? { warningSeconds: settings.warningSeconds, criticalSeconds: settings.criticalSeconds };
}

/** The servers that are polled: the list without those switched off. */
export function enabledServers(settings: Pick<Settings, 'servers' | 'disabledServers'>): string[] {
  return settings.servers.filter((server) => !settings.disabledServers.includes(server));
}

/** The query's family option for the setting: none for 'any'. */
export function queryFamily(family: AddressFamily): 4 | 6 | undefined {
  return family === 'ipv4' ? 4 : family === 'ipv6' ? 6 : undefined;
}

export const LIMITS = {
  servers: { max: 50 },
  /** RFC 4330 forbids polling one server more often than every 15 s. */
  intervalSeconds: { min: 15, max: 86_400 },
  warningSeconds: { min: 0.001, max: 86_400 },
  criticalSeconds: { min: 0.001, max: 86_400 },
  confirm: { min: 1, max: 10 },
  failuresBeforeUnreachable: { min: 1, max: 20 },
  timeoutMs: { min: 100, max: 60_000 },
  historyRetentionDays: { min: 1, max: 3_650 },
  /** ntpd's clock filter holds 8 samples: more replies would not change which one it keeps. */
  samples: BURST_LIMITS,
  /** Stratum 16 means unsynchronized, which the query already rejects. */
  maxStratum: { min: 1, max: 15 },
  /** RFC 5905 MAXDIST is 1.5 s; past 16 s (MAXDISP) a reply is rejected anyway. */
  maxRootDistanceSeconds: { min: 0.001, max: 16 },
} as const;

/**
 * RFC 5905 MAXDIST: a server whose root distance is larger never votes, so one dispersive server cannot bridge a
 * liar and the truth (issue 17). The default limit; null (no limit) stays possible.
 */
export const MAX_DISTANCE_SECONDS = 1.5;

/**
 * Used when the operating system names no time server of its own: a public service that welcomes such clients,
 * checked over NTS so that the default is authenticated (secure by default).
 */
export const FALLBACK_SERVER = 'nts://time.cloudflare.com';

/**
 * Added, in this order, when the system names fewer than 3 servers and no pool, until there are 3: public NTS
 * services of three independent operators (Cloudflare, Netnod, PTB) that welcome such clients and do not smear leap
 * seconds, so that a fresh install has a majority to ask. Not a pool.ntp.org name: the pool asks products to get a
 * vendor zone instead of shipping its names (decision 28).
 */
export const VERDICT_FALLBACKS = [FALLBACK_SERVER, 'nts://nts.netnod.se', 'nts://ptbtime1.ptb.de'] as const;

export function defaultSettings(servers: string[] = [FALLBACK_SERVER]): Settings {
  return {
    schemaVersion: SETTINGS_SCHEMA_VERSION,
    servers,
    intervalSeconds: 64,
    warningSeconds: 0.1,
    criticalSeconds: 1,
    confirm: 2,
    failuresBeforeUnreachable: 3,
    timeoutMs: 5_000,
    notifications: true,
    startAtLogin: false,
    language: 'system',
    webhookUrl: '',
    webhookFormat: 'generic',
    webhookSecret: '',
    metricsListen: '',
    logFormat: 'text',
    historyFile: '',
    historyRetentionDays: 30,
    samples: 1,
    maxStratum: null,
    maxRootDistanceSeconds: MAX_DISTANCE_SECONDS,
    family: 'any',
    serverThresholds: [],
    caFile: '',
    disabledServers: [],
    daemon: 'auto',
  };
}

export const SETTING_KEYS = Object.keys(defaultSettings()) as (keyof Settings)[];

/** The one settings model shared by the CLI, the desktop app and its settings window. */
import type { LanguageSetting } from '../i18n/translate.js';

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
  /** host:port for the Prometheus /metrics endpoint; empty = off. */
  metricsListen: string;
  /** SQLite file that records every sample and failure (`watch --history`); empty = off. */
  historyFile: string;
  /** Rows older than this are pruned from the history file. */
  historyRetentionDays: number;
  /** PEM file of a private CA that NTS servers' certificates may also chain to (besides the public roots); empty = none. */
  caFile: string;
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
} as const;

/**
 * Used when the operating system names no time server of its own: a public service that welcomes such clients,
 * checked over NTS so that the default is authenticated (secure by default).
 */
export const FALLBACK_SERVER = 'nts://time.cloudflare.com';

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
    metricsListen: '',
    historyFile: '',
    historyRetentionDays: 30,
    caFile: '',
  };
}

export const SETTING_KEYS = Object.keys(defaultSettings()) as (keyof Settings)[];

/** JSON Schema of the settings (for electron-store / conf): the structure; validate.ts gives the messages. */
import { LANGUAGES } from './language.js';
import { ADDRESS_FAMILIES, LIMITS, LOG_FORMATS, MAX_SECRET_LENGTH, WEBHOOK_FORMATS, type Settings } from './settings.js';

type PropertySchema = Record<string, unknown>;

const range = (key: keyof typeof LIMITS & keyof Settings, type: 'number' | 'integer'): PropertySchema => {
  const { min, max } = LIMITS[key] as { min: number; max: number };
  return { type, minimum: min, maximum: max };
};

export const settingsJsonSchema: Record<keyof Settings, PropertySchema> = {
  schemaVersion: { type: 'integer', minimum: 1 },
  servers: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1, maxItems: LIMITS.servers.max },
  intervalSeconds: range('intervalSeconds', 'number'),
  warningSeconds: range('warningSeconds', 'number'),
  criticalSeconds: range('criticalSeconds', 'number'),
  confirm: range('confirm', 'integer'),
  failuresBeforeUnreachable: range('failuresBeforeUnreachable', 'integer'),
  timeoutMs: range('timeoutMs', 'integer'),
  notifications: { type: 'boolean' },
  startAtLogin: { type: 'boolean' },
  language: { enum: ['system', ...LANGUAGES] },
  webhookUrl: { type: 'string' },
  webhookFormat: { enum: [...WEBHOOK_FORMATS] },
  webhookSecret: { type: 'string', maxLength: MAX_SECRET_LENGTH },
  metricsListen: { type: 'string' },
  logFormat: { enum: [...LOG_FORMATS] },
  historyFile: { type: 'string' },
  historyRetentionDays: range('historyRetentionDays', 'integer'),
  samples: range('samples', 'integer'),
  maxStratum: { ...range('maxStratum', 'integer'), type: ['integer', 'null'] },
  maxRootDistanceSeconds: { ...range('maxRootDistanceSeconds', 'number'), type: ['number', 'null'] },
  family: { enum: [...ADDRESS_FAMILIES] },
  serverThresholds: {
    type: 'array',
    items: {
      type: 'object',
      properties: { server: { type: 'string', minLength: 1 }, warningSeconds: range('warningSeconds', 'number'), criticalSeconds: range('criticalSeconds', 'number') },
      required: ['server', 'warningSeconds', 'criticalSeconds'],
      additionalProperties: false,
    },
  },
  caFile: { type: 'string' },
  disabledServers: { type: 'array', items: { type: 'string' } },
  daemon: { type: 'string', minLength: 1 },
};

/**
 * The alert sinks for the desktop app: the sample log in the OS logs folder, the webhook and the metrics endpoint.
 * A metrics address that cannot be listened on must not stop the app: it starts without the endpoint and says why.
 */
import { join } from 'node:path';
import type { Language } from '../i18n/translate.js';
import type { CheckedSettings } from '../settings/validate.js';
import { AlertSinks } from '../sinks/sinks.js';

export const SAMPLE_LOG_NAME = 'samples.log';

export async function startDesktopSinks(checked: CheckedSettings, language: Language, logsDir: string, trouble: (message: string) => void): Promise<AlertSinks> {
  const options = { language, logFile: join(logsDir, SAMPLE_LOG_NAME), onTrouble: trouble };
  try {
    return await AlertSinks.start(checked, options);
  } catch (error) {
    trouble((error as Error).message);
    return AlertSinks.start({ ...checked, settings: { ...checked.settings, metricsListen: '' } }, options);
  }
}

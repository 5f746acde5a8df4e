/** Settings for tests and the bench as the engine receives them: validated, with the addresses parsed. */
import type { Settings } from '../../main/settings/settings.js';
import { problemMessage, validateSettings, type CheckedSettings } from '../../main/settings/validate.js';

/** Validates `settings` as the app does; a test that builds invalid ones fails here, naming every problem. */
export function checked(settings: Settings): CheckedSettings {
  const validation = validateSettings(settings);
  if (!validation.ok) throw new Error(`Invalid test settings: ${validation.problems.map((p) => problemMessage(p)).join(' ')}`);
  return { settings: validation.settings, addresses: validation.addresses };
}

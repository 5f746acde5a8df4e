/** Settings for tests and the bench as the engine receives them: validated, with the addresses parsed. */
import { problemWords } from '../../main/i18n/problem-words.js';
import type { Language } from '../../main/i18n/translate.js';
import { parseAnyServer } from '../../main/ntp/address.js';
import type { Settings } from '../../main/settings/settings.js';
import { validateSettings, type CheckedSettings, type Problem } from '../../main/settings/validate.js';

/** Validates `settings` as the app does; a test that builds invalid ones fails here, naming every problem. */
export function checked(settings: Settings): CheckedSettings {
  const validation = validateSettings(settings);
  if (!validation.ok) throw new Error(`Invalid test settings: ${validation.problems.map((p) => problemWords(p)).join(' ')}`);
  return { settings: validation.settings, addresses: validation.addresses };
}

/**
 * For the bench's scale runs beyond LIMITS.servers.max (50): every setting is validated as in checked(), with the
 * first server standing for the list, then each server is parsed as validation parses it.
 */
export function checkedBeyondServerLimit(settings: Settings): CheckedSettings {
  const { settings: valid } = checked({ ...settings, servers: settings.servers.slice(0, 1) });
  const addresses = settings.servers.map((server) => {
    const parsed = parseAnyServer(server);
    if (!parsed.ok) throw new Error(`Invalid test server "${server}": ${parsed.problem}`);
    return parsed.address;
  });
  return { settings: { ...valid, servers: settings.servers }, addresses };
}

/** A result whose problems are texts: what `worded` makes of a settings, file or CA result. */
export type Worded<T> = T extends { ok: false; problems: Problem[] } ? Omit<T, 'problems'> & { problems: string[] } : T;

/** The result with its problems worded as the faces word them (i18n's problemWords), for tests that read the texts. */
export function worded<T extends { ok: boolean }>(result: T, lang: Language = 'en'): Worded<T> {
  if (result.ok || !('problems' in result)) return result as Worded<T>;
  return { ...result, problems: (result.problems as Problem[]).map((problem) => problemWords(problem, lang)) } as Worded<T>;
}

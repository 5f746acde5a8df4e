/**
 * What is wrong with settings, a settings file or a CA file, as a message key and parameters: settings/ names its
 * problems and the faces word them (i18n/problem-words.ts `problemWords`), so settings/ speaks no language.
 */
import type { AddressProblem } from '../ntp/address.js';

/** Every message key a settings problem may carry; the dictionaries hold each (problemWords would not compile else). */
export type ProblemKey =
  | `address.${AddressProblem}`
  | 'settings.not-object' | 'settings.unknown-key' | 'settings.schema-newer' | 'settings.schema-bad'
  | 'settings.servers-not-list' | 'settings.servers-empty' | 'settings.servers-too-many' | 'settings.servers-duplicate'
  | 'settings.not-number' | 'settings.not-integer' | 'settings.out-of-range' | 'settings.critical-below-warning'
  | 'settings.not-boolean' | 'settings.not-text' | 'settings.not-one-of' | 'settings.bad-url' | 'settings.bad-secret'
  | 'settings.bad-listen' | 'settings.bad-daemon' | 'settings.thresholds-not-list' | 'settings.thresholds-bad'
  | 'settings.thresholds-unknown-server' | 'settings.disabled-not-list' | 'settings.disabled-unknown-server'
  | 'settings.all-disabled' | 'settings.webhook-format-mismatch' | 'settings.webhook-secret-unused'
  | 'config.empty-path' | 'config.not-regular' | 'config.too-large' | 'config.unreadable' | 'config.not-utf8'
  | 'config.bad-json' | 'config.no-section' | 'config.unknown-section' | 'config.unknown-key' | 'config.outside-section'
  | 'config.missing-value' | 'config.bad-line' | 'config.duplicate-section' | 'config.duplicate-key'
  | 'config.threshold-and-levels' | 'config.levels-conflict' | 'config.more-problems'
  | 'ca.not-regular' | 'ca.too-large' | 'ca.unreadable' | 'ca.not-pem' | 'ca.bad-certificate';

/** The unit a number's problem names, itself a message key (worded with the rest). */
export type UnitKey = 'unit.seconds' | 'unit.milliseconds' | 'unit.days' | 'unit.none';

/**
 * A message's figures and quoted values. Two are words themselves, made when the problem is worded: `unit` (a
 * UnitKey) and `kind` (the FileKind of a file that is not regular); an origin a conflict leaves out is "the default".
 */
export type ProblemParams = Record<string, string | number>;

/** `K` is wider for the status window's requests (contract.ts `StatusProblem`), worded the same way. */
export interface Problem<K extends string = ProblemKey> {
  /** The setting (and list index) at fault: "servers.2", "intervalSeconds"; "" for none (a file's problem). */
  path: string;
  key: K;
  params: ProblemParams;
  /** Where it was found, shown before the words: a file, "file:3", "file: [ntp_server] interval", a flag. */
  where?: string;
}

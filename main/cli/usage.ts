/**
 * What the program answers when no command runs: the usage, a command's help, the version, and an unknown command,
 * in the user's language. A bundle of its own, loaded only then: every `check` would otherwise load both languages'
 * texts twice, once here and once in its own bundle (about 3 ms of each start, issue 19).
 */
import { printable } from '../i18n/display.js';
import { languageFromLocale, localeFromEnv, translate } from '../i18n/translate.js';
import { VERSION } from '../version.js';
import { EXIT } from './exit-codes.js';
import type { CliIo } from './io.js';
import type { Command } from './ntp-monitor.js';

/** Answers argv, whose first word is not a command: help (of a command too), the version, or what went wrong. */
export async function answerWithoutCommand(argv: string[], io: CliIo, commands: Record<string, () => Promise<Command>>): Promise<number> {
  const [word, ...rest] = argv;
  const lang = languageFromLocale(localeFromEnv(io.env));
  const usage = translate(lang, 'help.usage');
  if (word === undefined || word === 'help' || word === '--help' || word === '-h') {
    const name = rest[0] ?? '';
    const load = Object.hasOwn(commands, name) ? commands[name] : undefined;
    io.stdout.write(load ? (await load()).help(lang) : usage);
    return word === undefined ? EXIT.unknown : EXIT.ok;
  }
  if (word === '--version' || word === '-V' || word === 'version') {
    io.stdout.write(`ntp-monitor ${VERSION}\n`);
    return EXIT.ok;
  }
  io.stderr.write(`ntp-monitor: unknown command "${printable(word)}". Commands: ${Object.keys(commands).join(', ')}.\n\n${usage}`);
  return EXIT.unknown;
}

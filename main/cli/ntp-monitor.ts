/**
 * The command-line face of the engine. Each command is its own module; this file only routes. Started by launch.ts
 * (the installed program), which checks the Node version first.
 */
import { printable } from '../i18n/display.js';
import { languageFromLocale, localeFromEnv, translate, type Language } from '../i18n/translate.js';
import { VERSION } from '../version.js';
import { EXIT } from './exit-codes.js';
import type { CliIo } from './io.js';


interface Command {
  run: (args: string[], io: CliIo) => Promise<number>;
  help: (lang: Language) => string;
}

/** Loaded on demand: `check` is called by cron and monitoring agents, and should not pay for `watch`'s sinks. */
const commands: Record<string, () => Promise<Command>> = {
  check: async () => {
    const m = await import('./check.js');
    return { run: m.runCheck, help: m.checkHelp };
  },
  watch: async () => {
    const m = await import('./watch.js');
    return { run: m.runWatch, help: m.watchHelp };
  },
  history: async () => {
    const m = await import('./history.js');
    return { run: m.runHistory, help: m.historyHelp };
  },
};

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  const lang = languageFromLocale(localeFromEnv(io.env));
  const usage = translate(lang, 'help.usage');
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    const load = commands[rest[0] ?? ''];
    io.stdout.write(load ? (await load()).help(lang) : usage);
    return command === undefined ? EXIT.unknown : EXIT.ok;
  }
  if (command === '--version' || command === '-V' || command === 'version') {
    io.stdout.write(`ntp-monitor ${VERSION}\n`);
    return EXIT.ok;
  }
  const load = commands[command];
  if (!load) {
    io.stderr.write(`ntp-monitor: unknown command "${printable(command)}". Commands: ${Object.keys(commands).join(', ')}.\n\n${usage}`);
    return EXIT.unknown;
  }
  return (await load()).run(rest, io);
}

// Getters: process.stderr builds a stream on first use, which a run that prints no error need not pay for.
const io: CliIo = {
  get stdout() {
    return process.stdout;
  },
  get stderr() {
    return process.stderr;
  },
  env: process.env,
};
main(process.argv.slice(2), io).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    // A bug, not bad input: still no stack trace for the user, and UNKNOWN for the monitoring system.
    process.stderr.write(`ntp-monitor: internal error: ${printable(String((error as Error)?.message ?? error))}\n`);
    process.exitCode = EXIT.unknown;
  },
);

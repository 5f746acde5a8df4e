/**
 * The command-line face of the engine. Each command is its own module; this file only routes. Started by launch.ts
 * (the installed program), which checks the Node version first.
 */
import { printable } from '../i18n/display.js';
import type { Language } from '../i18n/translate.js';
import { EXIT } from './exit-codes.js';
import { allWritten, programStdout, type CliIo } from './io.js';

/** A command: what it does with its arguments (its exit status), and its help in a language. */
export interface Command {
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
  if (command !== undefined && Object.hasOwn(commands, command)) return (await commands[command]!()).run(rest, io);
  // Help, the version and mistakes: their texts load only now, so a command's start does not pay for them.
  const { answerWithoutCommand } = await import('./usage.js');
  return answerWithoutCommand(argv, io, commands);
}

// Getters: each output is made on first use, which a run that prints no error need not pay for.
let stdout: NodeJS.WritableStream | undefined;
let stderr: NodeJS.WritableStream | undefined;
const io: CliIo = {
  get stdout() {
    return (stdout ??= programStdout());
  },
  get stderr() {
    return (stderr ??= process.stderr);
  },
  env: process.env,
};

/** Commands whose process has nothing left to do once they have answered. */
const ENDS_WITH_ANSWER = new Set(['check']);

/** Runs the program on its command line and sets its exit status. */
export function runProgram(): void {
  const argv = process.argv.slice(2);
  main(argv, io).then(
    (code) => {
      process.exitCode = code;
      // A check that has answered ends at once: closing its socket and winding the event loop down took 1.2 ms of
      // each start (issue 19, decision 43). Not while some output still waits for a slow reader.
      if (ENDS_WITH_ANSWER.has(argv[0]!) && allWritten([stdout, stderr])) process.exit();
    },
    (error: unknown) => {
      // A bug, not bad input: still no stack trace for the user, and UNKNOWN for the monitoring system.
      process.stderr.write(`ntp-monitor: internal error: ${printable(String((error as Error)?.message ?? error))}\n`);
      process.exitCode = EXIT.unknown;
    },
  );
}

/**
 * Loads `check` and the texts without running anything: the single executable does this when it is built, so that its
 * startup snapshot holds them (decision 42). Not `watch` or `history`: the servers and files they open at load
 * (http, SQLite) cannot be kept in a snapshot, and they start once, not every few minutes.
 */
export async function loadCheck(): Promise<void> {
  await Promise.all([commands.check!(), import('./usage.js')]);
}

#!/usr/bin/env node
/** The command-line face of the engine. Each command is its own module; this file only routes. */
import { CHECK_HELP, runCheck } from './check.js';
import { EXIT, type CliIo } from './exit-codes.js';
import { runWatch, WATCH_HELP } from './watch.js';

const USAGE = `Usage: ntp-monitor <command> [options]

Commands:
  check [SERVER...]   query servers once and exit with a monitoring-plugin status (0/1/2/3)
  watch               watch servers until stopped: log lines, webhook alerts, Prometheus metrics
  help [COMMAND]      show help

Run "ntp-monitor <command> --help" for a command's options.
`;

const commands: Record<string, { run: (args: string[], io: CliIo) => Promise<number>; help: string }> = {
  check: { run: runCheck, help: CHECK_HELP },
  watch: { run: runWatch, help: WATCH_HELP },
};

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    io.stdout.write(commands[rest[0] ?? '']?.help ?? USAGE);
    return command === undefined ? EXIT.unknown : EXIT.ok;
  }
  const entry = commands[command];
  if (!entry) {
    io.stderr.write(`ntp-monitor: unknown command "${command}". Commands: ${Object.keys(commands).join(', ')}.\n\n${USAGE}`);
    return EXIT.unknown;
  }
  return entry.run(rest, io);
}

const io: CliIo = { stdout: process.stdout, stderr: process.stderr, env: process.env };
main(process.argv.slice(2), io).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    // A bug, not bad input: still no stack trace for the user, and UNKNOWN for the monitoring system.
    process.stderr.write(`ntp-monitor: internal error: ${(error as Error)?.message ?? String(error)}\n`);
    process.exitCode = EXIT.unknown;
  },
);

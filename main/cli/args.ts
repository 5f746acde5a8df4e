/** Argument parsing shared by the commands: a bad argument gets a printable message and the help, never a stack trace. */
import { printable } from '../i18n/display.js';
import { EXIT } from './exit-codes.js';
import type { CliIo } from './io.js';

/**
 * Runs a command's argument parser: a parse error prints what is wrong and the help (exit 3), --help prints the
 * help (exit 0); otherwise the parsed arguments.
 */
export function parseOrExplain<R extends { values: { help?: boolean } }>(command: string, help: string, io: CliIo, parse: () => R): R | number {
  let parsed: R;
  try {
    parsed = parse();
  } catch (error) {
    // parseArgs quotes the offending argument as given: it may hold a newline or an escape sequence.
    io.stderr.write(`ntp-monitor ${command}: ${printable((error as Error).message)}\n\n${help}`);
    return EXIT.unknown;
  }
  if (parsed.values.help) {
    io.stdout.write(help);
    return EXIT.ok;
  }
  return parsed;
}

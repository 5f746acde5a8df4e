/** Argument parsing shared by the commands: a bad argument gets a printable message and the help, never a stack trace. */
import { printable } from '../i18n/display.js';
import { languageFromLocale, localeFromEnv, translate, type Language } from '../i18n/translate.js';
import { numeric } from '../settings/numbers.js';
import { EXIT } from './exit-codes.js';
import type { CliIo } from './io.js';

/**
 * Runs a command's argument parser: a parse error prints what is wrong and the help (exit 3), --help prints the
 * help (exit 0); otherwise the parsed arguments. With `usage` (a monitoring plugin's short usage), a parse error
 * goes to stdout with that usage instead: Nagios and Icinga show only stdout. The help is made only when shown
 * (building check's cost about 0.5 ms of every start, issue 19).
 */
export function parseOrExplain<R extends { values: { help?: boolean } }>(command: string, help: () => string, io: CliIo, parse: () => R, usage?: string): R | number {
  let parsed: R;
  try {
    parsed = parse();
  } catch (error) {
    const reason = `ntp-monitor ${command}: ${parseError(error as Error & { code?: string }, languageFromLocale(localeFromEnv(io.env)))}\n`;
    if (usage === undefined) io.stderr.write(`${reason}\n${help()}`);
    else io.stdout.write(`${reason}${usage}`);
    return EXIT.unknown;
  }
  if (parsed.values.help) {
    io.stdout.write(help());
    return EXIT.ok;
  }
  return parsed;
}

/**
 * parseArgs's complaint in the user's language. Its own text advises `--` for a positional that starts with a dash,
 * with an unbalanced quote, which helps nobody who mistyped an option.
 */
function parseError(error: Error & { code?: string }, lang: Language): string {
  // parseArgs quotes the offending option as given: it may hold a newline or an escape sequence.
  const option = printable(/'([^']*)'/.exec(error.message)?.[1] ?? '');
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return translate(lang, 'args.unknown-option', { option });
  if (/argument missing/.test(error.message)) return translate(lang, 'args.missing-value', { option });
  if (/does not take an argument/.test(error.message)) return translate(lang, 'args.no-value', { option });
  return printable(error.message);
}

/** The options `check` and `watch` share: how each server is measured and judged. */
export const MEASUREMENT_OPTIONS = {
  warning: { type: 'string' },
  critical: { type: 'string' },
  samples: { type: 'string' },
  timeout: { type: 'string' },
  'max-stratum': { type: 'string' },
  'max-root-distance': { type: 'string' },
  ipv4: { type: 'boolean', default: false },
  ipv6: { type: 'boolean', default: false },
  ca: { type: 'string' },
} as const;

type MeasurementValues = { warning?: string; critical?: string; samples?: string; timeout?: string; 'max-stratum'?: string; 'max-root-distance'?: string; ipv4?: boolean; ipv6?: boolean };

/** The settings those options give, unchecked (validation names the flag at fault); undefined where not given. */
export function measurementSettings(values: MeasurementValues) {
  return {
    warningSeconds: numeric(values.warning),
    criticalSeconds: numeric(values.critical),
    samples: numeric(values.samples),
    timeoutMs: numeric(values.timeout),
    maxStratum: numeric(values['max-stratum']),
    maxRootDistanceSeconds: numeric(values['max-root-distance']),
    family: values.ipv4 ? ('ipv4' as const) : values.ipv6 ? ('ipv6' as const) : undefined,
  };
}

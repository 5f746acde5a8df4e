/** `ntp-monitor history`: the rows a `watch --history` file holds, as CSV or JSON lines, for a time range and servers. */
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { printable } from '../i18n/display.js';
import { languageFromLocale, localeFromEnv, resolveLanguage, translate, type Language, type MessageKey, type MessageParams } from '../i18n/translate.js';
import { csvRecord, CSV_HEADER, jsonLine } from '../history/export.js';
import { HistoryReader, HistoryReadError } from '../history/reader.js';
import { problemWords } from '../i18n/problem-words.js';
import { commandLineLayer, readConfigFile, refusedFile, settingsFromLayers } from '../settings/config-file.js';
import { defaultSettings, type Settings } from '../settings/settings.js';
import { parseOrExplain } from './args.js';
import { EXIT } from './exit-codes.js';
import { parseTime, TIME_RANGE } from './history-time.js';
import type { CliIo } from './io.js';

/** `history --help` in the user's language. */
export function historyHelp(lang: Language): string {
  return translate(lang, 'help.history', { header: CSV_HEADER });
}

/** Rows gathered per write to stdout: few writes, bounded memory, and drain respected for a slow reader. */
const CHUNK_ROWS = 1_000;

export async function runHistory(args: string[], io: CliIo): Promise<number> {
  const locale = localeFromEnv(io.env);
  let lang = languageFromLocale(locale);
  const fail = (key: MessageKey, params: MessageParams = {}) => {
    io.stderr.write(`ntp-monitor history: ${translate(lang, key, params)}\n`);
    return EXIT.unknown;
  };
  const parsed = parseOrExplain('history', () => historyHelp(lang), io, () =>
    parseArgs({
      args,
      options: {
        config: { type: 'string' },
        history: { type: 'string' },
        server: { type: 'string', multiple: true },
        since: { type: 'string' },
        until: { type: 'string' },
        csv: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }),
  );
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  if (values.csv && values.json) return fail('history.csv-and-json');
  const now = Date.now();
  const times: Record<'since' | 'until', number> = { since: 0, until: 0 };
  for (const [flag, text] of [['since', values.since ?? '24h'], ['until', values.until ?? '0s']] as const) {
    const parsed = parseTime(text, now);
    if (parsed.ok) times[flag] = parsed.at;
    else if (parsed.problem === 'not-a-time') return fail('history.bad-time', { flag: `--${flag}`, value: text });
    else return fail('history.time-out-of-range', { flag: `--${flag}`, value: text, ...rangeParams() });
  }
  const { since, until } = times;
  if (since >= until) return fail('history.bad-range', { since: new Date(since).toISOString(), until: new Date(until).toISOString() });
  let file = values.history;
  if (values.config !== undefined) {
    const found = await fromConfig(values.config, values.history, lang);
    if (!found.ok) {
      for (const problem of found.problems) io.stderr.write(`ntp-monitor history: ${printable(problem)}\n`);
      return EXIT.unknown;
    }
    lang = resolveLanguage(found.language, locale);
    if (found.file === '') return fail('history.config-no-file', { config: values.config });
    file = found.file;
  }
  if (file === undefined) return fail('history.need-file');

  let reader: HistoryReader;
  try {
    reader = await HistoryReader.open(file);
  } catch (error) {
    return fail(...openFailure(error, file, lang));
  }
  try {
    const servers = values.server ?? [];
    const known = new Set(reader.servers());
    for (const server of servers.filter((s) => !known.has(s))) {
      io.stderr.write(`ntp-monitor history: ${translate(lang, 'history.unknown-server', { server, known: [...known].join(', ') || '-' })}\n`);
    }
    const format = values.json ? jsonLine : csvRecord;
    let chunk = values.json ? '' : CSV_HEADER + '\r\n';
    let count = 0;
    for (const row of reader.rows({ from: since, to: until, servers })) {
      chunk += format(row);
      if (++count % CHUNK_ROWS === 0) {
        await write(io.stdout, chunk);
        chunk = '';
      }
    }
    await write(io.stdout, chunk);
  } finally {
    reader.close();
  }
  return EXIT.ok;
}

type FromConfig = { ok: true; file: string; language: Settings['language'] } | { ok: false; problems: string[] };

/**
 * The history file (and the language) the config file gives, `--history` over it: the file `watch --config` with the
 * same file records into, read by the same rules, so a file watch would refuse is refused here too, every problem
 * listed. Nothing else of it is needed (no CA read, no system servers looked up): reading history polls nothing.
 */
async function fromConfig(configFile: string, historyFlag: string | undefined, lang: Language): Promise<FromConfig> {
  const flags = commandLineLayer({ historyFile: historyFlag }, { historyFile: '--history' });
  const read = await readConfigFile(configFile);
  const checked = read.ok ? settingsFromLayers([read.layer, flags], DEFAULTS) : refusedFile(read, [flags], DEFAULTS);
  if (!checked.ok) return { ok: false, problems: checked.problems.map((problem) => problemWords(problem, lang)) };
  return { ok: true, file: checked.settings.historyFile, language: checked.settings.language };
}

const DEFAULTS = defaultSettings();

function rangeParams(): MessageParams {
  return { min: new Date(TIME_RANGE.min).toISOString(), max: new Date(TIME_RANGE.max).toISOString() };
}

function openFailure(error: unknown, file: string, lang: Language): [MessageKey, MessageParams] {
  if (!(error instanceof HistoryReadError)) return ['history.unreadable', { file, reason: (error as Error)?.message ?? String(error) }];
  const failure = error.failure;
  if (failure.kind === 'missing') return ['history.missing-file', { file }];
  if (failure.kind === 'not-regular') return ['history.not-regular', { file, kind: translate(lang, `config.kind-${failure.what}`) }];
  if (failure.kind === 'unavailable') return ['history.cli-unavailable', { version: process.version }];
  if (failure.kind === 'wal-unreplayed') return ['history.wal-unreplayed', { file, folder: dirname(file) }];
  return ['history.unreadable', { file, reason: failure.reason }];
}

/** Waits for a full pipe to drain; a closed one (`| head`) ends the wait too, and the rest is dropped. */
function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (text === '') return Promise.resolve();
  return new Promise((resolve) => {
    if (stream.write(text)) return resolve();
    const done = () => {
      stream.off('drain', done);
      stream.off('error', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('error', done);
  });
}

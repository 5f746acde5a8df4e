/** `ntp-monitor history`: the rows a `watch --history` file holds, as CSV or JSON lines, for a time range and servers. */
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { languageFromLocale, localeFromEnv, translate, type Language, type MessageKey, type MessageParams } from '../i18n/translate.js';
import { csvRecord, CSV_HEADER, jsonLine } from '../history/export.js';
import { HistoryReader, HistoryReadError } from '../history/reader.js';
import { parseOrExplain } from './args.js';
import { EXIT } from './exit-codes.js';
import { parseTime, TIME_RANGE } from './history-time.js';
import type { CliIo } from './io.js';

export const HISTORY_HELP = `Usage: ntp-monitor history --history FILE [--server S]... [--since T] [--until T] [--csv | --json]

Prints what \`ntp-monitor watch --history FILE\` (or \`history = FILE\` in its config.ini) recorded: one row per
sample or failure, oldest first.

--history FILE  the history database to read (required: history is off unless watch is given a file)
--server S      only this server, as written in the settings (repeatable; default: every server)
--since T       from T (default 24h): a duration back from now (90m, 24h, 7d, 2w) or an ISO-8601 date or time
                (2026-11-23, 2026-11-23T08:00:00Z; without a zone, local time), from 1970 to 9999
--until T       up to T, same forms (default: now)
--csv           CSV, RFC 4180, CRLF line ends (the default), header:
                ${CSV_HEADER}
--json          JSON lines: {"at","server","state","ok","offsetMs","delayMs","jitterMs","stratum","error"}
--help          show this help

at is ISO-8601 UTC; offsetMs is positive when the server is ahead of this computer (as ntpdate prints it).
The file is opened read-only: reading needs no write access to it, nor to its folder once watch has stopped.
Exit status: 0 done (no rows is not an error); 3 bad arguments, or a file that is missing or not a history file.
`;

/** Rows gathered per write to stdout: few writes, bounded memory, and drain respected for a slow reader. */
const CHUNK_ROWS = 1_000;

export async function runHistory(args: string[], io: CliIo): Promise<number> {
  const lang = languageFromLocale(localeFromEnv(io.env));
  const fail = (key: MessageKey, params: MessageParams = {}) => {
    io.stderr.write(`ntp-monitor history: ${translate(lang, key, params)}\n`);
    return EXIT.unknown;
  };
  const parsed = parseOrExplain('history', HISTORY_HELP, io, () =>
    parseArgs({
      args,
      options: {
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
  if (values.history === undefined) return fail('history.need-file');
  const file = values.history;

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

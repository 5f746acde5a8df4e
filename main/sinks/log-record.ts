/**
 * The lines of the sample log as data, and their two forms: `TIME KIND key=value...` text, easy to read and to grep,
 * or one JSON object a line for log shippers (Loki, Elasticsearch), with the same keys.
 */
import type { Language } from '../i18n/translate.js';
import type { ResultEvent } from '../judging/events.js';
import type { LogFormat } from '../settings/settings.js';
import { describeTransition } from '../i18n/describe.js';
import { failureWords } from '../i18n/failure-words.js';
import type { Transition } from '../judging/transition.js';
import { DAEMON_NAMES, daemonChangeSentence, sourceName } from '../i18n/daemon-words.js';
import type { TimeServiceChange } from '../monitor/time-service.js';

/** One key of a line: how the text form writes its value, and the value the JSON form gives it (a figure as a number). */
interface Field {
  key: string;
  text: string;
  json: string | number;
}

/** One line of the log: when, what kind, and its keys in order. */
export interface LogRecord {
  at: number;
  kind: 'sample' | 'failure' | 'transition' | 'time-service' | 'note';
  fields: Field[];
}

/** The subject of a verdict about this computer's clock (local-clock, leap), which has no server of its own. */
const THIS_COMPUTER = 'this-computer';

export function resultRecord(event: ResultEvent, lang: Language): LogRecord {
  const { result, status } = event;
  const server = word('server', event.server);
  if (result.ok) {
    const s = result.sample;
    const auth = s.authenticated ? [word('auth', 'nts')] : [];
    const fields = [server, signedMs('offset', s.offsetMs), ms('delay', s.delayMs), count('stratum', s.stratum), ...auth, word('state', status.state)];
    return { at: event.knownAt, kind: 'sample', fields };
  }
  const f = result.failure;
  const code = f.code ? [word('code', f.code)] : [];
  return { at: event.knownAt, kind: 'failure', fields: [server, word('kind', f.kind), ...code, word('state', status.state), message(failureWords(f, lang))] };
}

export function transitionRecord(t: Transition, lang: Language): LogRecord {
  const server = t.verdict && t.verdict.reason !== 'falseticker' ? THIS_COMPUTER : t.server;
  const fields = [word('server', server), word('from', t.from), word('to', t.to), ...offsetFields(t)];
  if (t.thresholdSeconds !== undefined) fields.push({ key: 'threshold', text: `${t.thresholdSeconds}s`, json: t.thresholdSeconds });
  if (t.failure) fields.push(word('kind', t.failure.kind));
  else if (t.verdict) fields.push(word('reason', t.verdict.reason));
  if (t.foldedInto) fields.push(word('folded-into', t.foldedInto));
  fields.push(message(describeTransition(t, lang).body));
  return { at: t.at, kind: 'transition', fields };
}

/**
 * A confirmed change of the time service's verdict: the daemon and where it was asked, the verdicts, the state, what
 * it believes (`belief=`, our sign: positive when it thinks this computer is behind), the consensus minus that belief
 * (`difference=`), the source it follows, then the sentence.
 */
export function timeServiceRecord(c: TimeServiceChange, lang: Language): LogRecord {
  const v = c.check.view;
  const fields = [word('daemon', DAEMON_NAMES[c.kind]), word('target', c.target), word('from', c.from), word('to', c.to), word('state', c.state)];
  if (v) fields.push(signedMs('belief', v.offsetMs), ms('error-bound', v.errorBoundMs));
  if (c.check.differenceMs !== null) fields.push(signedMs('difference', c.check.differenceMs));
  if (v?.source) fields.push(word('source', sourceName(c.check)));
  if (c.check.failure) fields.push(word('kind', c.check.failure.kind));
  fields.push(message(daemonChangeSentence(c.check, c.kind, c.target, c.agree, lang)));
  return { at: c.at, kind: 'time-service', fields };
}

export function noteRecord(text: string, at: number = Date.now()): LogRecord {
  return { at, kind: 'note', fields: [message(text)] };
}

/** The line of `record` in `format`, without its newline. */
export function formatRecord(record: LogRecord, format: LogFormat): string {
  const time = new Date(record.at).toISOString();
  // "event", not "kind": a failure's own `kind=` key must keep its name.
  if (format === 'json') return JSON.stringify({ time, event: record.kind, ...Object.fromEntries(record.fields.map((f) => [f.key, f.json])) });
  return [time, record.kind, ...record.fields.map((f) => `${f.key}=${f.text}`)].join(' ');
}

/**
 * `offset=` is always a server's offset from this computer (positive: the server is ahead); a verdict's own figure
 * gets a key naming what it is, so that its sign is never read against the message's words.
 */
function offsetFields(t: Transition): Field[] {
  if (t.verdict?.reason === 'local-clock') return [signedMs('consensus-offset', t.verdict.offsetMs)];
  if (t.verdict?.reason === 'falseticker') return [signedMs('offset-from-consensus', t.verdict.offsetMs)];
  if (t.verdict || !t.sample) return [];
  return [signedMs('offset', t.sample.offsetMs)];
}

function word(key: string, value: string): Field {
  return { key, text: value, json: value };
}

function count(key: string, value: number): Field {
  return { key, text: String(value), json: value };
}

function message(text: string): Field {
  return { key: 'message', text: JSON.stringify(text), json: text };
}

/** Milliseconds to the microsecond, the resolution an NTP exchange over a network can honestly claim. */
function ms(key: string, value: number): Field {
  return { key, text: `${value.toFixed(3)}ms`, json: Number(value.toFixed(3)) };
}

function signedMs(key: string, value: number): Field {
  const field = ms(key, value);
  return { ...field, text: (value < 0 ? '' : '+') + field.text };
}

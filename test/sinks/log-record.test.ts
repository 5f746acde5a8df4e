/** The sample log's two forms: JSON lines carry the same keys, in the same order, as the text form's key=value pairs. */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ResultEvent } from '../../main/judging/events.js';
import { formatRecord, noteRecord, resultRecord, transitionRecord, type LogRecord } from '../../main/sinks/log-record.js';
import { SampleLog } from '../../main/sinks/sample-log.js';
import type { Transition } from '../../main/judging/transition.js';
import { failureResult, sampleResult, status } from '../support/results.js';

const at = Date.UTC(2026, 10, 24, 8, 30);
const good = sampleResult('ntp1.test', -12.3456);
if (!good.ok) throw new Error('fixture');
const sample = { ...good.sample, authenticated: true as const };
const events: ResultEvent[] = [
  { server: 'ntp1.test', result: { ok: true, sample }, status: status('ntp1.test', 'ok'), knownAt: at },
  { server: 'ntp2.test', result: failureResult('ntp2.test', 'kod', 'RATE'), status: status('ntp2.test', 'unreachable'), knownAt: at },
];
const transitions: Transition[] = [
  { server: '', from: 'ok', to: 'critical', at, thresholdSeconds: 1, verdict: { reason: 'local-clock', offsetMs: 2498.133, agree: 3, total: 4 } },
  { server: 'ntp1.test', from: 'unknown', to: 'warning', at, sample, thresholdSeconds: 0.01, foldedInto: 'local-clock' },
];
const records: LogRecord[] = [...events.map((event) => resultRecord(event, 'en')), ...transitions.map((t) => transitionRecord(t, 'en')), noteRecord('watching "x"\nnow', at)];

/** The key=value pairs of a text line (a quoted message may hold spaces, quotes and escapes). */
function textPairs(line: string): [string, string][] {
  return [...line.matchAll(/ ([a-z-]+)=("(?:[^"\\]|\\.)*"|\S+)/g)].map((m) => [m[1]!, m[2]!]);
}

describe('the sample log as JSON lines', () => {
  it('gives every kind of line the keys of its text form, in order, after time and event (the text\'s second word)', () => {
    for (const record of records) {
      const text = formatRecord(record, 'text');
      const json = formatRecord(record, 'json');
      expect(json).not.toContain('\n');
      const object = JSON.parse(json) as Record<string, unknown>;
      const [time, event] = text.split(' ');
      expect(Object.keys(object)).toEqual(['time', 'event', ...textPairs(text).map(([key]) => key)]);
      expect([object.time, object.event]).toEqual([time, event]);
      for (const [key, value] of textPairs(text)) {
        const given = object[key];
        // Figures are numbers in the unit the text writes after them; words are the same words; the message unquoted.
        if (typeof given === 'number') expect(Number(value.replace(/m?s$/, ''))).toBe(given);
        else expect(value.startsWith('"') ? JSON.parse(value) : value).toBe(given);
      }
    }
  });

  it('writes figures as numbers and keeps the subject and sign of each offset', () => {
    const [ok, failure, verdict, folded] = records.map((r) => JSON.parse(formatRecord(r, 'json')) as Record<string, unknown>);
    expect(ok).toEqual({ time: '2026-11-24T08:30:00.000Z', event: 'sample', server: 'ntp1.test', offset: -12.346, delay: 0.4, stratum: 2, auth: 'nts', state: 'ok' });
    // A failure's own kind keeps its key.
    expect(failure).toMatchObject({ event: 'failure', server: 'ntp2.test', kind: 'kod', code: 'RATE', state: 'unreachable' });
    expect(verdict).toMatchObject({ server: 'this-computer', 'consensus-offset': 2498.133, threshold: 1, reason: 'local-clock' });
    expect(verdict!.message).toBe('This computer is 2.498 s behind (3 of 4 servers agree), beyond the 1 s threshold: CRITICAL.');
    expect(folded).toMatchObject({ offset: -12.346, 'folded-into': 'local-clock', threshold: 0.01 });
  });

  it('SampleLog writes the form asked for, and takes a new one while running', async () => {
    const stream = new PassThrough();
    let out = '';
    stream.on('data', (chunk: Buffer) => (out += chunk));
    const log = new SampleLog({ language: 'en', stream, format: 'json' });
    log.result(events[0]!);
    log.format = 'text';
    log.note('reloaded');
    await log.flush();
    const [first, second] = out.trimEnd().split('\n');
    expect(JSON.parse(first!)).toMatchObject({ event: 'sample', server: 'ntp1.test' });
    expect(second).toMatch(/^\S+Z note message="reloaded"$/);
  });
});

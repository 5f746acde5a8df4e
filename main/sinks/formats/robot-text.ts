/** The text a group robot shows for one transition, written to be read on a phone's lock screen. */
import { translate, type Language } from '../../i18n/translate.js';
import { describeTransition } from '../../i18n/describe.js';
import { stateWord } from '../../i18n/state-words.js';
import type { Transition } from '../../judging/transition.js';

/**
 * Four lines: "NTP CRITICAL: 192.0.2.1" (the state word first, then the subject: the server or this computer), the
 * sentence with the offset in words and the threshold (or the failure), the time in UTC, and the host that saw it.
 * No icon or emoji: a robot's notification preview shows the first line as it is.
 */
export function robotText(t: Transition, lang: Language, host: string): string {
  const reason = t.verdict?.reason;
  const subject =
    reason === 'local-clock' ? translate(lang, 'verdict.this-computer') : reason === 'leap' ? translate(lang, 'verdict.leap-title') : t.server;
  return [
    translate(lang, 'robot.headline', { state: stateWord(t.to, lang, t.failure?.kind), subject }),
    describeTransition(t, lang).body,
    translate(lang, 'robot.at', { time: utcTime(t.at) }),
    translate(lang, 'robot.seen-by', { host }),
  ].join('\n');
}

/** "2025-06-01 08:00:05 UTC": to the second, the zone said. */
function utcTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

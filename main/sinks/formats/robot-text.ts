/** The text a group robot shows for one transition, written to be read on a phone's lock screen. */
import { translate, type Language } from '../../i18n/translate.js';
import { describeTransition } from '../../i18n/describe.js';
import { stateWord } from '../../i18n/state-words.js';
import type { Transition } from '../../judging/transition.js';
import { DAEMON_NAMES, daemonChangeSentence } from '../../i18n/daemon-words.js';
import type { TimeServiceChange } from '../../monitor/time-service.js';

/**
 * Four lines: "NTP CRITICAL: 192.0.2.1" (the state word first, then the subject: the server or this computer), the
 * sentence with the offset in words and the threshold (or the failure), the time in UTC, and the host that saw it.
 * No icon or emoji: a robot's notification preview shows the first line as it is.
 */
export function robotText(t: Transition, lang: Language, host: string): string {
  const reason = t.verdict?.reason;
  const subject =
    reason === 'local-clock' ? translate(lang, 'verdict.this-computer') : reason === 'leap' ? translate(lang, 'verdict.leap-title') : t.server;
  return lines(stateWord(t.to, lang, t.failure?.kind), subject, describeTransition(t, lang).body, t.at, lang, host);
}

/** The same four lines for a change of the time service's verdict: "NTP CRITICAL: chronyd", then its sentence. */
export function timeServiceRobotText(c: TimeServiceChange, lang: Language, host: string): string {
  return lines(stateWord(c.state, lang), DAEMON_NAMES[c.kind], daemonChangeSentence(c.check, c.kind, c.target, c.agree, lang), c.at, lang, host);
}

function lines(state: string, subject: string, body: string, at: number, lang: Language, host: string): string {
  return [
    translate(lang, 'robot.headline', { state, subject }),
    body,
    translate(lang, 'robot.at', { time: utcTime(at) }),
    translate(lang, 'robot.seen-by', { host }),
  ].join('\n');
}

/** "2025-06-01 08:00:05 UTC": to the second, the zone said. */
function utcTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

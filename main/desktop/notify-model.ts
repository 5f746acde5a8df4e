/** Which transitions become a desktop notification, and with what words. No Electron here. */
import type { Language } from '../i18n/translate.js';
import { describeTransition, type TransitionText } from '../transitions/describe.js';
import type { Transition } from '../transitions/transition.js';

/**
 * Every transition is worth a notification except the first "ok" after start: the state was merely unknown, so
 * announcing it would greet the user with noise each time the app starts. An alarm at start is still announced.
 */
export function notificationFor(t: Transition, options: { enabled: boolean; lang: Language }): TransitionText | null {
  if (!options.enabled) return null;
  if (t.from === 'unknown' && t.to === 'ok') return null;
  return describeTransition(t, options.lang);
}

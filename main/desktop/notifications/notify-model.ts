/** Which transitions become a desktop notification, and with what words. No Electron here. */
import type { Language } from '../../i18n/translate.js';
import { describeTransition, type TransitionText } from '../../i18n/describe.js';
import { isAlert, type Transition } from '../../judging/transition.js';

/**
 * The same transitions as the webhook alerts on: every one but a server's first verdict being OK, which would greet
 * the user with noise each time the app starts. An alarm at start is still announced.
 */
export function notificationFor(t: Transition, options: { enabled: boolean; lang: Language }): TransitionText | null {
  if (!options.enabled || !isAlert(t)) return null;
  return describeTransition(t, options.lang);
}

/**
 * The time service in the desktop's faces, as plain data (no Electron here): the notification of a verdict change, the
 * tray's one line under the verdict, and the status window's panel, all worded in the user's language.
 */
import type { TimeServicePanel } from '../../contract.js';
import { beliefLines, DAEMON_NAMES, daemonLine, daemonSentence } from '../../i18n/daemon-words.js';
import type { TransitionText } from '../../i18n/describe.js';
import { stateWord } from '../../i18n/state-words.js';
import { translate, type Language } from '../../i18n/translate.js';
import { isTimeServiceAlert, type TimeServiceChange, type TimeServiceView } from '../../monitor/time-service.js';

/** A notification for a change worth telling (as the webhook alerts on it); null when not, or notifications are off. */
export function timeServiceNotification(change: TimeServiceChange, options: { enabled: boolean; lang: Language }): TransitionText | null {
  if (!options.enabled || !isTimeServiceAlert(change)) return null;
  const { lang } = options;
  return {
    title: translate(lang, 'daemon.notify-title', { daemon: DAEMON_NAMES[change.kind], state: stateWord(change.state, lang) }),
    body: daemonSentence(change.check, change.kind, change.target, change.agree, lang),
  };
}

/** The tray's line: "chronyd: synchronised to ntp1, agrees"; none while no daemon is read. */
export function timeServiceTrayLine(view: TimeServiceView | null, lang: Language): string | undefined {
  return view ? daemonLine(view.check, view.verdict, view.kind, lang) : undefined;
}

/** The status window's panel: where it was asked, the verdict line, the round's sentence, what it believes. */
export function timeServicePanel(view: TimeServiceView | null, lang: Language): TimeServicePanel | null {
  if (!view) return null;
  const v = view.check.view;
  const details = v ? beliefLines(v, lang) : [];
  return {
    heading: translate(lang, 'daemon.panel-target', { daemon: DAEMON_NAMES[view.kind], target: view.target }),
    state: view.verdict === 'unknown' ? 'unknown' : view.check.state,
    line: daemonLine(view.check, view.verdict, view.kind, lang),
    sentence: daemonSentence(view.check, view.kind, view.target, view.agree, lang),
    details,
  };
}

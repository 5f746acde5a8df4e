/** How a snooze of notifications is said, in the tray's tooltip and menu and the status window's headline. */
import { translate, type Language } from './translate.js';

/** "Notifications snoozed until 15:04", or with the day when it ends on another one ("until Tue 08:00"). */
export function snoozeLine(until: number, now: number, lang: Language): string {
  const sameDay = new Date(until).toDateString() === new Date(now).toDateString();
  const options: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hour12: false, ...(!sameDay && { weekday: 'short' }) };
  return translate(lang, 'tray.snoozed', { time: new Intl.DateTimeFormat(lang, options).format(until) });
}

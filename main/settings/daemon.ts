/**
 * The `daemon` setting's grammar: which time service of this computer the monitor reads (`auto`, `none`, or a kind,
 * some with a command address). Checked here with the other settings; main/timeservice/daemon-option.ts turns the
 * same text into a reader's target, and a test keeps the two accepting the same texts.
 */
import { parseServerAddress } from '../ntp/address.js';

/** Kinds that may name the command address they are asked at (`chrony=HOST[:PORT]`). */
export const ADDRESSED_DAEMONS = ['chrony', 'ntpd'] as const;
/** Kinds read without an address (the readers of other time services add theirs here). */
export const LOCAL_DAEMONS = ['timesyncd', 'kernel', 'w32time', 'timed'] as const;

/** What the setting accepts, as a message lists it: "auto, none, chrony[=HOST:PORT]". */
export const DAEMON_FORMS = ['auto', 'none', ...ADDRESSED_DAEMONS.map((kind) => `${kind}[=HOST:PORT]`), ...LOCAL_DAEMONS].join(', ');

/** Whether `text` is a value of the setting. */
export function isDaemonSetting(text: string): boolean {
  if (text === 'auto' || text === 'none' || (LOCAL_DAEMONS as readonly string[]).includes(text)) return true;
  const match = /^([a-z]+)(?:=(.+))?$/.exec(text);
  if (!match || !(ADDRESSED_DAEMONS as readonly string[]).includes(match[1]!)) return false;
  return match[2] === undefined || parseServerAddress(match[2]).ok;
}

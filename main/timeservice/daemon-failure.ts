/** Why a time service could not be read, the same kinds for every reader; the edges word them (main/i18n). */

/**
 * How a daemon that answers said no: chrony's `501 Not authorised`, ntpd's `noquery` (silence on mode 6 while it
 * answers NTP on the same port), the D-Bus policy denying the call, or Windows denying w32tm access (0x80070005).
 */
export type RefusalHow = 'chrony-501' | 'ntpd-noquery' | 'dbus-denied' | 'w32time-denied';

/**
 * not-running: nothing listens (ICMP port unreachable, the bus name has no owner); no-reply: silence until the
 * deadline (with the last datagram rejected as not ours, if any); refused: it answers but will not say (how);
 * status: another error status to a command; invalid-reply: a reply that fails a check; socket-error: a fault of
 * our own; tool-missing: the program a reader runs (busctl, ntptime, w32tm, sntp) is not installed.
 */
export type DaemonFailure =
  | { kind: 'not-running' }
  | { kind: 'no-reply'; rejected?: string }
  | { kind: 'refused'; how: RefusalHow }
  | { kind: 'status'; status: number; command: string }
  | { kind: 'invalid-reply'; command: string; check: string }
  | { kind: 'socket-error'; code: string }
  | { kind: 'tool-missing'; tool: string };

/**
 * What a parser of a daemon's reply gives every reader: the value, or the check it failed (which the reader reports as
 * an invalid-reply failure's `check`).
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; check: string };

/** A failure that means "no such daemon here" for `auto`: it moves on to the next kind instead of reporting it. */
export function isAbsent(failure: DaemonFailure): boolean {
  return failure.kind === 'not-running' || failure.kind === 'no-reply' || failure.kind === 'tool-missing';
}

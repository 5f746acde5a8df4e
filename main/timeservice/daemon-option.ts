/** `--daemon auto|none|chrony[=HOST[:PORT]]|ntpd[=HOST[:PORT]]|timesyncd|kernel`: which time service to read, parsed once at the edge. */
import { parseServerAddress } from '../ntp/address.js';
import { DEFAULT_CHRONY_PORT } from './chrony-reader.js';
import { DEFAULT_NTPD_PORT } from './ntpd-reader.js';

/**
 * The daemon the command reads: found locally (auto), none, chronyd at a command address, ntpd at a mode 6 address,
 * systemd-timesyncd on the system bus, or the kernel's own clock state.
 */
export type DaemonChoice =
  | { kind: 'auto' }
  | { kind: 'none' }
  | { kind: 'chrony'; host: string; port: number; family: 0 | 4 | 6 }
  | { kind: 'ntpd'; host: string; port: number; family: 0 | 4 | 6 }
  | { kind: 'timesyncd' }
  | { kind: 'kernel' };

/** One daemon to read (what `auto` resolves to, and what the others name). */
export type DaemonTarget = Exclude<DaemonChoice, { kind: 'auto' } | { kind: 'none' }>;

/** Where `auto` looks first: chronyd's command port on loopback, open to any local user. */
export const LOCAL_CHRONY = { kind: 'chrony', host: '127.0.0.1', port: DEFAULT_CHRONY_PORT, family: 4 } as const satisfies DaemonChoice;
/** Then ntpd's mode 6 on loopback (Debian's ntpsec allows it from 127.0.0.1). */
export const LOCAL_NTPD = { kind: 'ntpd', host: '127.0.0.1', port: DEFAULT_NTPD_PORT, family: 4 } as const satisfies DaemonChoice;
/** Then timesyncd on the system bus. The kernel only when asked: it is there on every machine, synchronised or not. */
export const AUTO_ORDER: readonly DaemonTarget[] = [LOCAL_CHRONY, LOCAL_NTPD, { kind: 'timesyncd' }];

/** The choice `text` names, or null when it names none (the caller says what is accepted). */
export function parseDaemonOption(text: string): DaemonChoice | null {
  if (text === 'auto' || text === 'none' || text === 'timesyncd' || text === 'kernel') return { kind: text };
  if (text === 'chrony') return LOCAL_CHRONY;
  if (text === 'ntpd') return LOCAL_NTPD;
  const named = /^(chrony|ntpd)=(.+)$/.exec(text);
  if (!named) return null;
  const kind = named[1] as 'chrony' | 'ntpd';
  const target = named[2]!;
  const parsed = parseServerAddress(target);
  if (!parsed.ok) return null;
  // parseServerAddress gives NTP's port 123 when none is written; chronyd's command port is 323.
  const hasPort = /^\[[^\]]+\]:\d+$/.test(target) || /^[^:]+:\d+$/.test(target);
  const { host, family, port } = parsed.address;
  return { kind, host, family, port: hasPort ? port : kind === 'chrony' ? DEFAULT_CHRONY_PORT : DEFAULT_NTPD_PORT };
}

/** "127.0.0.1:323", "[::1]:123", "the system bus", "adjtimex": where the daemon is asked, as a user writes it. */
export function daemonTarget(choice: DaemonTarget): string {
  if (choice.kind === 'timesyncd') return 'org.freedesktop.timesync1';
  if (choice.kind === 'kernel') return 'adjtimex';
  return choice.family === 6 ? `[${choice.host}]:${choice.port}` : `${choice.host}:${choice.port}`;
}

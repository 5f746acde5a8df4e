/** `--daemon auto|none|chrony[=HOST[:PORT]]|ntpd[=HOST[:PORT]]|timesyncd|kernel|w32time|timed`: which time service to read, parsed once at the edge. */
import { parseServerAddress } from '../ntp/address.js';
import { DEFAULT_CHRONY_PORT } from './chrony-reader.js';
import { DEFAULT_NTPD_PORT } from './ntpd-reader.js';

/**
 * The daemon the command reads: found locally (auto), none, chronyd at a command address, ntpd at a mode 6 address,
 * systemd-timesyncd on the system bus, the kernel's own clock state, Windows Time (w32tm) or macOS timed (sntp).
 */
export type DaemonChoice =
  | { kind: 'auto' }
  | { kind: 'none' }
  | { kind: 'chrony'; host: string; port: number; family: 0 | 4 | 6 }
  | { kind: 'ntpd'; host: string; port: number; family: 0 | 4 | 6 }
  | { kind: 'timesyncd' }
  | { kind: 'kernel' }
  | { kind: 'w32time' }
  | { kind: 'timed' };

/** One daemon to read (what `auto` resolves to, and what the others name). */
export type DaemonTarget = Exclude<DaemonChoice, { kind: 'auto' } | { kind: 'none' }>;

/** Where `auto` looks first: chronyd's command port on loopback, open to any local user. */
export const LOCAL_CHRONY = { kind: 'chrony', host: '127.0.0.1', port: DEFAULT_CHRONY_PORT, family: 4 } as const satisfies DaemonChoice;
/** Then ntpd's mode 6 on loopback (Debian's ntpsec allows it from 127.0.0.1). */
export const LOCAL_NTPD = { kind: 'ntpd', host: '127.0.0.1', port: DEFAULT_NTPD_PORT, family: 4 } as const satisfies DaemonChoice;
/** Then timesyncd on the system bus. The kernel only when asked: it is there on every machine, synchronised or not. */
const ANY_PLATFORM: readonly DaemonTarget[] = [LOCAL_CHRONY, LOCAL_NTPD, { kind: 'timesyncd' }];

/**
 * Where `auto` looks, in order: the platform's own time service first (Windows Time on Windows, timed on macOS), and
 * only there, since neither exists elsewhere; then the daemons any platform may run.
 */
export function autoOrder(platform: NodeJS.Platform): readonly DaemonTarget[] {
  if (platform === 'win32') return [{ kind: 'w32time' }, ...ANY_PLATFORM];
  if (platform === 'darwin') return [{ kind: 'timed' }, ...ANY_PLATFORM];
  return ANY_PLATFORM;
}

/** Kinds named by their word alone, read without an address. */
const LOCAL_KINDS = ['timesyncd', 'kernel', 'w32time', 'timed'] as const;

/** The choice `text` names, or null when it names none (the caller says what is accepted). */
export function parseDaemonOption(text: string): DaemonChoice | null {
  if (text === 'auto' || text === 'none') return { kind: text };
  const local = LOCAL_KINDS.find((kind) => kind === text);
  if (local) return { kind: local };
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

/**
 * "127.0.0.1:323", "[::1]:123", "org.freedesktop.timesync1", "adjtimex", "w32tm", "sntp": where the daemon is asked,
 * as a user writes it.
 */
export function daemonTarget(choice: DaemonTarget): string {
  if (choice.kind === 'timesyncd') return 'org.freedesktop.timesync1';
  if (choice.kind === 'kernel') return 'adjtimex';
  if (choice.kind === 'w32time') return 'w32tm';
  if (choice.kind === 'timed') return 'sntp';
  return choice.family === 6 ? `[${choice.host}]:${choice.port}` : `${choice.host}:${choice.port}`;
}

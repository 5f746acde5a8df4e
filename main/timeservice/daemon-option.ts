/** `--daemon auto|none|chrony[=HOST[:PORT]]`: which time service to read, parsed once at the edge. */
import { parseServerAddress } from '../ntp/address.js';
import { DEFAULT_CHRONY_PORT } from './chrony-reader.js';

/** The daemon the command reads: found locally (auto), none, or chronyd at a given command address. */
export type DaemonChoice = { kind: 'auto' } | { kind: 'none' } | { kind: 'chrony'; host: string; port: number; family: 0 | 4 | 6 };

/** Where `auto` looks: chronyd's command port on loopback, open to any local user. */
export const LOCAL_CHRONY = { kind: 'chrony', host: '127.0.0.1', port: DEFAULT_CHRONY_PORT, family: 4 } as const satisfies DaemonChoice;

/** The choice `text` names, or null when it names none (the caller says what is accepted). */
export function parseDaemonOption(text: string): DaemonChoice | null {
  if (text === 'auto' || text === 'none') return { kind: text };
  if (text === 'chrony') return LOCAL_CHRONY;
  const target = /^chrony=(.+)$/.exec(text)?.[1];
  if (target === undefined) return null;
  const parsed = parseServerAddress(target);
  if (!parsed.ok) return null;
  // parseServerAddress gives NTP's port 123 when none is written; chronyd's command port is 323.
  const hasPort = /^\[[^\]]+\]:\d+$/.test(target) || /^[^:]+:\d+$/.test(target);
  const { host, family, port } = parsed.address;
  return { kind: 'chrony', host, family, port: hasPort ? port : DEFAULT_CHRONY_PORT };
}

/** "127.0.0.1:323", "[::1]:323": the command address as a user writes it. */
export function daemonTarget(choice: Extract<DaemonChoice, { kind: 'chrony' }>): string {
  return choice.family === 6 ? `[${choice.host}]:${choice.port}` : `${choice.host}:${choice.port}`;
}

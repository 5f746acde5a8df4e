/**
 * Server addresses as users write them: plain NTP (host, host:port, IPv4, IPv6 bare or [bracketed]:port), NTS
 * (nts://host[:port], parsed in nts/nts-address.ts) or a pool (pool://name[:port], pool.ts). parseAnyServer
 * (server-address.ts) picks the parser.
 */
import { isIP } from 'node:net';
import type { NtsAddress } from './nts/nts-address.js';
import type { PoolAddress } from './pool-address.js';

export const DEFAULT_NTP_PORT = 123;

/** A plain NTP server (UDP, unauthenticated). */
export interface PlainAddress {
  protocol: 'ntp';
  /** As the user wrote it (trimmed). */
  text: string;
  host: string;
  port: number;
  /** 4 or 6 for an IP literal, 0 for a host name to resolve. */
  family: 0 | 4 | 6;
  /** Set for a member of a pool (or the pool asked by its name): the pool as the user wrote it (pool.ts). */
  pool?: string;
}

/** A server that is queried as it is: plain NTP (a pool's member included) or NTS. */
export type PolledAddress = PlainAddress | NtsAddress;

/** Any server a user may name: the protocol decides how it is queried (settings parse it once, in validation). */
export type ServerAddress = PolledAddress | PoolAddress;

export type AddressParse = { ok: true; address: PlainAddress } | { ok: false; reason: AddressProblem };
export type AddressProblem = 'empty' | 'bad-port' | 'bad-host';

/**
 * isIP, skipping Node's IPv6 pattern where it cannot match: its first use compiles a large regular expression
 * (3-15 ms measured, a third of `ntp-monitor check`'s own start-up). Every IPv6 literal has at least two colons
 * ("::" is the shortest); every IPv4 literal is digits and dots only.
 */
export function ipFamily(text: string): 0 | 4 | 6 {
  if (/^[\d.]+$/.test(text) || text.indexOf(':') !== text.lastIndexOf(':')) return isIP(text) as 0 | 4 | 6;
  return 0;
}

const HOST_LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;
const PORT = /^\d{1,5}$/;

export function parseServerAddress(input: string): AddressParse {
  const text = input.trim();
  if (text === '') return { ok: false, reason: 'empty' };
  // A URL, a path, spaces or shell characters: not an address at all, whatever follows a colon.
  if (/[^A-Za-z0-9.\-:[\]%]/.test(text)) return { ok: false, reason: 'bad-host' };

  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(text);
  if (bracketed) return withPort(text, bracketed[1]!, bracketed[2], true);
  if (ipFamily(text) === 6) return { ok: true, address: { protocol: 'ntp', text, host: text, port: DEFAULT_NTP_PORT, family: 6 } };

  const colon = text.lastIndexOf(':');
  if (colon === -1) return withPort(text, text, undefined, false);
  return withPort(text, text.slice(0, colon), text.slice(colon + 1), false);
}

function withPort(text: string, host: string, portText: string | undefined, mustBeV6: boolean): AddressParse {
  let port = DEFAULT_NTP_PORT;
  if (portText !== undefined) {
    if (!PORT.test(portText)) return { ok: false, reason: 'bad-port' };
    port = Number(portText);
    if (port < 1 || port > 65535) return { ok: false, reason: 'bad-port' };
  }
  const family = ipFamily(host);
  if (mustBeV6 && family !== 6) return { ok: false, reason: 'bad-host' };
  if (family === 4 || family === 6) return { ok: true, address: { protocol: 'ntp', text, host, port, family } };
  if (!isHostName(host)) return { ok: false, reason: 'bad-host' };
  return { ok: true, address: { protocol: 'ntp', text, host: host.replace(/\.$/, '').toLowerCase(), port, family: 0 } };
}

/** A host alone, as an NTS-KE Server record must name it: an IP literal (no brackets) or a DNS name, no port. */
export function isBareHost(text: string): boolean {
  return ipFamily(text) !== 0 || isHostName(text);
}

function isHostName(host: string): boolean {
  const name = host.replace(/\.$/, '');
  if (name.length === 0 || name.length > 253) return false;
  const labels = name.split('.');
  // An all-numeric dotted name is a mistyped IPv4 address, not a host name.
  if (labels.every((label) => /^\d+$/.test(label))) return false;
  return labels.every((label) => HOST_LABEL.test(label));
}

/**
 * The key that identifies a server across settings changes; NTS, a pool and plain NTP to the same host are different
 * servers, and a pool's member is its pool's (a member at 192.0.2.1 is not the server 192.0.2.1 named on its own).
 */
export function addressKey(a: ServerAddress): string {
  const hostPort = ipFamily(a.host) === 6 ? `[${a.host}]:${a.port}` : `${a.host}:${a.port}`;
  if (a.protocol === 'nts' || a.protocol === 'pool') return `${a.protocol}://${hostPort}`;
  return a.pool === undefined ? hostPort : `${a.pool}/${hostPort}`;
}

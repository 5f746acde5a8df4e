/**
 * The one parser for a server the user names anywhere (settings, flags, the window): plain NTP (host, host:port,
 * IPv4, IPv6 bare or [bracketed]:port), NTS (nts://host[:port]) or a pool (pool://name[:port]). It imports nothing,
 * not even node:net, so the settings window runs it as it is.
 */
import { ipFamily } from './ip-literal.js';

export const DEFAULT_NTP_PORT = 123;
/** RFC 8915's NTS-KE port. */
export const DEFAULT_NTS_KE_PORT = 4460;

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

/** An NTS server: nts://host[:port], the port being NTS-KE's. */
export interface NtsAddress {
  protocol: 'nts';
  /** As the user wrote it (trimmed). */
  text: string;
  /** The NTS-KE host: name or IP literal (IPv6 without brackets). */
  host: string;
  /** The NTS-KE port. */
  port: number;
}

/** A pool (as chrony's and ntpd's `pool` directive): polled as up to 4 of its name's addresses, each a voter (pool.ts). */
export interface PoolAddress {
  protocol: 'pool';
  /** As the user wrote it (trimmed). */
  text: string;
  /** The pool's host name, lower case (an IP literal is one server, not a pool). */
  host: string;
  port: number;
}

/** A server that is queried as it is: plain NTP (a pool's member included) or NTS. */
export type PolledAddress = PlainAddress | NtsAddress;

/** Any server a user may name: the protocol decides how it is queried (settings parse it once, in validation). */
export type ServerAddress = PolledAddress | PoolAddress;

/** What is wrong with an address; the faces word it (i18n `address.<problem>`, param `input`). */
export type AddressProblem = 'empty' | 'bad-port' | 'bad-host' | 'nts-invalid' | 'pool-invalid';

/** A parsed server of any protocol, or what is wrong with it. */
export type ServerParse = { ok: true; address: ServerAddress } | { ok: false; problem: AddressProblem };
/** A plain NTP address, or what is wrong with it. */
export type AddressParse = { ok: true; address: PlainAddress } | { ok: false; problem: 'empty' | 'bad-port' | 'bad-host' };

const NTS_SCHEME = /^nts:\/\//i;
const POOL_SCHEME = /^pool:\/\//i;
const HOST_LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;
const PORT = /^\d{1,5}$/;

/** True when the text asks for NTS (nts://...). */
export function isNtsAddress(input: string): boolean {
  return NTS_SCHEME.test(input.trim());
}

/** True when the text names a pool (pool://...). */
export function isPoolAddress(input: string): boolean {
  return POOL_SCHEME.test(input.trim());
}

/** Parses any server: nts://... is NTS, pool://... a pool, the rest plain NTP. */
export function parseAnyServer(input: string): ServerParse {
  if (isPoolAddress(input)) {
    const pool = parsePoolAddress(input);
    return pool ? { ok: true, address: pool } : { ok: false, problem: 'pool-invalid' };
  }
  if (isNtsAddress(input)) {
    const nts = parseNtsAddress(input);
    return nts ? { ok: true, address: nts } : { ok: false, problem: 'nts-invalid' };
  }
  return parseServerAddress(input);
}

/** Parses a plain NTP address: host, host:port, an IPv4 literal, an IPv6 literal bare or [bracketed][:port]. */
export function parseServerAddress(input: string): AddressParse {
  const text = input.trim();
  if (text === '') return { ok: false, problem: 'empty' };
  // A URL, a path, spaces or shell characters: not an address at all, whatever follows a colon.
  if (/[^A-Za-z0-9.\-:[\]%]/.test(text)) return { ok: false, problem: 'bad-host' };

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
    const parsed = parsePort(portText);
    if (parsed === undefined) return { ok: false, problem: 'bad-port' };
    port = parsed;
  }
  const family = ipFamily(host);
  if (mustBeV6 && family !== 6) return { ok: false, problem: 'bad-host' };
  if (family === 4 || family === 6) return { ok: true, address: { protocol: 'ntp', text, host, port, family } };
  if (!isHostName(host)) return { ok: false, problem: 'bad-host' };
  return { ok: true, address: { protocol: 'ntp', text, host: host.replace(/\.$/, '').toLowerCase(), port, family: 0 } };
}

function parsePort(text: string): number | undefined {
  const port = Number(text);
  return PORT.test(text) && port >= 1 && port <= 65535 ? port : undefined;
}

/** nts://host, nts://host:port, nts://1.2.3.4[:port], nts://[v6][:port]; a trailing "/" is allowed. */
function parseNtsAddress(input: string): NtsAddress | undefined {
  const text = input.trim();
  const rest = text.replace(NTS_SCHEME, '').replace(/\/$/, '');
  // Credentials, paths, queries or spaces: an NTS address is a host and a port, nothing else.
  if (/[^A-Za-z0-9.\-:[\]]/.test(rest)) return undefined;
  // The host part alone goes through the plain parser (same rules for names and IPs); the port is NTS-KE's.
  const bracketed = /^(\[[^\]]*\])(?::(.*))?$/.exec(rest);
  const colon = rest.lastIndexOf(':');
  const [hostText, portText] = bracketed
    ? [bracketed[1]!, bracketed[2]]
    : colon === -1
      ? [rest, undefined]
      : [rest.slice(0, colon), rest.slice(colon + 1)];
  const plain = parseServerAddress(hostText);
  // An IPv6 literal needs its brackets here, or its last group would read as the port.
  if (!plain.ok || (plain.address.family === 6) !== Boolean(bracketed)) return undefined;
  const port = portText === undefined ? DEFAULT_NTS_KE_PORT : parsePort(portText);
  return port === undefined ? undefined : { protocol: 'nts', text, host: plain.address.host, port };
}

/** pool://name or pool://name:port; a trailing "/" is allowed; an IP literal is refused (it is one server). */
function parsePoolAddress(input: string): PoolAddress | undefined {
  const text = input.trim();
  const plain = parseServerAddress(text.replace(POOL_SCHEME, '').replace(/\/$/, ''));
  if (!plain.ok || plain.address.family !== 0) return undefined;
  return { protocol: 'pool', text, host: plain.address.host, port: plain.address.port };
}

/** The pool asked as one server, by its name: while its name gives no member, and for a one-off test. */
export function poolAsServer(pool: PoolAddress): PlainAddress {
  return { protocol: 'ntp', text: pool.text, host: pool.host, port: pool.port, family: 0, pool: pool.text };
}

/** One member: named by the pool and its address (`pool://name/192.0.2.1`), so every face shows which one it is. */
export function poolMember(pool: PoolAddress, address: string, family: 4 | 6): PlainAddress {
  return { protocol: 'ntp', text: `${pool.text.replace(/\/$/, '')}/${address}`, host: address, port: pool.port, family, pool: pool.text };
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

/**
 * NTP pools as users write them (pool://name[:port]), as chrony's and ntpd's `pool` directive: one name whose
 * addresses are each a server of their own. Parsing only, so that the settings window's bundle has no resolver.
 */
import { parseServerAddress, type PlainAddress } from './address.js';

/** A pool: polled as up to 4 of its name's addresses, each a voter (see pool.ts). */
export interface PoolAddress {
  protocol: 'pool';
  /** As the user wrote it (trimmed). */
  text: string;
  /** The pool's host name, lower case (an IP literal is one server, not a pool). */
  host: string;
  port: number;
}

export type PoolAddressParse = { ok: true; address: PoolAddress } | { ok: false; reason: 'bad-host' | 'bad-port' };


const SCHEME = /^pool:\/\//i;

/** True when the text names a pool (so the caller picks this parser rather than the plain one). */
export function isPoolAddress(input: string): boolean {
  return SCHEME.test(input.trim());
}

/** Parses pool://name or pool://name:port; a trailing "/" is allowed. */
export function parsePoolAddress(input: string): PoolAddressParse {
  const text = input.trim();
  const rest = text.replace(SCHEME, '').replace(/\/$/, '');
  const plain = parseServerAddress(rest);
  if (!plain.ok) return { ok: false, reason: plain.reason === 'bad-port' ? 'bad-port' : 'bad-host' };
  if (plain.address.family !== 0) return { ok: false, reason: 'bad-host' };
  return { ok: true, address: { protocol: 'pool', text, host: plain.address.host, port: plain.address.port } };
}

/** The pool asked as one server, by its name: while its name gives no member, and for a one-off test. */
export function poolAsServer(pool: PoolAddress): PlainAddress {
  return { protocol: 'ntp', text: pool.text, host: pool.host, port: pool.port, family: 0, pool: pool.text };
}

/** One member: named by the pool and its address (`pool://name/192.0.2.1`), so every face shows which one it is. */
export function poolMember(pool: PoolAddress, address: string, family: 4 | 6): PlainAddress {
  return { protocol: 'ntp', text: `${pool.text.replace(/\/$/, '')}/${address}`, host: address, port: pool.port, family, pool: pool.text };
}

/** NTS server addresses as users write them: nts://host[:port], the port being NTS-KE's (default 4460). */
import { parseServerAddress } from '../address.js';

/** RFC 8915's NTS-KE port. Here, not in ke-client.ts, so that the settings window's bundle parses without node:tls. */
export const DEFAULT_NTS_KE_PORT = 4460;

export interface NtsAddress {
  protocol: 'nts';
  /** As the user wrote it (trimmed). */
  text: string;
  /** The NTS-KE host: name or IP literal (IPv6 without brackets). */
  host: string;
  /** The NTS-KE port. */
  port: number;
}

export type NtsAddressProblem = 'not-nts' | 'bad-host' | 'bad-port';
export type NtsAddressParse = { ok: true; address: NtsAddress } | { ok: false; reason: NtsAddressProblem };

const SCHEME = /^nts:\/\//i;

/** True when the text asks for NTS (so the caller picks this parser rather than the plain one). */
export function isNtsAddress(input: string): boolean {
  return SCHEME.test(input.trim());
}

/** Parses nts://host, nts://host:port, nts://1.2.3.4[:port], nts://[v6][:port]; a trailing "/" is allowed. */
export function parseNtsAddress(input: string): NtsAddressParse {
  const text = input.trim();
  if (!SCHEME.test(text)) return { ok: false, reason: 'not-nts' };
  const rest = text.replace(SCHEME, '').replace(/\/$/, '');
  // Credentials, paths, queries or spaces: an NTS address is a host and a port, nothing else.
  if (/[^A-Za-z0-9.\-:[\]]/.test(rest)) return { ok: false, reason: 'bad-host' };
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
  if (!plain.ok || (plain.address.family === 6) !== Boolean(bracketed)) return { ok: false, reason: 'bad-host' };
  if (portText === undefined) return { ok: true, address: { protocol: 'nts', text, host: plain.address.host, port: DEFAULT_NTS_KE_PORT } };
  if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) return { ok: false, reason: 'bad-port' };
  return { ok: true, address: { protocol: 'nts', text, host: plain.address.host, port: Number(portText) } };
}

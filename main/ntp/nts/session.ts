/**
 * The per-server NTS session ("cookie jar"): keys and cookies from the last key exchange, so a monitor polls with a
 * cookie instead of a TLS handshake each time. Each cookie is used once; the jar is refilled from replies.
 */
import { MAX_COOKIES } from './ke-records.js';
import type { NtsKeys } from './ke-client.js';

/** One server's NTS state, kept by the caller (e.g. the scheduler) across polls and passed to queryNts. */
export interface NtsSession {
  /** Which KE server (host, port, CA) the keys belong to; a session handed a different target starts over. */
  owner?: string;
  keys?: NtsKeys;
  /** Where the NTP requests go, as the key exchange negotiated. */
  ntpHost?: string;
  ntpPort?: number;
  cookies: Buffer[];
  /** Key exchanges run with this session so far (for diagnostics and tests). */
  keyExchanges: number;
}

/** An empty jar: the first query through it runs a key exchange. */
export function createNtsSession(): NtsSession {
  return { cookies: [], keyExchanges: 0 };
}

/** True when a poll cannot go out without a new key exchange. */
export function needsKeyExchange(session: NtsSession, owner: string): boolean {
  return session.owner !== owner || !session.keys || session.cookies.length === 0;
}

/** Forgets keys and cookies (after an NTSN kiss, or for another target); the count of exchanges stays. */
export function dropKeys(session: NtsSession): void {
  delete session.keys;
  delete session.ntpHost;
  delete session.ntpPort;
  session.cookies = [];
}

/** Takes the oldest cookie out of the jar: it must never be sent twice (RFC 8915 section 6, unlinkability). */
export function takeCookie(session: NtsSession): Buffer | undefined {
  return session.cookies.shift();
}

/** Keeps new cookies, up to the jar's size. */
export function keepCookies(session: NtsSession, cookies: readonly Buffer[]): void {
  session.cookies.push(...cookies.slice(0, Math.max(0, MAX_COOKIES - session.cookies.length)));
}

/** Placeholders to send so that, with the cookie the reply returns for the one we spend, the jar is full again. */
export function placeholdersWanted(session: NtsSession): number {
  return Math.max(0, MAX_COOKIES - session.cookies.length - 1);
}

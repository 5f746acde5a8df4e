/**
 * What one query of one server produced: a measurement, or a typed failure. Never an exception, and never a sentence:
 * a failure is a kind and its parameters, worded at the edges by i18n's failureWords.
 */
import type { KeReason } from './nts/ke-client.js';

export interface Sample {
  /** The server as the user wrote it. */
  server: string;
  host: string;
  port: number;
  /** The IP address the reply came from. */
  address: string;
  /** Signed, positive when the server is ahead of the local clock (the sign ntpdate prints). */
  offsetMs: number;
  delayMs: number;
  stratum: number;
  leap: number;
  version: number;
  /** Reference id as text: an IPv4 address, or ASCII for stratum 1 (e.g. "GPS", "LOCL"). */
  refId: string;
  rootDelayMs: number;
  rootDispersionMs: number;
  /** Server clock precision, log2 seconds. */
  precision: number;
  /** Local wall-clock time the reply arrived, Unix ms. */
  at: number;
  /** RMS of the burst's other offsets around this one (ms); 0 when one reply was used. */
  jitterMs: number;
  /** How many good replies the burst had to choose from (1 for a single query). */
  samples: number;
  /**
   * True only when the reply was authenticated with NTS (RFC 8915). Plain NTP leaves it out rather than writing
   * false, so samples and logs from before NTS read exactly as they did; absent means "not authenticated".
   */
  authenticated?: true;
  /** NTS only: the NTP server (`host:port`) the key exchange sent us to, which RFC 8915 lets be any host. */
  ntpServer?: string;
}

export const FAILURE_KINDS = [
  'timeout',
  'dns',
  'unreachable',
  'kod',
  'unsynchronized',
  'bogus',
  'invalid-address',
  // This computer's own resources failed (EMFILE, ENOBUFS...): not the server's fault, so never an alarm about it.
  'local',
  'nts-ke',
  'nts-auth',
] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

export interface Failure {
  kind: FailureKind;
  /** The server as the user wrote it. */
  server: string;
  host?: string;
  port?: number;
  address?: string;
  /**
   * Kiss code for `kod`, the failed check for `bogus`, the errno for `dns`/`unreachable`/`local`, the TLS error or
   * refused record for `nts-ke`, the failed NTS check for `nts-auth`, what is wrong (address.ts's AddressProblem)
   * for `invalid-address`.
   */
  code?: string;
  /** NTS only, once the key exchange worked: the NTP server (`host:port`) it sent us to, which then failed. */
  ntpServer?: string;
  /** The reply timeout, for `timeout`, `nts-auth` and an `nts-ke` that timed out. */
  timeoutMs?: number;
  /** `unsynchronized`: the leap indicator and stratum the server sent. */
  leap?: number;
  stratum?: number;
  /** `dns`: the name resolved, but not to this family, the only one asked for (--ipv4 / --ipv6). */
  family?: 4 | 6;
  /** `nts-ke`: which stage of the key exchange failed, or what the server refused. */
  keReason?: KeReason;
  at: number;
}

export type QueryResult = { ok: true; sample: Sample } | { ok: false; failure: Failure };

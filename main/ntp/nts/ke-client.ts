/** The NTS-KE client (RFC 8915 section 4): TLS 1.3 with ALPN ntske/1, the record exchange, and the exported keys. */
import { connect, rootCertificates, type TLSSocket } from 'node:tls';
import { errorCode } from '../exchange.js';
import { ipFamily } from '../ip-literal.js';
import { AEAD_AES_SIV_CMAC_256, buildKeRequest, parseKeResponse, PROTOCOL_NTPV4, type KeProblem } from './ke-records.js';
import { SIV_KEY_BYTES } from './aes-siv.js';

const ALPN = 'ntske/1';
const EXPORTER_LABEL = 'EXPORTER-network-time-security';
/** More than any honest response (8 cookies of ~100 bytes and a few records); a server streaming more is refused. */
const MAX_RESPONSE_BYTES = 16 * 1024;

/** The two AES-SIV keys: client-to-server for our requests, server-to-client for its replies. */
export interface NtsKeys {
  c2s: Buffer;
  s2c: Buffer;
}

export interface KeOptions {
  /** Deadline over the whole exchange: connect, handshake, records. */
  timeoutMs: number;
  /** PEM of a private CA trusted besides the public roots. */
  ca?: string;
}

/** Where the TCP connection never got through (the KE server cannot be reached, as for plain NTP). */
export type KeUnreachable = { ok: false; stage: 'connect'; code: string };
/** Everything after TCP connected: TLS, certificate, ALPN, the records, the deadline. */
export type KeRefused = { ok: false; stage: 'ke'; reason: KeReason; code: string };
export type KeReason = 'tls' | 'certificate' | 'alpn' | 'timeout' | KeProblem;
export type KeOutcome =
  | { ok: true; keys: NtsKeys; cookies: Buffer[]; ntpHost: string; ntpPort: number }
  | KeUnreachable
  | KeRefused
  | { ok: false; stage: 'dns'; code: string };

/** Runs one key exchange with `host`:`port`. Never throws; the socket is always closed on return. */
export function keyExchange(host: string, port: number, options: KeOptions): Promise<KeOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    let connected = false;
    let received = Buffer.alloc(0);
    let socket: TLSSocket;
    try {
      socket = connect({
        host,
        port,
        // SNI carries names only; for an IP literal the certificate is still checked against the IP.
        ...(ipFamily(host) === 0 && { servername: host }),
        ALPNProtocols: [ALPN],
        minVersion: 'TLSv1.3',
        ...(options.ca !== undefined && { ca: [...rootCertificates, options.ca] }),
        rejectUnauthorized: true,
      });
    } catch (error) {
      // Options Node refuses outright (e.g. a CA it cannot parse) must not escape as an exception.
      return resolve({ ok: false, stage: 'ke', reason: 'tls', code: errorCode(error) });
    }
    const finish = (outcome: KeOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.removeAllListeners('data');
      socket.on('error', () => undefined);
      socket.destroy();
      resolve(outcome);
    };
    const refuse = (reason: KeReason, code: string = reason) => finish({ ok: false, stage: 'ke', reason, code });
    const timer = setTimeout(() => refuse('timeout'), options.timeoutMs);

    socket.once('connect', () => (connected = true));
    socket.on('error', (error) => {
      const code = errorCode(error);
      if (!connected) {
        if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return finish({ ok: false, stage: 'dns', code });
        if (CONNECT_ERRORS.has(code)) return finish({ ok: false, stage: 'connect', code });
      }
      if (code === 'ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL') return refuse('alpn', code);
      refuse(CERTIFICATE_ERRORS.has(code) ? 'certificate' : 'tls', code);
    });
    socket.once('secureConnect', () => {
      if (socket.alpnProtocol !== ALPN) return refuse('alpn', String(socket.alpnProtocol || 'none'));
      socket.write(buildKeRequest());
    });
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length > MAX_RESPONSE_BYTES) return refuse('malformed', 'too-long');
      const parsed = parseKeResponse(received);
      if (parsed.kind === 'incomplete') return;
      if (parsed.kind === 'refused') return refuse(parsed.problem, parsed.detail === undefined ? parsed.problem : `${parsed.problem}-${parsed.detail}`);
      const { response } = parsed;
      finish({
        ok: true,
        keys: { c2s: exportKey(socket, 0x00), s2c: exportKey(socket, 0x01) },
        cookies: response.cookies,
        ntpHost: response.server ?? host,
        ntpPort: response.port ?? 123,
      });
    });
    socket.once('end', () => refuse('malformed', 'closed-early'));
  });
}

/** RFC 8915 5.1: context = Next Protocol ID | AEAD ID | direction (0 client-to-server, 1 server-to-client). */
function exportKey(socket: TLSSocket, direction: 0 | 1): Buffer {
  const context = Buffer.alloc(5);
  context.writeUInt16BE(PROTOCOL_NTPV4, 0);
  context.writeUInt16BE(AEAD_AES_SIV_CMAC_256, 2);
  context[4] = direction;
  return socket.exportKeyingMaterial(SIV_KEY_BYTES, EXPORTER_LABEL, context);
}

const CONNECT_ERRORS = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'EAFNOSUPPORT']);
/** Node's names for a certificate that cannot be trusted for this host (expired, unknown CA, wrong name...). */
const CERTIFICATE_ERRORS = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'INVALID_PURPOSE',
  'HOSTNAME_MISMATCH',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

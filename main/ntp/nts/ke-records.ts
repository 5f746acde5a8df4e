/** NTS-KE records (RFC 8915 section 4): the client's request, and a strict parser of the server's response. */

import { isBareHost } from '../address.js';

/** Record types (the low 15 bits of a record's first word). */
export const RECORD = {
  END: 0,
  NEXT_PROTOCOL: 1,
  ERROR: 2,
  WARNING: 3,
  AEAD: 4,
  NEW_COOKIE: 5,
  SERVER: 6,
  PORT: 7,
} as const;
const CRITICAL = 0x8000;
/** The NTS Next Protocol ID of NTPv4. */
export const PROTOCOL_NTPV4 = 0;
/** The AEAD ID of AEAD_AES_SIV_CMAC_256, the one every NTS implementation supports. */
export const AEAD_AES_SIV_CMAC_256 = 15;
/** We keep at most this many cookies (RFC 8915 suggests servers send 8). */
export const MAX_COOKIES = 8;
/** A cookie must fit in a request along with as many placeholders; real ones are about 100 bytes. */
const MAX_COOKIE_BYTES = 1024;

/** What a complete, acceptable response told us. */
export interface KeResponse {
  cookies: Buffer[];
  /** From NTPv4 Server Negotiation, when the server sent one. */
  server?: string;
  /** From NTPv4 Port Negotiation, when the server sent one. */
  port?: number;
}

/** Why a response is refused; travels as the failure code. */
export type KeProblem =
  | 'malformed'
  | 'unknown-critical'
  | 'error-record'
  | 'warning-record'
  | 'no-common-protocol'
  | 'no-common-aead'
  | 'no-cookies'
  | 'bad-server-name';

export type KeParse =
  | { kind: 'incomplete' }
  | { kind: 'refused'; problem: KeProblem; detail?: number }
  | { kind: 'done'; response: KeResponse };

/** One record: the type word (critical bit included), the body length, the body. */
export function encodeRecord(type: number, critical: boolean, body: Buffer = Buffer.alloc(0)): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt16BE((critical ? CRITICAL : 0) | type, 0);
  head.writeUInt16BE(body.length, 2);
  return Buffer.concat([head, body]);
}

/** A list of 16-bit IDs, the body of Next Protocol and AEAD records. */
export function u16List(...ids: number[]): Buffer {
  const body = Buffer.alloc(ids.length * 2);
  ids.forEach((id, i) => body.writeUInt16BE(id, i * 2));
  return body;
}

/** The request: NTPv4, AES-SIV-CMAC-256, End of Message (RFC 8915 section 4). */
export function buildKeRequest(): Buffer {
  return Buffer.concat([
    encodeRecord(RECORD.NEXT_PROTOCOL, true, u16List(PROTOCOL_NTPV4)),
    encodeRecord(RECORD.AEAD, true, u16List(AEAD_AES_SIV_CMAC_256)),
    encodeRecord(RECORD.END, true),
  ]);
}

/**
 * Parses what has arrived so far. `incomplete` until End of Message; anything we did not ask for, cannot read, or
 * must not ignore refuses the whole response (keys from it are never used).
 */
export function parseKeResponse(data: Buffer): KeParse {
  let protocol: number | undefined;
  let aead: number | undefined;
  const cookies: Buffer[] = [];
  let server: string | undefined;
  let port: number | undefined;
  let at = 0;
  while (at + 4 <= data.length) {
    const word = data.readUInt16BE(at);
    const length = data.readUInt16BE(at + 2);
    if (at + 4 + length > data.length) return { kind: 'incomplete' };
    const body = data.subarray(at + 4, at + 4 + length);
    at += 4 + length;
    const type = word & ~CRITICAL;
    const critical = (word & CRITICAL) !== 0;
    switch (type) {
      case RECORD.END:
        // Critical, empty, and last.
        if (!critical || length !== 0 || at !== data.length) return refused('malformed');
        if (protocol === undefined) return refused('no-common-protocol');
        if (aead === undefined) return refused('no-common-aead');
        if (cookies.length === 0) return refused('no-cookies');
        return { kind: 'done', response: { cookies, ...(server !== undefined && { server }), ...(port !== undefined && { port }) } };
      case RECORD.ERROR:
        return refused('error-record', length === 2 ? body.readUInt16BE(0) : undefined);
      case RECORD.WARNING:
        // No warning codes are defined, so any warning is one we do not understand: RFC 8915 4.1.4 says abort.
        return refused('warning-record', length === 2 ? body.readUInt16BE(0) : undefined);
      case RECORD.NEXT_PROTOCOL:
        if (protocol !== undefined || length % 2 !== 0) return refused('malformed');
        // The server picks exactly one of what we offered (we offered NTPv4 only); an empty list means none.
        if (length !== 2 || body.readUInt16BE(0) !== PROTOCOL_NTPV4) return refused('no-common-protocol');
        protocol = PROTOCOL_NTPV4;
        break;
      case RECORD.AEAD:
        if (aead !== undefined || length % 2 !== 0) return refused('malformed');
        if (length !== 2 || body.readUInt16BE(0) !== AEAD_AES_SIV_CMAC_256) return refused('no-common-aead');
        aead = AEAD_AES_SIV_CMAC_256;
        break;
      case RECORD.NEW_COOKIE:
        if (length === 0 || length > MAX_COOKIE_BYTES) return refused('malformed');
        if (cookies.length < MAX_COOKIES) cookies.push(Buffer.from(body));
        break;
      case RECORD.SERVER:
        if (server !== undefined) return refused('malformed');
        if (!isServerName(body)) return refused('bad-server-name');
        server = body.toString('ascii');
        break;
      case RECORD.PORT:
        if (port !== undefined || length !== 2 || body.readUInt16BE(0) === 0) return refused('malformed');
        port = body.readUInt16BE(0);
        break;
      default:
        if (critical) return refused('unknown-critical', type);
    }
  }
  return { kind: 'incomplete' };
}

/**
 * A host name or an IP address in ASCII (RFC 8915 4.1.7), and nothing else: no port (`127.0.0.1:99` would go to the
 * resolver as a name), no brackets, nothing that could smuggle text into a message.
 */
function isServerName(body: Buffer): boolean {
  return body.length > 0 && body.length <= 255 && /^[A-Za-z0-9.:-]+$/.test(body.toString('latin1')) && isBareHost(body.toString('latin1'));
}

function refused(problem: KeProblem, detail?: number): KeParse {
  return detail === undefined ? { kind: 'refused', problem } : { kind: 'refused', problem, detail };
}

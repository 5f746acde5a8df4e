/** One authenticated query of one NTS server: key exchange when the session needs one, then NTPv4 with NTS fields. */
import { createHash } from 'node:crypto';
import type { QueryResult } from '../result.js';
import { createSystemClock, type Clock } from '../clock.js';
import { failureMaker, resolveHost, verdictToResult, withDeadline, type Fail } from '../query.js';
import { evaluateReply, type ReplyVerdict } from '../reply.js';
import { errorCode, exchangeDatagram, isLocalSocketError, type ResolvedAddress } from '../exchange.js';
import { keyExchange, type KeOutcome } from './ke-client.js';
import { ipFamily } from '../ip-literal.js';
import type { NtsAddress } from '../address.js';
import { buildNtsRequest, checkNtsReply, type NtsRejection } from './nts-packet.js';
import { createNtsSession, dropKeys, keepCookies, needsKeyExchange, placeholdersWanted, takeCookie, type NtsSession } from './session.js';

export interface NtsQueryOptions {
  /** Deadline for the key exchange, and again for the NTP reply. */
  timeoutMs: number;
  /** PEM of a private CA to trust besides the public roots (certificates are always verified). */
  ca?: string;
  /** The server's cookie jar, kept by the caller across polls; without one every query runs a key exchange. */
  session?: NtsSession;
  clock?: Clock;
  resolve?: (host: string) => Promise<ResolvedAddress[]>;
}

const sharedClock = createSystemClock();
const NTS_REJECTIONS: ReadonlySet<string> = new Set<NtsRejection>(['malformed', 'unique-id', 'authenticator']);

/**
 * Same contract as queryServer: never throws, resolves to a sample (with `authenticated: true`) or a typed failure.
 * The sample's host and port are the NTS-KE server's, as the user wrote them; `address` is where the reply came from.
 * Use one session per server and one query at a time per session.
 */
export async function queryNts(address: NtsAddress, options: NtsQueryOptions): Promise<QueryResult> {
  const clock = options.clock ?? sharedClock;
  const fail = failureMaker(address.text, address, clock);
  const session = options.session ?? createNtsSession();
  const owner = `${address.host}|${address.port}|${options.ca === undefined ? '' : createHash('sha256').update(options.ca).digest('hex')}`;

  // A server that lost its cookie key answers NTSN: key exchange again, but only once per query.
  for (let attempt = 0; ; attempt++) {
    if (needsKeyExchange(session, owner)) {
      dropKeys(session);
      session.keyExchanges++;
      const ke = await keyExchange(address.host, address.port, { timeoutMs: options.timeoutMs, ...(options.ca !== undefined && { ca: options.ca }) });
      if (!ke.ok) return keFailure(ke, fail, options.timeoutMs);
      Object.assign(session, { owner, keys: ke.keys, ntpHost: ke.ntpHost, ntpPort: ke.ntpPort, cookies: ke.cookies });
    }
    const outcome = await pollOnce(address, session, options, clock, fail);
    if (outcome !== 'ntsn') return outcome;
    dropKeys(session);
    if (attempt === 1) return fail('kod', { code: 'NTSN' });
  }
}

type NtsJudged = { kind: 'verdict'; verdict: ReplyVerdict; cookies: Buffer[] } | { kind: 'ntsn' };

/** One NTP exchange spending one cookie; 'ntsn' when the server asks for a new key exchange. */
async function pollOnce(address: NtsAddress, session: NtsSession, options: NtsQueryOptions, clock: Clock, failKe: Fail): Promise<QueryResult | 'ntsn'> {
  const keys = session.keys!;
  const ntpHost = session.ntpHost!;
  const ntpPort = session.ntpPort!;
  const family = ipFamily(ntpHost);
  const ntpServer = `${family === 6 ? `[${ntpHost}]` : ntpHost}:${ntpPort}`;
  // From here on the failure is the NTP server's, which may be another host than the key exchange's: it names it.
  const fail: Fail = (kind, extra) => failKe(kind, { ntpServer, ...extra });
  let targets: ResolvedAddress[];
  if (family === 4 || family === 6) {
    targets = [{ address: ntpHost, family }];
  } else {
    try {
      targets = await withDeadline((options.resolve ?? resolveHost)(ntpHost), options.timeoutMs);
    } catch (error) {
      return fail('dns', { code: errorCode(error) });
    }
    if (targets.length === 0) return fail('dns', { code: 'ENODATA' });
  }
  const target = targets[0]!;
  const where = { address: target.address };
  // Built (encryption included) before T1, so the send follows T1 closely.
  const request = buildNtsRequest(takeCookie(session)!, placeholdersWanted(session), keys.c2s);
  const exchange = await exchangeDatagram<NtsJudged>(
    target,
    ntpPort,
    options.timeoutMs,
    clock,
    request,
    (datagram, sent) => {
      const nts = checkNtsReply(datagram, request.uniqueId, keys.s2c);
      const verdict = evaluateReply(datagram, sent);
      if (nts.kind === 'authentic') {
        return verdict.kind === 'bogus' ? { reject: verdict.check } : { accept: { kind: 'verdict', verdict, cookies: nts.cookies } };
      }
      // NTSN comes unauthenticated (the server has no keys for us) but must echo our Unique Identifier and origin.
      if (nts.problem !== 'unique-id' && verdict.kind === 'kod' && verdict.code === 'NTSN') return { accept: { kind: 'ntsn' } };
      return { reject: nts.problem };
    },
  );
  switch (exchange.kind) {
    case 'socket-error':
      // As for plain NTP: running out of descriptors or buffers here is this computer's failure, not the server's.
      return fail(isLocalSocketError(exchange.code) ? 'local' : 'unreachable', { ...where, code: exchange.code });
    case 'timeout':
      if (exchange.lastRejected === undefined) return fail('timeout', { ...where, timeoutMs: options.timeoutMs });
      if (NTS_REJECTIONS.has(exchange.lastRejected)) return fail('nts-auth', { ...where, code: exchange.lastRejected, timeoutMs: options.timeoutMs });
      return fail('bogus', { ...where, code: exchange.lastRejected });
    case 'reply': {
      if (exchange.result.kind === 'ntsn') return 'ntsn';
      keepCookies(session, exchange.result.cookies);
      const result = verdictToResult(exchange.result.verdict, exchange.t4WallMs, target, address, address.text, fail);
      if (result.ok) Object.assign(result.sample, { authenticated: true, ntpServer });
      return result;
    }
  }
}

function keFailure(ke: Exclude<KeOutcome, { ok: true }>, fail: Fail, timeoutMs: number): QueryResult {
  if (ke.stage === 'dns') return fail('dns', { code: ke.code });
  if (ke.stage === 'connect') return fail('unreachable', { code: ke.code });
  return fail('nts-ke', { code: ke.code, keReason: ke.reason, timeoutMs });
}

/** One query of one server over UDP: resolve, send, wait for a reply that passes every check, or fail typed. */
import { randomInt } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import { translate, type Language } from '../i18n/translate.js';
import type { Failure, FailureKind, QueryResult } from '../sample/sample.js';
import { parseServerAddress, type ServerAddress } from '../settings/address.js';
import { problemMessage } from '../settings/validate.js';
import { createSystemClock, type Clock } from './clock.js';
import { buildRequest, refIdText } from './packet.js';
import { evaluateReply, type ReplyVerdict } from './reply.js';
import { unixMsToNtp } from './timestamp.js';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export interface QueryOptions {
  timeoutMs: number;
  clock?: Clock;
  resolve?: (host: string) => Promise<ResolvedAddress[]>;
  language?: Language;
}

const sharedClock = createSystemClock();

/** Resolves a name to at most one address of each family, in the resolver's order (so IPv4 backs up IPv6). */
export async function resolveHost(host: string): Promise<ResolvedAddress[]> {
  // Loaded on first use: `ntp-monitor check IP` should not pay for the resolver (issue 9).
  const { lookup } = await import('node:dns/promises');
  const all = await lookup(host, { all: true, order: 'verbatim' });
  const firstOfEach = new Map<number, ResolvedAddress>();
  for (const entry of all) {
    if ((entry.family === 4 || entry.family === 6) && !firstOfEach.has(entry.family)) {
      firstOfEach.set(entry.family, { address: entry.address, family: entry.family });
    }
  }
  return [...firstOfEach.values()];
}

export async function queryServer(server: string | ServerAddress, options: QueryOptions): Promise<QueryResult> {
  const clock = options.clock ?? sharedClock;
  const lang = options.language ?? 'en';
  const text = typeof server === 'string' ? server : server.text;
  let address: ServerAddress;
  if (typeof server === 'string') {
    const parsed = parseServerAddress(server);
    if (!parsed.ok) {
      const message = problemMessage({ path: '', key: `address.${parsed.reason}`, params: { input: server } }, lang);
      return { ok: false, failure: { kind: 'invalid-address', server, message, at: clock.wallMs() } };
    }
    address = parsed.address;
  } else {
    address = server;
  }
  const fail = (kind: FailureKind, extra: Partial<Failure>, params: Record<string, string | number> = {}): QueryResult => {
    const messageKey = kind === 'kod' ? kodMessageKey(extra.code) : (`failure.${kind}` as const);
    const message = translate(lang, messageKey, { server: text, code: extra.code ?? '', ...params });
    return { ok: false, failure: { kind, server: text, host: address.host, port: address.port, message, at: clock.wallMs(), ...extra } };
  };

  let targets: ResolvedAddress[];
  if (address.family !== 0) {
    targets = [{ address: address.host, family: address.family }];
  } else {
    try {
      targets = await withDeadline((options.resolve ?? resolveHost)(address.host), options.timeoutMs);
    } catch (error) {
      return fail('dns', { code: errorCode(error) });
    }
    if (targets.length === 0) return fail('dns', { code: 'ENODATA' });
  }

  let last: QueryResult | undefined;
  for (const target of targets) {
    const exchange = await exchangeOnce(target, address.port, options.timeoutMs, clock);
    last = toResult(exchange, target, address, text, options.timeoutMs, fail);
    // Fall back to the next address family only when this one could not be reached at all.
    if (last.ok || (last.failure.kind !== 'unreachable' && last.failure.kind !== 'timeout')) return last;
  }
  return last!;
}

type Fail = (kind: FailureKind, extra: Partial<Failure>, params?: Record<string, string | number>) => QueryResult;

function toResult(
  exchange: Exchange,
  target: ResolvedAddress,
  address: ServerAddress,
  text: string,
  timeoutMs: number,
  fail: Fail,
): QueryResult {
  const where = { address: target.address };
  switch (exchange.kind) {
    case 'socket-error':
      return fail('unreachable', { ...where, code: exchange.code });
    case 'timeout':
      return exchange.lastBogus
        ? fail('bogus', { ...where, code: exchange.lastBogus })
        : fail('timeout', where, { timeoutMs });
    case 'reply':
      return verdictToResult(exchange.verdict, exchange.t4WallMs, target, address, text, fail);
  }
}

function verdictToResult(
  verdict: ReplyVerdict,
  at: number,
  target: ResolvedAddress,
  address: ServerAddress,
  text: string,
  fail: Fail,
): QueryResult {
  const where = { address: target.address };
  switch (verdict.kind) {
    case 'kod':
      return fail('kod', { ...where, code: verdict.code });
    case 'unsynchronized':
      return fail('unsynchronized', where, { leap: verdict.leap, stratum: verdict.stratum });
    case 'bogus':
      return fail('bogus', { ...where, code: verdict.check });
    case 'good': {
      const p = verdict.packet;
      return {
        ok: true,
        sample: {
          server: text,
          host: address.host,
          port: address.port,
          address: target.address,
          offsetMs: verdict.offsetMs,
          delayMs: verdict.delayMs,
          stratum: p.stratum,
          leap: p.leap,
          version: p.version,
          refId: refIdText(p),
          rootDelayMs: p.rootDelayMs,
          rootDispersionMs: p.rootDispersionMs,
          precision: p.precision,
          at,
        },
      };
    }
  }
}

function kodMessageKey(code: string | undefined) {
  if (code === 'RATE') return 'failure.kod-rate' as const;
  if (code === 'DENY' || code === 'RSTR') return 'failure.kod-deny' as const;
  return 'failure.kod-other' as const;
}

type Exchange =
  | { kind: 'reply'; verdict: ReplyVerdict; t4WallMs: number }
  | { kind: 'timeout'; lastBogus?: string }
  | { kind: 'socket-error'; code: string };

/**
 * Sends one request on a connected socket (so the kernel drops datagrams from any other address or port, and an
 * ICMP "port unreachable" surfaces at once as ECONNREFUSED) and waits for the first reply that passes the checks.
 * A reply that fails them could be forged or stale, so it is remembered and the wait goes on.
 */
function exchangeOnce(target: ResolvedAddress, port: number, timeoutMs: number, clock: Clock): Promise<Exchange> {
  return new Promise((resolve) => {
    const socket: Socket = createSocket(target.family === 6 ? 'udp6' : 'udp4');
    let settled = false;
    let lastBogus: string | undefined;
    let request: { transmit: ReturnType<typeof buildRequest>['transmit']; t1WallMs: number; t1MonoMs: number } | undefined;

    const finish = (exchange: Exchange) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.removeAllListeners('message');
      socket.on('error', () => undefined);
      try {
        socket.close();
      } catch {
        // already closed
      }
      resolve(exchange);
    };
    const timer = setTimeout(() => finish({ kind: 'timeout', lastBogus }), timeoutMs);

    socket.on('error', (error) => finish({ kind: 'socket-error', code: errorCode(error) }));
    socket.on('message', (datagram, remote) => {
      if (!request) return;
      const t4WallMs = request.t1WallMs + (clock.monoMs() - request.t1MonoMs);
      if (remote.port !== port || normalizeIp(remote.address) !== normalizeIp(target.address)) return;
      const verdict = evaluateReply(datagram, { sentTransmit: request.transmit, t1WallMs: request.t1WallMs, t4WallMs });
      if (verdict.kind === 'bogus') {
        lastBogus = verdict.check;
        return;
      }
      finish({ kind: 'reply', verdict, t4WallMs });
    });
    socket.connect(port, target.address, () => {
      if (settled) return;
      // Everything slow (randomness, allocation) happens before T1, so T1 is as close to the send as it can be.
      const noise = randomInt(0x10000);
      const t1WallMs = clock.wallMs();
      const t1MonoMs = clock.monoMs();
      const built = buildRequest(unixMsToNtp(t1WallMs), noise);
      request = { transmit: built.transmit, t1WallMs, t1MonoMs };
      socket.send(built.packet, (error) => {
        if (error) finish({ kind: 'socket-error', code: errorCode(error) });
      });
    });
  });
}

/** The system resolver can take far longer than our reply timeout; a monitor must not hang on it. */
function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('DNS timeout'), { code: 'ETIMEOUT' })), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

function normalizeIp(ip: string): string {
  return isIP(ip) === 6 ? ip.replace(/^::ffff:/, '').toLowerCase() : ip;
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'ERROR';
}

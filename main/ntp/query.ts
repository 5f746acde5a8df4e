/** One query of one server over UDP: resolve, send, wait for a reply that passes every check, or fail typed. */
import type { Failure, FailureKind, QueryResult } from './result.js';
import type { PlainAddress } from './address.js';
import { createSystemClock, type Clock } from './clock.js';
import { errorCode, exchangeOnce, isLocalSocketError, type Exchange, type ResolvedAddress, type SocketFactory } from './exchange.js';
import { refIdText } from './packet.js';
import type { ReplyVerdict } from './reply.js';

export type { ResolvedAddress } from './exchange.js';

/** How to query: the reply timeout, and seams for tests (clock, resolver, socket factory). */
export interface QueryOptions {
  timeoutMs: number;
  clock?: Clock;
  resolve?: (host: string) => Promise<ResolvedAddress[]>;
  /** Only this address family for a host name (`--ipv4` / `--ipv6`); IP literals keep their own. */
  family?: 4 | 6;
  /** Makes the UDP socket; tests inject one whose operations fail. */
  createSocket?: SocketFactory;
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

/**
 * Queries one server once and always resolves, never rejects: a sample, or a typed failure naming the server
 * (DNS, a socket fault, silence, or a reply that fails a check). The address comes parsed (address.ts).
 */
export async function queryServer(address: PlainAddress, options: QueryOptions): Promise<QueryResult> {
  const clock = options.clock ?? sharedClock;
  const text = address.text;
  const fail = failureMaker(text, address, clock);

  let targets: ResolvedAddress[];
  if (address.family !== 0) {
    targets = [{ address: address.host, family: address.family }];
  } else {
    try {
      targets = await withDeadline((options.resolve ?? resolveHost)(address.host), options.timeoutMs);
    } catch (error) {
      return fail('dns', { code: errorCode(error) });
    }
    const resolved = targets.length;
    if (options.family) targets = targets.filter((target) => target.family === options.family);
    // The name resolved, but not to the family asked for: say so, or "cannot resolve localhost" misleads.
    if (targets.length === 0 && resolved > 0) return fail('dns', { code: 'ENODATA', family: options.family! });
    if (targets.length === 0) return fail('dns', { code: 'ENODATA' });
  }

  let last: QueryResult | undefined;
  for (const target of targets) {
    const exchange = await exchangeOnce(target, address.port, options.timeoutMs, clock, options.createSocket);
    last = toResult(exchange, target, address, text, options.timeoutMs, fail);
    // Fall back to the next address family only when this one could not be reached at all.
    if (last.ok || (last.failure.kind !== 'unreachable' && last.failure.kind !== 'timeout')) return last;
  }
  return last!;
}

/** Builds a typed failure: its kind and the parameters the faces word it from. */
export type Fail = (kind: FailureKind, extra: Partial<Failure>) => QueryResult;

/** The failure builder for one query of `text` (the server as the user wrote it) at `where`. */
export function failureMaker(text: string, where: { host: string; port: number }, clock: Clock): Fail {
  return (kind, extra) => ({ ok: false, failure: { kind, server: text, host: where.host, port: where.port, at: clock.wallMs(), ...extra } });
}

function toResult(
  exchange: Exchange,
  target: ResolvedAddress,
  address: PlainAddress,
  text: string,
  timeoutMs: number,
  fail: Fail,
): QueryResult {
  const where = { address: target.address };
  switch (exchange.kind) {
    case 'socket-error':
      // Out of descriptors or buffers here says nothing about the server: a kind of its own, never an alarm on it.
      return fail(isLocalSocketError(exchange.code) ? 'local' : 'unreachable', { ...where, code: exchange.code });
    case 'timeout':
      return exchange.lastRejected
        ? fail('bogus', { ...where, code: exchange.lastRejected })
        : fail('timeout', { ...where, timeoutMs });
    case 'reply':
      return verdictToResult(exchange.result, exchange.t4WallMs, target, address, text, fail);
  }
}

/** A judged reply as a QueryResult: a sample for a good one, the typed failure otherwise. */
export function verdictToResult(
  verdict: ReplyVerdict,
  at: number,
  target: ResolvedAddress,
  address: { host: string; port: number },
  text: string,
  fail: Fail,
): QueryResult {
  const where = { address: target.address };
  switch (verdict.kind) {
    case 'kod':
      return fail('kod', { ...where, code: verdict.code });
    case 'unsynchronized':
      return fail('unsynchronized', { ...where, leap: verdict.leap, stratum: verdict.stratum });
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
          jitterMs: 0,
          samples: 1,
        },
      };
    }
  }
}

/** The system resolver can take far longer than our reply timeout; a monitor must not hang on it. */
export function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('DNS timeout'), { code: 'ETIMEOUT' })), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

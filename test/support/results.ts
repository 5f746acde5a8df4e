/** Hand-made query results and statuses: the one set of fixtures for the unit, robustness and desktop tests and the bench. */
import type { ServerAddress } from '../../main/ntp/address.js';
import type { FailureKind, QueryResult } from '../../main/ntp/result.js';
import type { ServerStatus } from '../../main/judging/events.js';
import type { ServerState } from '../../main/judging/server-state.js';

/** A server as a name, or as the address a query function receives (its text names the server in the result). */
export type Where = string | Pick<ServerAddress, 'text' | 'host' | 'port'>;

/** A fixed, recent measurement time, so that texts showing it are stable. */
export const FIXTURE_AT = 1_700_000_000_000;

function located(where: Where): { server: string; host: string; port: number } {
  return typeof where === 'string' ? { server: where, host: where, port: 123 } : { server: where.text, host: where.host, port: where.port };
}

/** A good reply from `where` with the given offset (positive = server ahead). */
export function sampleResult(where: Where, offsetMs: number, at = FIXTURE_AT): QueryResult {
  return {
    ok: true,
    sample: {
      ...located(where), address: '127.0.0.1', offsetMs, delayMs: 0.4, stratum: 2, leap: 0, version: 4,
      refId: '127.0.0.1', rootDelayMs: 0, rootDispersionMs: 0, precision: -20, at, jitterMs: 0, samples: 1,
    },
  };
}

/** A failed query of the given kind (and KoD code, for 'kod'). */
export function failureResult(where: Where, kind: FailureKind, code?: string, at = FIXTURE_AT): QueryResult {
  return { ok: false, failure: { kind, ...located(where), at, ...(code ? { code } : {}) } };
}

/** No reply in time, with the message the query layer gives it. */
export function timeoutResult(where: Where, at = FIXTURE_AT): QueryResult {
  const { server, host, port } = located(where);
  return { ok: false, failure: { kind: 'timeout', server, host, port, timeoutMs: 500, at } };
}

/** A server's status as the scheduler reports it. */
export function status(server: string, state: ServerState, result?: QueryResult, lastCheckAt?: number): ServerStatus {
  return { server, state, lastResult: result, lastCheckAt, intervalSeconds: 64, refused: false };
}

/** Small builders for statuses and results, shared by the desktop tests. */
import type { QueryResult } from '../../main/sample/sample.js';
import type { ServerStatus } from '../../main/scheduler/scheduler.js';
import type { ServerState } from '../../main/transitions/transition.js';

export function sampleResult(server: string, offsetMs: number, at = 1_700_000_000_000): QueryResult {
  return {
    ok: true,
    sample: {
      server, host: server, port: 123, address: '127.0.0.1', offsetMs, delayMs: 0.4, stratum: 2, leap: 0, version: 4,
      refId: '127.0.0.1', rootDelayMs: 0, rootDispersionMs: 0, precision: -20, at, jitterMs: 0, samples: 1,
    },
  };
}

export function timeoutResult(server: string, at = 1_700_000_000_000): QueryResult {
  return { ok: false, failure: { kind: 'timeout', server, message: `No reply from ${server} within 500 ms.`, at } };
}

export function status(server: string, state: ServerState, result?: QueryResult, lastCheckAt?: number): ServerStatus {
  return { server, state, lastResult: result, lastCheckAt, intervalSeconds: 64, refused: false };
}

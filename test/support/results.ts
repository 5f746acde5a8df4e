/** Hand-made query results for state-machine and scheduler tests. */
import type { Failure, FailureKind, QueryResult } from '../../main/sample/sample.js';

export function sampleResult(offsetMs: number, server = 'ntp.test', at = 0): QueryResult {
  return {
    ok: true,
    sample: {
      server,
      host: server,
      port: 123,
      address: '192.0.2.1',
      offsetMs,
      delayMs: 10,
      stratum: 2,
      leap: 0,
      version: 4,
      refId: '192.0.2.2',
      rootDelayMs: 1,
      rootDispersionMs: 1,
      precision: -20,
      at,
      jitterMs: 0,
      samples: 1,
    },
  };
}

export function failureResult(kind: FailureKind, code?: string, server = 'ntp.test', at = 0): QueryResult {
  const failure: Failure = { kind, server, message: `${kind} ${code ?? ''}`.trim(), at, ...(code ? { code } : {}) };
  return { ok: false, failure };
}

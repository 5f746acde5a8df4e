/** Query results for stubbed queries (no sockets): the robustness tests and the bench's simulated runs share these. */
import type { FailureKind, QueryResult } from '../../../main/sample/sample.js';
import type { ServerAddress } from '../../../main/settings/address.js';

type Where = Pick<ServerAddress, 'text' | 'host' | 'port'>;

export function sampleResult(address: Where, offsetMs: number, at: number = Date.now()): QueryResult {
  return {
    ok: true,
    sample: {
      server: address.text, host: address.host, port: address.port, address: address.host, offsetMs, delayMs: 1,
      stratum: 2, leap: 0, version: 4, refId: '192.0.2.1', rootDelayMs: 1, rootDispersionMs: 1, precision: -20, at, jitterMs: 0, samples: 1,
    },
  };
}

export function failureResult(address: Where, kind: FailureKind, code?: string, at: number = Date.now()): QueryResult {
  return { ok: false, failure: { kind, code, server: address.text, host: address.host, port: address.port, message: `${kind} ${code ?? ''}`.trim(), at } };
}

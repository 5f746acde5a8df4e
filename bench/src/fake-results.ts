/** Stubbed query results for the simulated runs (no sockets involved). */
import type { QueryResult } from '../../main/sample/sample.js';
import type { ServerAddress } from '../../main/settings/address.js';

export function sampleResult(address: ServerAddress, offsetMs: number, at: number): QueryResult {
  return {
    ok: true,
    sample: {
      server: address.text, host: address.host, port: address.port, address: address.host, offsetMs, delayMs: 1,
      stratum: 2, leap: 0, version: 4, refId: '192.0.2.1', rootDelayMs: 1, rootDispersionMs: 1, precision: -20, at,
    },
  };
}

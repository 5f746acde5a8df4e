/** One query of any server: plain NTP over UDP, or NTS (key exchange when needed, then authenticated NTP). */
import type { QueryResult } from './result.js';
import { poolAsServer, type ServerAddress } from './address.js';
import type { NtsQueryOptions } from './nts/query-nts.js';
import type { NtsSession } from './nts/session.js';
import { queryServer, type QueryOptions } from './query.js';

/** queryServer's options, and NTS's: a private CA (PEM) and the server's session kept across polls. */
export interface AnyQueryOptions extends QueryOptions {
  /** PEM text of a private CA trusted besides the public roots, for NTS servers; plain NTP ignores it. */
  ca?: string;
  /** The NTS server's cookie jar; without one every NTS query runs a key exchange. */
  session?: NtsSession;
}

/**
 * Never throws, like the two it dispatches to. A pool given whole is asked by its name, as one server (the settings
 * window's Test); the monitor and `check` ask its members one by one. `family` (--ipv4/--ipv6) applies to plain NTP only: the NTS client
 * connects to the first address the resolver gives.
 */
export async function queryAny(server: ServerAddress, options: AnyQueryOptions): Promise<QueryResult> {
  if (server.protocol === 'pool') return queryServer(poolAsServer(server), options);
  if (server.protocol === 'ntp') return queryServer(server, options);
  // Loaded on first use: a plain `ntp-monitor check` then neither loads nor compiles TLS and the NTS client (issue 9).
  const { queryNts } = await import('./nts/query-nts.js');
  return queryNts(server, ntsOptions(options));
}

function ntsOptions({ timeoutMs, clock, resolve, ca, session }: AnyQueryOptions): NtsQueryOptions {
  return {
    timeoutMs,
    ...(clock && { clock }),
    ...(resolve && { resolve }),
    ...(ca !== undefined && { ca }),
    ...(session && { session }),
  };
}

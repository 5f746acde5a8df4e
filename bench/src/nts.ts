/**
 * NTS cost against one chronyd on loopback that serves both plain NTP and NTS: a key exchange (TLS 1.3 handshake and
 * records), an NTS poll with a cookie from the jar, and a plain NTP poll of the same server, alternated.
 */
import { performance } from 'node:perf_hooks';
import { queryNts } from '../../main/ntp/nts/query-nts.js';
import { createNtsSession } from '../../main/ntp/nts/session.js';
import { queryServer } from '../../main/ntp/query.js';
import { makeTestPki, startNtsChronyd } from '#fixtures/nts-chronyd.js';
import { spread, type Spread } from './stats.js';
import { nts as ntsAddress, plain as plainAddress } from '#fixtures/addresses.js';

export interface NtsBenchResult {
  rounds: number;
  /** A query through a fresh session: key exchange, then the poll. */
  firstQueryMs: Spread;
  /** A poll through a session that has cookies: no handshake. */
  ntsPollMs: Spread;
  plainPollMs: Spread;
  ntsOffsetMs: Spread;
  plainOffsetMs: Spread;
  failures: number;
}

const ROUNDS = 30;

export async function benchNts(): Promise<NtsBenchResult> {
  const pki = makeTestPki();
  const chronyd = await startNtsChronyd(pki).catch((error: unknown) => {
    pki.remove();
    throw error;
  });
  try {
    const options = { timeoutMs: 2_000, ca: pki.caPem };
    const first: number[] = [];
    const nts: number[] = [];
    const plain: number[] = [];
    const ntsOffset: number[] = [];
    const plainOffset: number[] = [];
    let failures = 0;
    const timed = async <T>(work: () => Promise<T>, into: number[]): Promise<T> => {
      const start = performance.now();
      const result = await work();
      into.push(performance.now() - start);
      return result;
    };
    // Warm-up: the first TLS handshake of the process loads the root store.
    await queryNts(ntsAddress(chronyd.server), options);
    for (let round = 0; round < ROUNDS; round++) {
      const session = createNtsSession();
      const keyed = await timed(() => queryNts(ntsAddress(chronyd.server), { ...options, session }), first);
      const polled = await timed(() => queryNts(ntsAddress(chronyd.server), { ...options, session }), nts);
      const plainResult = await timed(() => queryServer(plainAddress(`127.0.0.1:${chronyd.ntpPort}`), { timeoutMs: 2_000 }), plain);
      for (const [result, offsets] of [[polled, ntsOffset], [plainResult, plainOffset]] as const) {
        if (result.ok) offsets.push(result.sample.offsetMs);
        else failures++;
      }
      if (!keyed.ok || session.keyExchanges !== 1) failures++;
    }
    return {
      rounds: ROUNDS,
      firstQueryMs: spread(first),
      ntsPollMs: spread(nts),
      plainPollMs: spread(plain),
      ntsOffsetMs: spread(ntsOffset),
      plainOffsetMs: spread(plainOffset),
      failures,
    };
  } finally {
    await chronyd.stop();
    pki.remove();
  }
}

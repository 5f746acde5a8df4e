/**
 * Faulty servers and name resolution, through queryServer over real loopback UDP: every fault ends in a typed
 * failure, never an exception and never an offset, and the next query is not confused by what came before.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { queryServer } from '../../main/ntp/query.js';
import type { QueryResult } from '../../main/ntp/result.js';
import { startFakeNtpServer, type FakeNtpServer } from '../support/fake-ntp-server.js';
import { plain } from '../support/addresses.js';
import { failureWords } from '../../main/i18n/failure-words.js';

/** Generous for loopback, so that a loaded CI machine does not turn answers into timeouts. */
const TIMEOUT_MS = 500;
let servers: FakeNtpServer[] = [];

afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function fake(shape: FakeNtpServer['shape']): Promise<FakeNtpServer> {
  const server = await startFakeNtpServer(shape);
  servers.push(server);
  return server;
}

function kindOf(result: QueryResult): string {
  return result.ok ? 'ok' : result.failure.kind;
}

describe('queryServer against faulty servers', () => {
  it('a server alternating between answering and silence gives ok and timeout in turn', async () => {
    const server = await fake((_, index) => (index % 2 === 0 ? { offsetMs: 40 } : { silent: true }));
    const kinds: string[] = [];
    for (let i = 0; i < 6; i++) kinds.push(kindOf(await queryServer(plain(server.server), { timeoutMs: TIMEOUT_MS })));
    expect(kinds).toEqual(['ok', 'timeout', 'ok', 'timeout', 'ok', 'timeout']);
    expect(server.requests).toBe(6);
  });

  it('a reply arriving after the timeout is a timeout, and it does not leak into the next query', async () => {
    // The first reply lands while the second query is still waiting for its own (slow but in time) reply.
    const slow = TIMEOUT_MS * 1.5;
    const server = await fake((_, index) =>
      index === 0 ? { delayMs: TIMEOUT_MS * 2, offsetMs: 9_000 } : { delayMs: slow, processingMs: slow, offsetMs: 25 },
    );
    const late = await queryServer(plain(server.server), { timeoutMs: TIMEOUT_MS });
    expect(late.ok).toBe(false);
    if (!late.ok) expect(late.failure).toMatchObject({ kind: 'timeout', server: server.server });
    const next = await queryServer(plain(server.server), { timeoutMs: TIMEOUT_MS * 4 });
    expect(next.ok).toBe(true);
    // Its own reply says +25 ms (give or take scheduling noise on a loaded machine); the stale one said +9 s.
    if (next.ok) expect(Math.abs(next.sample.offsetMs - 25)).toBeLessThan(1_000);
  });

  it('a reply from another port is ignored (it could be anyone), so the query times out without an offset', async () => {
    const server = await fake(() => ({ fromOtherPort: true, offsetMs: 5_000 }));
    const result = await queryServer(plain(server.server), { timeoutMs: TIMEOUT_MS });
    expect(result).toMatchObject({ ok: false, failure: { kind: 'timeout', port: server.port } });
    expect(server.requests).toBe(1);
  });

  it('a reply that does not echo our origin (forged or stale) is bogus and its offset is never reported', async () => {
    const server = await fake((request) => ({ offsetMs: 7_000, fields: { originTimestamp: { seconds: request.transmitTimestamp.seconds, fraction: 1 } } }));
    const forged = await queryServer(plain(server.server), { timeoutMs: TIMEOUT_MS });
    expect(forged).toMatchObject({ ok: false, failure: { kind: 'bogus', code: 'origin-mismatch' } });
  });

  it('DNS failure from an injected resolver is a dns failure naming the server and the error code', async () => {
    const enotfound = () => Promise.reject(Object.assign(new Error('not found'), { code: 'ENOTFOUND' }));
    const failed = await queryServer(plain('ntp.example.test'), { timeoutMs: TIMEOUT_MS, resolve: enotfound });
    expect(failed).toMatchObject({ ok: false, failure: { kind: 'dns', code: 'ENOTFOUND', server: 'ntp.example.test' } });
    if (!failed.ok) expect(failureWords(failed.failure, 'en')).toContain('ntp.example.test');

    const empty = await queryServer(plain('ntp.example.test'), { timeoutMs: TIMEOUT_MS, resolve: async () => [] });
    expect(empty).toMatchObject({ ok: false, failure: { kind: 'dns', code: 'ENODATA' } });

    const hanging = await queryServer(plain('ntp.example.test'), { timeoutMs: TIMEOUT_MS, resolve: () => new Promise(() => undefined) });
    expect(hanging).toMatchObject({ ok: false, failure: { kind: 'dns', code: 'ETIMEOUT' } });
  });

  it('a resolver that throws synchronously is a dns failure too', async () => {
    const throwing = () => {
      throw Object.assign(new Error('resolver exploded'), { code: 'EBADNAME' });
    };
    const result = await queryServer(plain('ntp.example.test'), { timeoutMs: TIMEOUT_MS, resolve: throwing as never });
    expect(result).toMatchObject({ ok: false, failure: { kind: 'dns' } });
  });

  it('a real lookup of a name under the reserved .invalid TLD fails as dns', async () => {
    const result = await queryServer(plain('no-such-server.invalid'), { timeoutMs: 3_000 });
    expect(result).toMatchObject({ ok: false, failure: { kind: 'dns', server: 'no-such-server.invalid' } });
  });

  it('a resolved address that refuses (nothing listening) is unreachable or a timeout, never an exception', async () => {
    const server = await fake(() => ({}));
    const port = server.port;
    await server.close();
    servers = [];
    const result = await queryServer(plain(`127.0.0.1:${port}`), { timeoutMs: TIMEOUT_MS });
    expect(['unreachable', 'timeout']).toContain(kindOf(result));
  });
});

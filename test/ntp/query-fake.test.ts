/** queryServer against an in-process server that sends what a real one won't on demand. */
import { afterEach, describe, expect, it } from 'vitest';
import { queryServer } from '../../main/ntp/query.js';
import { startFakeNtpServer, symmetric, type FakeNtpServer, type ReplyShape } from '../support/fake-ntp-server.js';
import { plain } from '../support/addresses.js';
import { failureWords } from '../../main/i18n/failure-words.js';

let fake: FakeNtpServer | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function serve(shape: ReplyShape, host: '127.0.0.1' | '::1' = '127.0.0.1') {
  fake = await startFakeNtpServer(() => shape, host);
  return fake;
}

const timeoutMs = 400;

describe('queryServer against a fake server', () => {
  it.each([
    [+1500, 40],
    [-2500, 40],
    [+5, 40],
    [0, 60],
  ])('measures a true offset of %d ms over a %d ms round trip', async (trueOffset, rtt) => {
    const f = await serve(symmetric(trueOffset, rtt));
    const result = await queryServer(plain(f.server), { timeoutMs: 2000 });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    // The fake server stamps with Date.now() (1 ms steps), so allow a few ms. Its reply timer may fire late on a
    // loaded machine: that lateness is one-sided path delay, which shows in the measured delay and can move the
    // offset by at most half of the excess (RFC 5905's error bound), so the tolerance grows with it and no further.
    const lateness = Math.max(0, result.sample.delayMs - rtt);
    expect(Math.abs(result.sample.offsetMs - trueOffset)).toBeLessThan(5 + lateness / 2);
    expect(result.sample.delayMs).toBeGreaterThanOrEqual(rtt - 2);
    expect(result.sample).toMatchObject({ server: f.server, host: '127.0.0.1', port: f.port, address: '127.0.0.1', stratum: 2, refId: '192.0.2.1' });
  });

  it('works over IPv6', async () => {
    const f = await serve({}, '::1');
    const result = await queryServer(plain(f.server), { timeoutMs: 2000 });
    expect(result.ok && result.sample.address).toBe('::1');
  });

  it('times out on silence, naming the server', async () => {
    const f = await serve({ silent: true });
    const result = await queryServer(plain(f.server), { timeoutMs });
    expect(result).toMatchObject({ ok: false, failure: { kind: 'timeout', server: f.server } });
    if (!result.ok) expect(failureWords(result.failure, 'en')).toBe(`No reply within ${timeoutMs} ms.`);
  });

  it('ignores a reply that arrives after the timeout', async () => {
    const f = await serve({ delayMs: timeoutMs + 200 });
    const result = await queryServer(plain(f.server), { timeoutMs });
    expect(result.ok ? 'ok' : result.failure.kind).toBe('timeout');
  });

  it('ignores a reply from another port (and so times out)', async () => {
    const f = await serve({ fromOtherPort: true });
    const result = await queryServer(plain(f.server), { timeoutMs });
    expect(result.ok ? 'ok' : result.failure.kind).toBe('timeout');
  });

  it.each([
    ['origin-mismatch', { fields: { originTimestamp: { seconds: 12345, fraction: 678 } } }],
    ['mode', { fields: { mode: 3 } }],
    ['length', { raw: Buffer.alloc(40) }],
    ['zero-timestamp', { fields: { transmitTimestamp: { seconds: 0, fraction: 0 } } }],
  ] as const)('reports bogus (%s) when only bad replies came', async (check, shape) => {
    const f = await serve(shape as ReplyShape);
    const result = await queryServer(plain(f.server), { timeoutMs });
    expect(result).toMatchObject({ ok: false, failure: { kind: 'bogus', code: check } });
    // Every face shows the message beside the server's name, so the message does not repeat it.
    if (!result.ok) expect(failureWords(result.failure, 'en')).not.toContain(f.server);
  });

  it('a bogus reply is not blamed on the server: it may be forged, in both languages', async () => {
    const f = await serve({ fields: { originTimestamp: { seconds: 12345, fraction: 678 } } });
    const result = await queryServer(plain(f.server), { timeoutMs });
    expect(result.ok || failureWords(result.failure, 'en')).toBe('A reply failing the origin-mismatch check (possibly not from the server) was ignored.');
    expect(result.ok || failureWords(result.failure, 'zh-CN')).toBe('一个未通过 origin-mismatch 检查的应答（可能并非来自该服务器）已被忽略。');
  });

  it.each(['RATE', 'DENY', 'RSTR'])('reports Kiss-o\'-Death %s with its code', async (code) => {
    const f = await serve({ fields: { stratum: 0, refIdBytes: Buffer.from(code) } });
    const result = await queryServer(plain(f.server), { timeoutMs });
    expect(result).toMatchObject({ ok: false, failure: { kind: 'kod', code } });
  });

  it('reports leap 3 as unsynchronized', async () => {
    const f = await serve({ fields: { leap: 3 } });
    const result = await queryServer(plain(f.server), { timeoutMs });
    expect(result).toMatchObject({ ok: false, failure: { kind: 'unsynchronized' } });
    if (!result.ok) expect(failureWords(result.failure, 'en')).toMatch(/not synchronized.*leap 3/);
  });

  it('reports a closed port as unreachable at once', async () => {
    const f = await serve({});
    const port = f.port;
    await f.close();
    fake = undefined;
    const result = await queryServer(plain(`127.0.0.1:${port}`), { timeoutMs: 5000 });
    expect(result).toMatchObject({ ok: false, failure: { kind: 'unreachable', code: 'ECONNREFUSED' } });
  });

  it('reports a DNS failure as dns', async () => {
    const result = await queryServer(plain('no-such-host.invalid'), { timeoutMs: 3000 });
    expect(result).toMatchObject({ ok: false, failure: { kind: 'dns', server: 'no-such-host.invalid' } });
  });

  it('falls back to IPv4 when the IPv6 address cannot be reached', async () => {
    const f = await serve({});
    const resolve = async () => [
      { address: '::1', family: 6 as const },
      { address: '127.0.0.1', family: 4 as const },
    ];
    const result = await queryServer(plain(`dual.example:${f.port}`), { timeoutMs: 1000, resolve });
    expect(result.ok && result.sample.address).toBe('127.0.0.1');
  });

  it('speaks Chinese when asked', async () => {
    const f = await serve({ silent: true });
    const result = await queryServer(plain(f.server), { timeoutMs });
    if (!result.ok) expect(failureWords(result.failure, 'zh-CN')).toContain('没有应答');
    expect(result.ok).toBe(false);
  });
});

/**
 * Evidence for docs/decisions.md: ntp-time-sync 0.5.0 (the design card's library) against the same server as ours.
 * If a future version fixes these, this test fails and the decision should be revisited.
 */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryServer } from '../../main/ntp/query.js';
import { startFakeNtpServer, symmetric, type FakeNtpServer } from '../support/fake-ntp-server.js';
import { plain } from '../support/addresses.js';

const { NtpTimeSync } = createRequire(import.meta.url)('ntp-time-sync') as {
  NtpTimeSync: {
    new (options: object): NtpTimeSyncClient;
    getInstance(options: object): NtpTimeSyncClient;
  };
};
interface NtpTimeSyncClient {
  getTime(force?: boolean): Promise<{ offset: number }>;
}

let exact: FakeNtpServer;
beforeAll(async () => {
  // True offset 0, symmetric 40 ms round trip.
  exact = await startFakeNtpServer(() => symmetric(0, 40));
});
afterAll(async () => exact?.close());

describe('ntp-time-sync 0.5.0 versus our measurement', () => {
  it('reports about -delay/2 for a true offset of 0 (Math.abs terms); ours reports about 0', async () => {
    const theirs = await NtpTimeSync.getInstance({ servers: [exact.server], sampleCount: 2, replyTimeout: 2000 }).getTime(true);
    const ours = await queryServer(plain(exact.server), { timeoutMs: 2000 });
    expect(ours.ok).toBe(true);
    if (!ours.ok) return;
    // The fake holds the reply 40 ms on a timer; a loaded machine fires it late, which is path asymmetry, bounded by
    // RFC 5905 at half of the extra delay.
    expect(Math.abs(ours.sample.offsetMs)).toBeLessThan(5 + Math.max(0, ours.sample.delayMs - 40) / 2);
    expect(theirs.offset).toBeLessThan(-15);
    expect(theirs.offset).toBeGreaterThan(-30);
  });

  it('cannot reach an IPv6 literal (server.split(":") and udp4 only); ours can', async () => {
    const v6 = await startFakeNtpServer(() => ({}), '::1');
    try {
      const attempt = new NtpTimeSync({ servers: [v6.server], sampleCount: 1, replyTimeout: 500 }).getTime(true);
      await expect(attempt).rejects.toThrow();
      const ours = await queryServer(plain(v6.server), { timeoutMs: 2000 });
      expect(ours.ok).toBe(true);
    } finally {
      await v6.close();
    }
  });

  it('getInstance() hands back the first singleton: a second server list is silently ignored', async () => {
    const other = await startFakeNtpServer(() => ({}));
    try {
      const first = NtpTimeSync.getInstance({ servers: [exact.server] });
      const second = NtpTimeSync.getInstance({ servers: [other.server] });
      expect(second).toBe(first);
      await second.getTime(true);
      expect(other.requests).toBe(0);
    } finally {
      await other.close();
    }
  });
});

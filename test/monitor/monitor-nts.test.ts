/** The monitor's NTS bookkeeping: one session per NTS server across polls, the applied CA passed, sessions dropped with their server. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Monitor, type MonitorQuery } from '../../main/monitor/monitor.js';
import type { NtsSession } from '../../main/ntp/nts/session.js';
import { defaultSettings, type Settings } from '../../main/settings/settings.js';
import { sampleResult } from '../support/results.js';
import { checked } from '../support/settings.js';

const base: Settings = { ...defaultSettings(['nts://a.test', 'b.test', 'nts://c.test:1234']), intervalSeconds: 60, confirm: 1, daemon: 'none' };
let calls: { server: string; ca?: string; session?: NtsSession }[];
const query: MonitorQuery = async (server, options) => {
  calls.push({ server: server.text, ca: options.ca, session: options.session });
  // Stands in for queryNts's key exchange on a fresh session.
  if (options.session && options.session.keyExchanges === 0) options.session.keyExchanges = 1;
  return sampleResult(server, 1);
};
let monitor: Monitor;

beforeEach(() => {
  calls = [];
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(async () => {
  const stopping = monitor.stop();
  await vi.advanceTimersByTimeAsync(5_000);
  await stopping;
  vi.useRealTimers();
});

describe('Monitor with NTS servers', () => {
  it('gives each NTS server its own session, the same one at every poll, and the CA applied; plain NTP gets neither', async () => {
    monitor = new Monitor({ ...checked(base), ca: 'PEM-1' }, { query, listeners: [], random: () => 0 });
    monitor.start();
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(60_000);
    const of = (server: string) => calls.filter((c) => c.server === server);
    expect(of('nts://a.test')).toHaveLength(2);
    expect(of('nts://a.test')[0]!.session).toBeDefined();
    expect(of('nts://a.test')[1]!.session).toBe(of('nts://a.test')[0]!.session);
    expect(of('nts://c.test:1234')[0]!.session).not.toBe(of('nts://a.test')[0]!.session);
    expect(of('nts://a.test').every((c) => c.ca === 'PEM-1')).toBe(true);
    expect(of('b.test').every((c) => c.session === undefined && c.ca === undefined)).toBe(true);
    expect(monitor.keyExchanges(monitor.addresses[0]!)).toBe(1);
  });

  it('drops the session of a server removed, so that re-adding it starts a new key exchange; takes the new CA', async () => {
    monitor = new Monitor({ ...checked(base), ca: 'PEM-1' }, { query, listeners: [], random: () => 0 });
    monitor.start();
    await vi.advanceTimersByTimeAsync(0);
    const first = calls.find((c) => c.server === 'nts://a.test')!.session;
    await monitor.apply(checked({ ...base, servers: ['b.test'] }));
    expect(monitor.keyExchanges(checked(base).addresses[0]!)).toBe(0);
    await monitor.apply({ ...checked(base), ca: 'PEM-2' });
    await vi.advanceTimersByTimeAsync(60_000);
    const later = calls.filter((c) => c.server === 'nts://a.test').at(-1)!;
    expect(later.session).not.toBe(first);
    expect(later.ca).toBe('PEM-2');
  });

  it('keeps nts://host and plain host as two servers (no duplicate), and an NTS port as part of the key', () => {
    const both = checked({ ...base, servers: ['a.test', 'nts://a.test', 'nts://a.test:4461'] });
    expect(both.addresses.map((a) => a.protocol)).toEqual(['ntp', 'nts', 'nts']);
    monitor = new Monitor(both, { query, listeners: [], random: () => 0 });
    expect(monitor.statuses()).toHaveLength(3);
  });
});

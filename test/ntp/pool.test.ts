/** pool:// addresses and a pool's members: parsing, and which of the name's addresses are polled. */
import { describe, expect, it } from 'vitest';
import { addressKey, isPoolAddress, parseAnyServer, poolMember, type PoolAddress } from '../../main/ntp/address.js';
import { MAX_POOL_MEMBERS, poolServers, resolvePoolMembers, type LookupAll } from '../../main/ntp/pool.js';

const lookupOf = (entries: [string, number][]): LookupAll => async () => entries.map(([address, family]) => ({ address, family }));

describe('parseAnyServer: pool:// addresses', () => {
  it('takes pool://name and pool://name:port, lower-casing the name', () => {
    expect(parseAnyServer(' pool://2.Debian.Pool.NTP.org ')).toEqual({ ok: true, address: { protocol: 'pool', text: 'pool://2.Debian.Pool.NTP.org', host: '2.debian.pool.ntp.org', port: 123 } });
    expect(parseAnyServer('POOL://pool.test:11123/')).toMatchObject({ ok: true, address: { host: 'pool.test', port: 11123 } });
    expect(isPoolAddress('Pool://x.test')).toBe(true);
  });

  it('refuses an IP literal (one server, not a pool), a bad port and anything that is not a host name', () => {
    for (const bad of ['pool://192.0.2.1', 'pool://[::1]:123', 'pool://', 'pool://a b', 'pool://x.test/path', 'pool://user@x.test', 'pool://x.test:0']) {
      expect(parseAnyServer(bad), bad).toEqual({ ok: false, problem: 'pool-invalid' });
    }
  });

  it('a member is not the server at that address named on its own: their keys differ', () => {
    const pool = (parseAnyServer('pool://pool.test') as { ok: true; address: PoolAddress }).address;
    const member = poolMember(pool, '192.0.2.1', 4);
    expect(member.text).toBe('pool://pool.test/192.0.2.1');
    expect(addressKey(member)).not.toBe(addressKey((parseAnyServer('192.0.2.1') as { ok: true; address: never }).address));
  });
});

describe('resolvePoolMembers', () => {
  const pool = { protocol: 'pool' as const, text: 'pool://pool.test', host: 'pool.test', port: 123 };

  it(`polls at most ${MAX_POOL_MEMBERS} distinct addresses, of the family asked`, async () => {
    const lookup = lookupOf([['127.0.0.2', 4], ['::2', 6], ['127.0.0.3', 4], ['127.0.0.2', 4], ['127.0.0.4', 4], ['127.0.0.5', 4], ['127.0.0.6', 4]]);
    expect((await resolvePoolMembers(pool, { lookup })).map((m) => m.host)).toEqual(['127.0.0.2', '::2', '127.0.0.3', '127.0.0.4']);
    expect((await resolvePoolMembers(pool, { lookup, family: 4 })).map((m) => m.host)).toEqual(['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5']);
    expect((await resolvePoolMembers(pool, { lookup, family: 6 })).map((m) => [m.host, m.family])).toEqual([['::2', 6]]);
  });

  it('skips addresses to avoid (members that stopped answering) unless nothing else is left', async () => {
    const lookup = lookupOf([['127.0.0.2', 4], ['127.0.0.3', 4]]);
    expect((await resolvePoolMembers(pool, { lookup, avoid: new Set(['127.0.0.2']) })).map((m) => m.host)).toEqual(['127.0.0.3']);
    expect((await resolvePoolMembers(pool, { lookup, avoid: new Set(['127.0.0.2', '127.0.0.3']) })).map((m) => m.host)).toEqual(['127.0.0.2', '127.0.0.3']);
  });

  it('a one-off check asks the pool by its name when the lookup fails, so the failure shows with its cause', async () => {
    const failing: LookupAll = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    expect(await poolServers(pool, { lookup: failing })).toEqual([{ protocol: 'ntp', text: 'pool://pool.test', host: 'pool.test', port: 123, family: 0, pool: 'pool://pool.test' }]);
  });
});

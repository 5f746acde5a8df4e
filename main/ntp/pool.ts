/**
 * A pool's members: up to MAX_POOL_MEMBERS of its name's addresses, each a server of its own, so that one configured
 * name can still outvote a liar (chrony's `maxsources`).
 */
import { poolAsServer, poolMember, type PlainAddress, type PoolAddress } from './address.js';

/** chrony's default `maxsources` for a pool: enough for a majority of 3 against one liar. */
export const MAX_POOL_MEMBERS = 4;

/** A resolver answer: every address of a name (node:dns lookup with `all`). */
export type LookupAll = (host: string) => Promise<{ address: string; family: number }[]>;

/**
 * Up to MAX_POOL_MEMBERS of the pool's addresses (only `family` when given), skipping those in `avoid` (members
 * that stopped answering, to be replaced) unless nothing else is left. Rejects as the resolver does.
 */
export async function resolvePoolMembers(pool: PoolAddress, options: { family?: 4 | 6; avoid?: ReadonlySet<string>; lookup?: LookupAll } = {}): Promise<PlainAddress[]> {
  const lookup = options.lookup ?? systemLookup;
  const all = (await lookup(pool.host)).filter((entry) => (entry.family === 4 || entry.family === 6) && (!options.family || entry.family === options.family));
  const unique = [...new Map(all.map((entry) => [entry.address, entry.family as 4 | 6])).entries()];
  const fresh = unique.filter(([address]) => !options.avoid?.has(address));
  return (fresh.length > 0 ? fresh : unique).slice(0, MAX_POOL_MEMBERS).map(([address, family]) => poolMember(pool, address, family));
}

/** The servers to ask for a pool once (`check`): its members, or the pool by its name when the lookup gave none. */
export async function poolServers(pool: PoolAddress, options: { family?: 4 | 6; lookup?: LookupAll } = {}): Promise<PlainAddress[]> {
  const members = await resolvePoolMembers(pool, options).catch(() => []);
  return members.length > 0 ? members : [poolAsServer(pool)];
}

async function systemLookup(host: string): Promise<{ address: string; family: number }[]> {
  // Loaded on first use, as the query's resolver: `check IP` does not pay for it.
  const { lookup } = await import('node:dns/promises');
  return lookup(host, { all: true, order: 'verbatim' });
}


/**
 * The monitor's pools: each pool:// server stands for up to MAX_POOL_MEMBERS of its name's addresses, each polled
 * and judged as a server of its own; a member that stays unreachable is replaced by a new address, as chrony does.
 */
import { poolAsServer, type PlainAddress, type PoolAddress, type ServerAddress } from '../ntp/address.js';
import { resolvePoolMembers, type LookupAll } from '../ntp/pool.js';

/** How long a pool's lookup may take before it counts as giving nothing. */
const LOOKUP_DEADLINE_MS = 5_000;

/** A pool's members, or 'unresolved' after a lookup that gave none (then the pool is asked by its name). */
type Members = PlainAddress[] | 'unresolved';

export class Pools {
  private readonly members = new Map<string, Members>();

  constructor(private readonly lookup?: LookupAll) {}

  /**
   * What to poll: each pool's members in its place; the pool by its name when its lookup gave nothing (so the failure
   * shows, with its cause); nothing while its first lookup is under way.
   */
  expand(addresses: readonly ServerAddress[]): ServerAddress[] {
    return addresses.flatMap((address): ServerAddress[] => {
      if (address.protocol !== 'pool') return [address];
      const members = this.members.get(address.text);
      if (members === undefined) return [];
      return members === 'unresolved' ? [poolAsServer(address)] : members;
    });
  }

  /** Pools named in `addresses` whose members are not known yet. */
  unresolved(addresses: readonly ServerAddress[]): PoolAddress[] {
    return addresses.filter((a): a is PoolAddress => a.protocol === 'pool' && !this.members.has(a.text));
  }

  /** Forgets the pools no longer named: one named again later is looked up afresh. */
  keepOnly(addresses: readonly ServerAddress[]): void {
    const named = new Set(addresses.filter((a) => a.protocol === 'pool').map((a) => a.text));
    for (const pool of [...this.members.keys()]) if (!named.has(pool)) this.members.delete(pool);
  }

  /** Looks the pool's name up; resolves with its members (empty when the lookup failed or gave nothing). Never rejects. */
  async resolve(pool: PoolAddress, family: 4 | 6 | undefined): Promise<PlainAddress[]> {
    const members = await this.lookUp(pool, family, new Set());
    this.members.set(pool.text, members.length > 0 ? members : 'unresolved');
    return members;
  }

  /**
   * Replaces `server` (a member that stopped answering, or the pool asked by its name) with an address the pool has
   * not used yet; true when the members changed. The other members stay, with their state and history.
   */
  async replace(pool: PoolAddress, server: string, family: 4 | 6 | undefined): Promise<boolean> {
    const current = this.members.get(pool.text);
    if (current === undefined || current === 'unresolved') return (await this.resolve(pool, family)).length > 0;
    const kept = current.filter((member) => member.text !== server);
    if (kept.length === current.length) return false;
    const fresh = await this.lookUp(pool, family, new Set(current.map((member) => member.host)));
    const added = fresh.filter((member) => !current.some((c) => c.host === member.host)).slice(0, current.length - kept.length);
    if (added.length === 0 || this.members.get(pool.text) !== current) return false;
    this.members.set(pool.text, [...kept, ...added]);
    return true;
  }

  /** The pool a polled server belongs to (a member, or the pool asked by its name), if any. */
  poolOf(server: string, addresses: readonly ServerAddress[]): PoolAddress | undefined {
    for (const address of addresses) {
      if (address.protocol !== 'pool') continue;
      const members = this.members.get(address.text);
      if (address.text === server || (Array.isArray(members) && members.some((member) => member.text === server))) return address;
    }
    return undefined;
  }

  private async lookUp(pool: PoolAddress, family: 4 | 6 | undefined, avoid: ReadonlySet<string>): Promise<PlainAddress[]> {
    let timer: NodeJS.Timeout | undefined;
    // The system resolver may take far longer than any reply timeout; a pool must not hold the monitor up.
    const deadline = new Promise<PlainAddress[]>((resolve) => (timer = setTimeout(() => resolve([]), LOOKUP_DEADLINE_MS)));
    try {
      return await Promise.race([resolvePoolMembers(pool, { ...(family && { family }), avoid, ...(this.lookup && { lookup: this.lookup }) }), deadline]);
    } catch {
      return [];
    } finally {
      clearTimeout(timer);
    }
  }
}

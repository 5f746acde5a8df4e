/**
 * One running monitor, the engine both faces share (`ntp-monitor watch` and the desktop app): the scheduler with the
 * per-server state machines, and the listeners fed by it (sinks, tray). The faces keep only their own I/O.
 */
import { ClockVerdict, type VerdictView, type Voter } from '../consensus/clock-verdict.js';
import { addressKey, type PolledAddress, type PoolAddress, type ServerAddress } from '../ntp/address.js';
import { burst } from '../sample/burst.js';
import { createNtsSession, type NtsSession } from '../ntp/nts/session.js';
import type { LookupAll } from '../ntp/pool.js';
import { pollJitterMs, FILTER_SIZE, type Measured } from '../sample/clock-filter.js';
import type { QueryResult } from '../ntp/result.js';
import { Scheduler } from '../scheduler/scheduler.js';
import type { ResultEvent, ServerStatus } from '../judging/events.js';
import { queryFamily, type Settings } from '../settings/settings.js';
import type { CheckedSettings } from '../settings/validate.js';
import { mayVote } from '../judging/limits.js';
import type { Transition } from '../judging/transition.js';
import type { MonitorListener, MonitorView } from './listener.js';
import { Pools } from './pools.js';
import { TimeServiceWatch, type ReadDaemon, type TimeServiceContext, type TimeServiceView } from './time-service.js';

/**
 * Queries one server once, only the address family asked (settings.family); receives
 * the parsed address, so it chooses per address (queryAny). For an NTS server also the private CA (PEM, if any) and
 * the server's session, kept by the monitor across polls. The monitor sends settings.samples of them per poll.
 */
export type MonitorQuery = (
  server: PolledAddress,
  options: { timeoutMs: number; family?: 4 | 6; ca?: string; session?: NtsSession },
) => Promise<QueryResult>;

/** A server's last sample older than this many of its intervals no longer votes: it says nothing about now. */
export const FRESH_INTERVALS = 3;

export interface MonitorOptions {
  query: MonitorQuery;
  /** Fed in this order; see MonitorListener. */
  listeners: MonitorListener[];
  /** How long `stop()` waits for queries in flight and listeners closing before it gives up on them (default 3 s). */
  drainCapMs?: number;
  random?: () => number;
  /** Test-only: the scheduler's waits scaled (SchedulerDeps.timeScale). */
  timeScale?: number;
  /** Looks up a pool's addresses; tests inject one that names loopback addresses. */
  lookup?: LookupAll;
  /** Waits between the requests of a burst; tests inject one that does not wait. */
  sleep?: (ms: number) => Promise<void>;
  /** Reads the time service (settings.daemon); tests inject a fake beside the real one. */
  readDaemon?: ReadDaemon;
}


export const DEFAULT_DRAIN_CAP_MS = 3_000;

export class Monitor implements MonitorView {
  private checked: CheckedSettings;
  private readonly scheduler: Scheduler;
  private readonly listeners: MonitorListener[];
  private readonly offs: (() => void)[];
  /** Applies run one at a time, in the order asked: a later one never lands under an earlier one. */
  private applying: Promise<void> = Promise.resolve();
  private readonly verdictMachine = new ClockVerdict();
  /** Each server's last FILTER_SIZE good polls, oldest first, for its jitter across polls. */
  private readonly recent = new Map<string, Measured[]>();
  /** One NTS session per NTS server, so that polls spend cookies instead of a key exchange each. */
  private readonly sessions = new Map<string, NtsSession>();
  /** Servers not yet heard from in the start-up round; null once every server has answered or failed once. */
  private unheard: Set<string> | null = null;
  /** Transitions of the start-up round, each server's own (folded when released) or a verdict's, in time order. */
  private held: { own?: Transition; verdict?: Transition }[] = [];
  private readonly pools: Pools;
  private readonly daemon: TimeServiceWatch;
  private stopped = false;

  constructor(
    checked: CheckedSettings,
    private readonly options: MonitorOptions,
  ) {
    this.checked = checked;
    this.listeners = [...options.listeners];
    this.pools = new Pools(options.lookup);
    this.scheduler = new Scheduler(this.polled(), {
      query: (server, q) => {
        const family = queryFamily(this.settings.family);
        const once = () => options.query(server, { ...q, ...(family ? { family } : {}), ...this.ntsOptions(server) });
        return burst(once, { count: this.settings.samples, ...(options.sleep ? { sleep: options.sleep } : {}) });
      },
      random: options.random,
      ...(options.timeScale !== undefined && { timeScale: options.timeScale }),
    });
    this.offs = [this.scheduler.on('result', (event) => this.onResult(event))];
    this.daemon = new TimeServiceWatch({
      // A read that returns after stop() has nobody left to tell.
      onChange: (change) => {
        if (!this.stopped) this.each((l) => l.onTimeService?.(change, this));
      },
      ...(options.readDaemon && { read: options.readDaemon }),
      ...(options.timeScale !== undefined && { timeScale: options.timeScale }),
    });
    this.daemon.configure(checked.settings.daemon);
  }

  get settings(): Settings {
    return this.checked.settings;
  }

  /** The settings as last applied, with their parsed addresses and CA: what to spread when changing one setting. */
  get checkedSettings(): CheckedSettings {
    return this.checked;
  }

  /** Key exchanges run so far for one NTS server (0 for plain NTP or before its first poll): for tests and diagnostics. */
  keyExchanges(address: ServerAddress): number {
    return this.sessions.get(addressKey(address))?.keyExchanges ?? 0;
  }

  /** settings.servers, parsed. */
  get addresses(): ServerAddress[] {
    return this.checked.addresses;
  }

  get paused(): boolean {
    return this.scheduler.paused;
  }

  /** Every server's status, with its jitter across polls and how the verdict sees it. */
  statuses(): ServerStatus[] {
    return this.scheduler.statuses().map((status) => this.withVerdict(status));
  }

  /** The verdict on this computer's clock, the falsetickers and the leap second (for the tray and status window). */
  verdict(): VerdictView {
    return this.verdictMachine.view();
  }

  /** This computer's time service as last read and cross-checked (settings.daemon); null when none is read. */
  timeService(): TimeServiceView | null {
    return this.daemon.view();
  }

  /**
   * Starts polling: every server at once, then each on its own timer. Transitions of the start-up round are held
   * until every server has been heard from once: only then does the verdict know which server alarms it explains
   * (three servers at +2.5 s with confirm = 1: one alarm about this computer, not three about the servers first).
   */
  start(): void {
    const pending = this.pools.unresolved(this.enabled());
    this.unheard = new Set([...this.polled().addresses, ...pending].map((address) => address.text));
    this.scheduler.start();
    for (const pool of pending) void this.resolvePool(pool);
  }

  /**
   * Applies new settings live; resolves when every listener has taken them. The settings first, so that everything
   * after reads the new thresholds; then the pools' members and the scheduler, so that a listener
   * rendering statuses (the tray) or configuring per-server series (metrics) sees the new server list; listeners one
   * after the other, in the order given (a test in monitor.test.ts watches a listener see all of it).
   */
  apply(next: CheckedSettings): Promise<void> {
    const run = this.applying.then(async () => {
      this.checked = next;
      this.daemon.configure(next.settings.daemon);
      this.pools.keepOnly(next.addresses);
      await Promise.all(this.pools.unresolved(this.enabled()).map((pool) => this.pools.resolve(pool, this.family)));
      const polled = this.polled();
      this.forgetRemoved(polled.addresses);
      this.hearFrom(this.unheardRemoved(polled.addresses));
      this.scheduler.update(polled);
      for (const listener of this.listeners) await listener.apply?.(polled);
    });
    this.applying = run.catch(() => {});
    return run;
  }

  /** Someone asked (the tray's "Check now"): every server now, even while paused, which then stays paused. */
  checkNow(): Promise<void> {
    return this.scheduler.checkNow();
  }

  /** Someone asked for one server (a row's "Check now"): see Scheduler.checkOne. False when it is not polled or refused. */
  checkOne(server: string): Promise<boolean> {
    return this.scheduler.checkOne(server);
  }

  /** The machine woke up or was unlocked: check soon (the 15 s floor holds), but not while paused. */
  checkSoon(): void {
    this.scheduler.checkSoon();
  }

  pause(): void {
    this.scheduler.pause();
  }

  resume(): void {
    this.scheduler.resume();
  }

  /**
   * Stops polling, waits for the apply under way, queries in flight and listeners closing, but no longer than the
   * drain cap: quitting must not hang on a dead webhook receiver. Resolves with false when the cap cut it short.
   */
  async stop(): Promise<boolean> {
    this.stopped = true;
    const drain = (async () => {
      await this.applying;
      await this.scheduler.stop();
      await this.daemon.settled();
      for (const off of this.offs) off();
      this.release();
      await Promise.all(this.listeners.map((l) => l.close?.().catch((error: unknown) => console.error('ntp-monitor: a listener failed to close:', error))));
    })();
    let timer: NodeJS.Timeout | undefined;
    const cap = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), this.options.drainCapMs ?? DEFAULT_DRAIN_CAP_MS)));
    const finished = await Promise.race([drain.then(() => true as const), cap]);
    clearTimeout(timer);
    if (!finished) for (const off of this.offs) off();
    return finished;
  }

  /**
   * A result: the server's recent polls, then the verdict over every fresh sample; the listeners get the result, then
   * the server's own transition (folded when the verdict explains it), then the verdict's, all dated when known.
   */
  private onResult(event: ResultEvent): void {
    if (event.result.ok) {
      const polls = this.recent.get(event.server) ?? [];
      polls.push(event.result.sample);
      this.recent.set(event.server, polls.slice(-FILTER_SIZE));
    }
    // One snapshot of every server per result: the verdict reads both the list and the voters from it.
    const statuses = this.scheduler.statuses();
    const { warningSeconds, criticalSeconds, confirm } = this.settings;
    const verdicts = this.verdictMachine.observe({
      voters: this.voters(statuses),
      servers: statuses.map((status) => status.server),
      from: event.server,
      thresholds: { warningSeconds, criticalSeconds },
      confirm,
      at: event.knownAt,
    });
    const seen = { ...event, status: this.withVerdict(event.status) };
    this.each((l) => l.onResult?.(seen, this));
    this.held.push(...(event.transition ? [{ own: event.transition }] : []), ...verdicts.map((verdict) => ({ verdict })));
    this.hearFrom([event.server]);
    this.followPool(event);
    // After the start-up round only: the first cross-check then has every server's first answer to go by.
    if (this.unheard === null && !this.stopped) this.daemon.maybeRead(this.settings.intervalSeconds, this.settings.timeoutMs, () => this.daemonContext());
  }

  /** The servers' side of the time service's cross-check, as it is now. */
  private daemonContext(): TimeServiceContext {
    const { warningSeconds, criticalSeconds, confirm } = this.settings;
    const consensus = this.verdictMachine.consensus();
    const servers = this.scheduler.statuses().flatMap((status) => {
      const sample = status.lastSample;
      if (!sample || status.state === 'unreachable') return [];
      return [{ server: status.server, address: sample.address, offsetMs: sample.offsetMs, falseticker: this.verdictMachine.selectionOf(status.server) === 'falseticker' }];
    });
    return {
      consensus: consensus && { offsetMs: consensus.offsetMs, errorBoundMs: consensus.errorBoundMs, servers },
      agree: consensus?.agree ?? 0,
      thresholds: { warningSeconds, criticalSeconds },
      confirm,
    };
  }

  /** What the scheduler polls and the verdict counts: the enabled servers, each pool as its members. */
  private polled(): CheckedSettings {
    return { ...this.checked, addresses: this.pools.expand(this.enabled()) };
  }

  /** The addresses of the servers not switched off (addresses and settings.servers share their order). */
  private enabled(): ServerAddress[] {
    const { servers, disabledServers } = this.checked.settings;
    return this.checked.addresses.filter((_, index) => !disabledServers.includes(servers[index]!));
  }

  private get family(): 4 | 6 | undefined {
    return queryFamily(this.settings.family);
  }

  /** A pool's first lookup: its members join the polling (and the start-up round) in its place. */
  private async resolvePool(pool: PoolAddress): Promise<void> {
    const members = await this.pools.resolve(pool, this.family);
    if (this.stopped || !this.enabled().includes(pool)) return;
    const polled = this.polled();
    if (this.unheard) for (const address of members.length > 0 ? members : polled.addresses.filter((a) => a.text === pool.text)) this.unheard.add(address.text);
    this.scheduler.update(polled);
    this.hearFrom([pool.text]);
  }

  /**
   * A pool's member that became unreachable is replaced by an address the pool has not used (chrony's `pool` does
   * the same); a pool asked by its name because its lookup failed is looked up again once its name answers.
   */
  private followPool(event: ResultEvent): void {
    const pool = this.pools.poolOf(event.server, this.addresses);
    if (!pool) return;
    const byName = event.server === pool.text;
    if (!(event.transition?.to === 'unreachable' || (byName && event.result.ok))) return;
    void this.pools.replace(pool, event.server, this.family).then((changed) => {
      if (!changed || this.stopped) return;
      const polled = this.polled();
      this.forgetRemoved(polled.addresses);
      this.scheduler.update(polled);
    });
  }

  /** Marks servers heard from in the start-up round; the round over (or already over), releases what is held. */
  private hearFrom(servers: Iterable<string>): void {
    for (const server of servers) this.unheard?.delete(server);
    if (this.unheard === null || this.unheard.size === 0) this.release();
  }

  /**
   * Emits the held transitions in order, each server's own folded now that the verdict has seen the round. Those of
   * the start-up round are dated when released (the round's end): that is when they were decided, and the log stays
   * in time order after the results that came meanwhile.
   */
  private release(): void {
    const wasHolding = this.unheard !== null;
    this.unheard = null;
    const held = this.held;
    this.held = [];
    const now = Date.now();
    const dated = (t: Transition) => (wasHolding && t.at < now ? { ...t, at: now } : t);
    for (const { own, verdict } of held) this.emit(dated(own ? this.verdictMachine.fold(own) : verdict!));
  }

  /** Start-up round servers that the new settings no longer watch: nothing is waited for from them. */
  private unheardRemoved(addresses: readonly ServerAddress[]): string[] {
    const kept = new Set(addresses.map((address) => address.text));
    return [...(this.unheard ?? [])].filter((server) => !kept.has(server));
  }

  /**
   * The servers whose last sample is fresh (within FRESH_INTERVALS of their interval), that are reachable, and whose
   * sample is within the limits (stratum, root distance): a server beyond one is shown but never votes.
   */
  private voters(statuses: ServerStatus[]): Voter[] {
    const now = Date.now();
    return statuses.flatMap((status): Voter[] => {
      const sample = status.lastSample;
      if (!sample || status.state === 'unreachable' || now - sample.at > FRESH_INTERVALS * status.intervalSeconds * 1000) return [];
      if (!mayVote(sample, this.settings)) return [];
      return [{ server: status.server, sample, jitterMs: pollJitterMs(this.recent.get(status.server) ?? []) }];
    });
  }

  private withVerdict(status: ServerStatus): ServerStatus {
    const recent = this.recent.get(status.server) ?? [];
    return {
      ...status,
      jitterMs: pollJitterMs(recent),
      jitterPolls: Math.min(recent.length, FILTER_SIZE),
      selection: this.verdictMachine.selectionOf(status.server),
      falseticker: this.verdictMachine.isFalseticker(status.server),
    };
  }

  private emit(t: Transition): void {
    this.each((l) => l.onTransition?.(t, this));
  }

  /** The CA and this server's session, for an NTS server; nothing for plain NTP. */
  private ntsOptions(server: ServerAddress): { ca?: string; session?: NtsSession } {
    if (server.protocol !== 'nts') return {};
    const key = addressKey(server);
    let session = this.sessions.get(key);
    if (!session) this.sessions.set(key, (session = createNtsSession()));
    return { session, ...(this.checked.ca !== undefined && { ca: this.checked.ca }) };
  }

  /**
   * A removed server's recent polls, keys and cookies go with it (on apply, not on every result); one re-added
   * later starts afresh, with a new key exchange.
   */
  private forgetRemoved(addresses: readonly ServerAddress[]): void {
    const kept = new Set(addresses.map(addressKey));
    for (const key of this.sessions.keys()) if (!kept.has(key)) this.sessions.delete(key);
    const servers = new Set(addresses.map((address) => address.text));
    for (const server of this.recent.keys()) if (!servers.has(server)) this.recent.delete(server);
  }

  /** A listener that throws must not keep the event from the others (the scheduler reports it). */
  private each(call: (listener: MonitorListener) => void): void {
    for (const listener of this.listeners) {
      try {
        call(listener);
      } catch (error) {
        console.error('ntp-monitor: a listener failed:', error);
      }
    }
  }
}

/**
 * Polls every configured server on its own timer, concurrently, feeding each result to that server's state machine.
 * Never two queries in flight for one server; a slow or dead server delays no other; `stop()` leaves nothing behind.
 * No automatic poll reaches an address sooner than 15 s after the last one, whatever the settings did in between.
 */
import type { QueryResult, Sample } from '../ntp/result.js';
import { addressKey, poolAsServer, type PolledAddress, type ServerAddress } from '../ntp/address.js';
import { LIMITS, thresholdsFor, type Settings } from '../settings/settings.js';
import type { CheckedSettings } from '../settings/validate.js';
import { isRefusal, ServerStateMachine, type MachineOptions } from '../judging/machine.js';
import type { ResultEvent, ServerStatus } from '../judging/events.js';
import type { Transition } from '../judging/transition.js';
import { nextBackoff } from './backoff.js';

export type QueryFn = (server: PolledAddress, options: { timeoutMs: number }) => Promise<QueryResult>;

export interface SchedulerDeps {
  query: QueryFn;
  /** In [0, 1); spreads polls so that many monitors do not hit a server in step (RFC 4330). */
  random?: () => number;
  now?: () => number;
  /**
   * Test-only (see `testTimeScale` in cli/test-time-scale.ts): every wait between polls, the 15 s floor included, multiplied by
   * this (0 < scale <= 1; default 1), so that a spawned process shows two rounds in a second and a half.
   */
  timeScale?: number;
}

interface Listeners {
  result: (event: ResultEvent) => void;
  transition: (transition: Transition) => void;
}

interface Entry {
  address: PolledAddress;
  machine: ServerStateMachine;
  backoff: number;
  refused: boolean;
  timer?: NodeJS.Timeout;
  inFlight?: Promise<void>;
  lastResult?: QueryResult;
  lastSample?: Sample;
  lastCheckAt?: number;
  nextCheckAt?: number;
  /** When the last query was sent: the next one is due an interval after it, not after the reply. */
  sentAt?: number;
}

/**
 * Each poll comes up to this fraction of the interval early (RFC 4330 asks for random jitter so that many clients
 * do not poll in step), but never sooner than RFC 4330's 15 s floor after the previous one.
 */
const JITTER_FRACTION = 0.1;
const FLOOR_MS = LIMITS.intervalSeconds.min * 1000;

export class Scheduler {
  private entries = new Map<string, Entry>();
  /** Queries still in flight for servers removed from the settings: a server added back waits for its old query. */
  private retiring = new Map<string, Promise<void>>();
  /**
   * When each address (by key) was last queried. Outlives the entry: a server removed and added back by a reload,
   * or by settings saved from the window, keeps its spacing (a SIGHUP storm once sent 50 queries in a second).
   */
  private lastSentAt = new Map<string, number>();
  private settings: Settings;
  private listeners: { [K in keyof Listeners]: Set<Listeners[K]> } = { result: new Set(), transition: new Set() };
  private running = false;
  private isPaused = false;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly timeScale: number;

  constructor(
    checked: CheckedSettings,
    private readonly deps: SchedulerDeps,
  ) {
    this.random = deps.random ?? Math.random;
    this.now = deps.now ?? Date.now;
    this.timeScale = deps.timeScale ?? 1;
    this.settings = checked.settings;
    this.syncEntries(checked.addresses);
  }

  on<K extends keyof Listeners>(event: K, listener: Listeners[K]): () => void {
    this.listeners[event].add(listener);
    return () => this.listeners[event].delete(listener);
  }

  get paused(): boolean {
    return this.isPaused;
  }

  /** Starts polling: every server at once, then each on its own timer. */
  start(): void {
    if (this.running) return;
    this.running = true;
    if (!this.isPaused) for (const entry of this.entries.values()) void this.poll(entry);
  }

  /**
   * Queries every server now (waiting for any query already in flight) and resolves when all have answered.
   * Someone asked for it (the tray's "Check now"), so it runs even while paused, once, and leaves the pause on.
   */
  async checkNow(): Promise<void> {
    await Promise.all([...this.entries.values()].filter((e) => !e.refused).map((e) => this.poll(e)));
  }

  /**
   * Queries one server now, named as its status names it (a pool's member by its own address), and resolves when it
   * has answered: a row's "Check now". Like checkNow it runs while paused; a server that refused us (Kiss-o'-Death)
   * stays unasked until the settings change. False when no server has that name or it refused.
   */
  async checkOne(server: string): Promise<boolean> {
    const entry = [...this.entries.values()].find((e) => e.address.text === server);
    if (!entry || entry.refused) return false;
    await this.poll(entry);
    return true;
  }

  /** Checks every server as soon as the 15 s floor allows, unless paused or stopped: for wake-up and unlock. */
  checkSoon(): void {
    if (!this.running || this.isPaused) return;
    for (const entry of this.entries.values()) if (!entry.refused) this.pollWhenAllowed(entry);
  }

  pause(): void {
    this.isPaused = true;
    for (const entry of this.entries.values()) this.clearTimer(entry);
  }

  /** Resumes and checks soon: time has passed while nobody looked. */
  resume(): void {
    if (!this.isPaused) return;
    this.isPaused = false;
    this.checkSoon();
  }

  /** Applies new settings live: servers that stay keep their state; new ones are checked as soon as the floor allows. */
  update(checked: CheckedSettings): void {
    const { settings } = checked;
    const intervalChanged = settings.intervalSeconds !== this.settings.intervalSeconds;
    // New settings lift a refusal (the user changed something); a pool's new member alone does not.
    const settingsChanged = settings !== this.settings;
    this.settings = settings;
    const added = this.syncEntries(checked.addresses);
    for (const entry of this.entries.values()) {
      entry.machine.reconfigure(this.machineOptions(entry.address));
      if (settingsChanged) entry.refused = false;
      if (added.has(entry)) {
        if (this.running && !this.isPaused) this.pollWhenAllowed(entry);
      } else if (intervalChanged || !entry.timer) {
        entry.backoff = 1;
        if (!entry.inFlight) this.schedule(entry);
      }
    }
  }

  /** Stops every timer and waits for queries in flight (each ends within its timeout). */
  async stop(): Promise<void> {
    this.running = false;
    for (const entry of this.entries.values()) this.clearTimer(entry);
    await Promise.all([...[...this.entries.values()].map((e) => e.inFlight), ...this.retiring.values()]);
  }

  statuses(): ServerStatus[] {
    return [...this.entries.values()].map((entry) => this.statusOf(entry));
  }

  /** A pool given whole is polled by its name; the monitor gives a pool's members instead, once it knows them. */
  private syncEntries(addresses: readonly ServerAddress[]): Set<Entry> {
    const polled = addresses.map((address): PolledAddress => (address.protocol === 'pool' ? poolAsServer(address) : address));
    const wanted = new Map(polled.map((address) => [addressKey(address), address]));
    for (const [key, entry] of this.entries) {
      if (!wanted.has(key)) {
        this.clearTimer(entry);
        this.entries.delete(key);
        if (entry.inFlight) this.retire(key, entry.inFlight);
      }
    }
    const added = new Set<Entry>();
    for (const [key, address] of wanted) {
      const existing = this.entries.get(key);
      if (existing) {
        existing.address = address;
        continue;
      }
      const entry: Entry = { address, machine: new ServerStateMachine(address.text, this.machineOptions(address)), backoff: 1, refused: false };
      this.entries.set(key, entry);
      added.add(entry);
    }
    return added;
  }

  /** The settings' rules for one server: its own thresholds when it has some (settings.serverThresholds; a pool's are its members'). */
  private machineOptions(address: PolledAddress): MachineOptions {
    const { confirm, failuresBeforeUnreachable, maxStratum, maxRootDistanceSeconds } = this.settings;
    return { ...thresholdsFor(this.settings, address.protocol === 'ntp' ? (address.pool ?? address.text) : address.text), confirm, failuresBeforeUnreachable, maxStratum, maxRootDistanceSeconds };
  }

  private retire(key: string, inFlight: Promise<void>): void {
    const done = inFlight.finally(() => {
      if (this.retiring.get(key) === done) this.retiring.delete(key);
    });
    this.retiring.set(key, done);
  }

  private poll(entry: Entry): Promise<void> {
    if (entry.inFlight) return entry.inFlight;
    this.clearTimer(entry);
    const query = () => {
      entry.sentAt = this.now();
      this.rememberSend(entry.address, entry.sentAt);
      return this.deps.query(entry.address, { timeoutMs: this.settings.timeoutMs });
    };
    const retiring = this.retiring.get(addressKey(entry.address));
    entry.inFlight = (retiring ? retiring.then(query) : query())
      .then((result) => this.record(entry, result))
      .finally(() => {
        entry.inFlight = undefined;
        this.schedule(entry);
      });
    return entry.inFlight;
  }

  /** Polls now, or, when this address was queried less than the floor ago, once the floor has passed. */
  private pollWhenAllowed(entry: Entry): void {
    const last = this.lastSentAt.get(addressKey(entry.address));
    const waitMs = last === undefined ? 0 : last + FLOOR_MS * this.timeScale - this.now();
    if (waitMs <= 0 || entry.inFlight) {
      void this.poll(entry);
      return;
    }
    this.clearTimer(entry);
    entry.nextCheckAt = this.now() + waitMs;
    entry.timer = setTimeout(() => void this.poll(entry), waitMs);
  }

  /** Records a send, and forgets sends older than the floor (they no longer hold anything back). */
  private rememberSend(address: PolledAddress, at: number): void {
    for (const [key, sent] of this.lastSentAt) if (sent <= at - FLOOR_MS * this.timeScale) this.lastSentAt.delete(key);
    this.lastSentAt.set(addressKey(address), at);
  }

  private record(entry: Entry, result: QueryResult): void {
    if (!this.isCurrent(entry)) return;
    const knownAt = this.now();
    entry.lastResult = result;
    entry.lastCheckAt = knownAt;
    if (result.ok) entry.lastSample = result.sample;
    else if (isRefusal(result.failure)) entry.refused = true;
    const transition = entry.machine.observe(result, knownAt);
    entry.backoff = nextBackoff(entry.backoff, result, entry.machine.consecutiveFailures, this.settings);
    this.emit('result', { server: entry.address.text, result, status: this.statusOf(entry), knownAt, ...(transition && { transition }) });
    if (transition) this.emit('transition', transition);
  }

  /** A listener that throws (a sink, the tray) must not keep the event from the others nor stop the polling. */
  private emit<K extends keyof Listeners>(event: K, payload: Parameters<Listeners[K]>[0]): void {
    for (const listener of this.listeners[event]) {
      try {
        (listener as (p: typeof payload) => void)(payload);
      } catch (error) {
        console.error(`ntp-monitor: a ${event} listener failed:`, error);
      }
    }
  }

  private schedule(entry: Entry): void {
    this.clearTimer(entry);
    if (!this.running || this.isPaused || entry.refused || !this.isCurrent(entry)) return;
    const intervalMs = this.currentIntervalSeconds(entry) * 1000;
    const dueMs = this.timeScale * Math.max(Math.min(intervalMs, FLOOR_MS), intervalMs * (1 - this.random() * JITTER_FRACTION));
    // Counted from the send, so a change is seen within confirm x interval plus one reply. The clamp keeps a clock
    // step during the query from holding the next poll back.
    const sinceSentMs = Math.min(dueMs, Math.max(0, this.now() - (entry.sentAt ?? this.now())));
    const delayMs = dueMs - sinceSentMs;
    entry.nextCheckAt = this.now() + delayMs;
    entry.timer = setTimeout(() => void this.poll(entry), delayMs);
  }

  private clearTimer(entry: Entry): void {
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = undefined;
    entry.nextCheckAt = undefined;
  }

  private isCurrent(entry: Entry): boolean {
    return this.entries.get(addressKey(entry.address)) === entry;
  }

  private currentIntervalSeconds(entry: Entry): number {
    return this.settings.intervalSeconds * entry.backoff;
  }

  private statusOf(entry: Entry): ServerStatus {
    return {
      server: entry.address.text,
      state: entry.machine.state,
      reason: entry.machine.reason,
      lastResult: entry.lastResult,
      lastSample: entry.lastSample,
      lastCheckAt: entry.lastCheckAt,
      nextCheckAt: entry.nextCheckAt,
      intervalSeconds: this.currentIntervalSeconds(entry),
      refused: entry.refused,
    };
  }
}

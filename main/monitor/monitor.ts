/**
 * One running monitor, the engine both faces share (`ntp-monitor watch` and the desktop app): the scheduler with the
 * per-server state machines, and the listeners fed by it (sinks, tray). The faces keep only their own I/O.
 */
import { resolveLanguage, type Language } from '../i18n/translate.js';
import { addressKey, type ServerAddress } from '../ntp/address.js';
import { createNtsSession, type NtsSession } from '../ntp/nts/session.js';
import type { QueryResult } from '../sample/sample.js';
import { Scheduler, type ServerStatus } from '../scheduler/scheduler.js';
import type { Settings } from '../settings/settings.js';
import type { CheckedSettings } from '../settings/validate.js';
import type { MonitorListener, MonitorView } from './listener.js';

/**
 * Queries one server, with texts in `language`; receives the parsed address, so it chooses per address (queryAny).
 * For an NTS server also the private CA (PEM, if any) and the server's session, kept by the monitor across polls.
 */
export type MonitorQuery = (
  server: ServerAddress,
  options: { timeoutMs: number; language: Language; ca?: string; session?: NtsSession },
) => Promise<QueryResult>;

export interface MonitorOptions {
  query: MonitorQuery;
  /** The operating system's (or the environment's) locale, for the "system" language setting; none means English. */
  locale: string | undefined;
  /** Fed in this order; see MonitorListener. */
  listeners: MonitorListener[];
  /** How long `stop()` waits for queries in flight and listeners closing before it gives up on them (default 3 s). */
  drainCapMs?: number;
  random?: () => number;
}

/**
 * The order `apply` updates things in. The settings first, so that everything after reads the new language and
 * thresholds; the scheduler before the listeners, so that a listener rendering statuses (the tray) or configuring
 * per-server series (metrics) sees the new server list; listeners one after the other, in the order given.
 */
export const APPLY_ORDER = ['settings', 'scheduler', 'listeners'] as const;

export const DEFAULT_DRAIN_CAP_MS = 3_000;

export class Monitor implements MonitorView {
  private checked: CheckedSettings;
  private readonly scheduler: Scheduler;
  private readonly listeners: MonitorListener[];
  private readonly offs: (() => void)[];
  /** Applies run one at a time, in the order asked: a later one never lands under an earlier one. */
  private applying: Promise<void> = Promise.resolve();
  /** One NTS session per NTS server, so that polls spend cookies instead of a key exchange each. */
  private readonly sessions = new Map<string, NtsSession>();

  constructor(
    checked: CheckedSettings,
    private readonly options: MonitorOptions,
  ) {
    this.checked = checked;
    this.listeners = [...options.listeners];
    this.scheduler = new Scheduler(checked, {
      query: (server, q) => options.query(server, { ...q, language: this.language, ...this.ntsOptions(server) }),
      random: options.random,
    });
    this.offs = [
      this.scheduler.on('result', (event) => this.each((l) => l.onResult?.(event, this))),
      this.scheduler.on('transition', (t) => this.each((l) => l.onTransition?.(t, this))),
    ];
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

  /** The language texts are in: the setting, or the locale's when it says "system". */
  get language(): Language {
    return resolveLanguage(this.checked.settings.language, this.options.locale);
  }

  get paused(): boolean {
    return this.scheduler.paused;
  }

  statuses(): ServerStatus[] {
    return this.scheduler.statuses();
  }

  /** Starts polling: every server at once, then each on its own timer. */
  start(): void {
    this.scheduler.start();
  }

  /** Applies new settings live, in APPLY_ORDER; resolves when every listener has taken them. */
  apply(next: CheckedSettings): Promise<void> {
    const run = this.applying.then(async () => {
      this.checked = next;
      this.dropRemovedSessions(next.addresses);
      this.scheduler.update(next);
      for (const listener of this.listeners) await listener.apply?.(next, this.language);
    });
    this.applying = run.catch(() => {});
    return run;
  }

  /** Someone asked (the tray's "Check now"): every server now, even while paused, which then stays paused. */
  checkNow(): Promise<void> {
    return this.scheduler.checkNow();
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
    const drain = (async () => {
      await this.applying;
      await this.scheduler.stop();
      for (const off of this.offs) off();
      await Promise.all(this.listeners.map((l) => l.close?.().catch((error: unknown) => console.error('ntp-monitor: a listener failed to close:', error))));
    })();
    let timer: NodeJS.Timeout | undefined;
    const cap = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), this.options.drainCapMs ?? DEFAULT_DRAIN_CAP_MS)));
    const finished = await Promise.race([drain.then(() => true as const), cap]);
    clearTimeout(timer);
    if (!finished) for (const off of this.offs) off();
    return finished;
  }

  /** The CA and this server's session, for an NTS server; nothing for plain NTP. */
  private ntsOptions(server: ServerAddress): { ca?: string; session?: NtsSession } {
    if (server.protocol !== 'nts') return {};
    const key = addressKey(server);
    let session = this.sessions.get(key);
    if (!session) this.sessions.set(key, (session = createNtsSession()));
    return { session, ...(this.checked.ca !== undefined && { ca: this.checked.ca }) };
  }

  /** A removed server's keys and cookies go with it; one re-added later starts with a fresh key exchange. */
  private dropRemovedSessions(addresses: readonly ServerAddress[]): void {
    const kept = new Set(addresses.map(addressKey));
    for (const key of this.sessions.keys()) if (!kept.has(key)) this.sessions.delete(key);
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

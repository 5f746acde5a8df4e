import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MonitorListener } from '../../main/monitor/listener.js';
import { Monitor, type MonitorQuery } from '../../main/monitor/monitor.js';
import { defaultSettings, type Settings } from '../../main/settings/settings.js';
import { isAlert, type Transition } from '../../main/judging/transition.js';
import { FIXTURE_AT, sampleResult } from '../support/results.js';
import { checked } from '../support/settings.js';

const base: Settings = { ...defaultSettings(['a.test']), intervalSeconds: 60, confirm: 1, daemon: 'none' };

let queried: string[];
const query: MonitorQuery = async (server) => (queried.push(server.text), sampleResult(server, 5));
const monitors: Monitor[] = [];
function monitor(listeners: MonitorListener[], settings = base, drainCapMs?: number): Monitor {
  const m = new Monitor(checked(settings), { query, listeners, drainCapMs, random: () => 0 });
  monitors.push(m);
  return m;
}

beforeEach(() => {
  queried = [];
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(async () => {
  for (const m of monitors.splice(0)) {
    const stopping = m.stop();
    await vi.advanceTimersByTimeAsync(5_000);
    await stopping;
  }
  vi.useRealTimers();
});

describe('Monitor.apply', () => {
  it('updates in that order: a listener sees the new settings and servers; the next waits for it', async () => {
    const seen: string[] = [];
    let releaseFirst!: () => void;
    const m: Monitor = monitor([
      {
        apply: async (next) => {
          seen.push(`first: ${next.settings.servers.join()} ${next.settings.language} | monitor: ${m.settings.servers.join()} ${m.settings.language} | statuses: ${m.statuses().map((s) => s.server).join()}`);
          await new Promise<void>((resolve) => (releaseFirst = resolve));
          seen.push('first done');
        },
      },
      { apply: () => void seen.push('second') },
    ]);
    const applying = m.apply(checked({ ...base, servers: ['b.test', 'c.test'], language: 'en' }));
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual(['first: b.test,c.test en | monitor: b.test,c.test en | statuses: b.test,c.test']);
    releaseFirst();
    await applying;
    expect(seen).toEqual([seen[0], 'first done', 'second']);
  });

  it('runs applies one at a time, in the order asked, so the last settings win', async () => {
    const seen: string[] = [];
    const m = monitor([{ apply: async (next) => (await Promise.resolve(), void seen.push(next.settings.servers.join())) }]);
    await Promise.all([m.apply(checked({ ...base, servers: ['b.test'] })), m.apply(checked({ ...base, servers: ['c.test'] }))]);
    expect(seen).toEqual(['b.test', 'c.test']);
    expect(m.statuses().map((s) => s.server)).toEqual(['c.test']);
  });
});

describe('Monitor events', () => {
  it('feeds each result and transition to every listener, a throwing one included, with the monitor to read from', async () => {
    const results: string[] = [];
    const transitions: string[] = [];
    const m = monitor([
      { onResult: () => { throw new Error('broken listener'); } },
      { onResult: (event, view) => void results.push(`${event.server} ${view.statuses().length}`), onTransition: (t) => void transitions.push(`${t.from}->${t.to}`) },
    ]);
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    await m.checkNow();
    quiet.mockRestore();
    expect(results).toEqual(['a.test 1']);
    expect(transitions).toEqual(['unknown->ok']);
    expect(queried).toEqual(['a.test']);
  });
});

describe('pause', () => {
  it('checkSoon (wake-up, unlock) does not poll a paused monitor; checkNow (the tray) checks once and stays paused', async () => {
    const m = monitor([]);
    m.start();
    await vi.advanceTimersByTimeAsync(100);
    expect(queried).toHaveLength(1);
    m.pause();
    m.checkSoon();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(queried).toHaveLength(1);
    await m.checkNow();
    expect(queried).toHaveLength(2);
    expect(m.paused).toBe(true);
    await vi.advanceTimersByTimeAsync(600_000);
    expect(queried).toHaveLength(2);
  });

  it('checkSoon on a running monitor polls, but not within 15 s of the last query', async () => {
    const m = monitor([]);
    m.start();
    await vi.advanceTimersByTimeAsync(1_000);
    m.checkSoon();
    await vi.advanceTimersByTimeAsync(13_000);
    expect(queried).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(queried).toHaveLength(2);
  });
});

describe('stop', () => {
  it('waits for listeners closing, but no longer than the drain cap', async () => {
    let closed = false;
    const m = new Monitor(checked(base), { query, drainCapMs: 1_000, listeners: [{ close: () => new Promise<void>(() => {}) }, { close: async () => void (closed = true) }] });
    const stopping = m.stop();
    await vi.advanceTimersByTimeAsync(999);
    let done: boolean | undefined;
    void stopping.then((finished) => (done = finished));
    await vi.advanceTimersByTimeAsync(0);
    expect(done).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(false);
    expect(closed).toBe(true);
  });

  it('resolves true when everything drained in time', async () => {
    const m = new Monitor(checked(base), { query, listeners: [{ close: async () => {} }] });
    await expect(m.stop()).resolves.toBe(true);
  });
});

describe('Monitor verdict events (issue 17)', () => {
  /** A monitor over servers with fixed offsets (ms); each answers `answerMs` after the one before it. */
  function fleet(offsets: Record<string, number>, settings: Partial<Settings> = {}) {
    const seen: Transition[] = [];
    const servers = Object.keys(offsets);
    const fake: MonitorQuery = (server) =>
      new Promise((resolve) => setTimeout(() => resolve(sampleResult(server, offsets[server.text]!, Date.now())), 10 * (servers.indexOf(server.text) + 1)));
    const m = new Monitor(checked({ ...base, servers, ...settings }), { query: fake, listeners: [{ onTransition: (t) => void seen.push(t) }], random: () => 0 });
    monitors.push(m);
    return { m, seen };
  }

  it('start-up round with confirm 1: three servers at +2.5 s give ONE alert, about this computer; theirs are folded into it', async () => {
    const { m, seen } = fleet({ 'a.test': 2500, 'b.test': 2500, 'c.test': 2500 });
    m.start();
    await vi.advanceTimersByTimeAsync(100);
    expect(seen.filter(isAlert).map((t) => t.verdict?.reason)).toEqual(['local-clock']);
    expect(seen.filter((t) => !t.verdict).map((t) => [t.server, t.to, t.foldedInto])).toEqual([
      ['a.test', 'critical', 'local-clock'],
      ['b.test', 'critical', 'local-clock'],
      ['c.test', 'critical', 'local-clock'],
    ]);
  });

  it("a server's own change comes before the verdict's about it, and every transition is dated when its result was known, in order", async () => {
    const { m, seen } = fleet({ 'a.test': 0, 'b.test': 0.2, 'c.test': -0.2, 'd.test': 150 });
    m.start();
    await vi.advanceTimersByTimeAsync(100);
    const own = seen.findIndex((t) => t.server === 'd.test' && !t.verdict);
    const mark = seen.findIndex((t) => t.server === 'd.test' && t.verdict?.reason === 'falseticker');
    expect(own).toBeGreaterThanOrEqual(0);
    expect(mark).toBeGreaterThan(own);
    const times = seen.map((t) => t.at);
    expect(times).toEqual([...times].sort((x, y) => x - y));
    expect(Math.min(...times)).toBeGreaterThan(Date.now() - 100);
  });
});

describe('servers switched off (issue 24)', () => {
  it('neither polls nor counts a disabled server, and takes it back when it is switched on again', async () => {
    // The samples are dated FIXTURE_AT: fresh, so that they vote.
    vi.setSystemTime(FIXTURE_AT);
    const servers = ['a.test', 'b.test', 'c.test', 'd.test'];
    const m = monitor([], { ...base, servers, disabledServers: ['b.test'] });
    m.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(queried.map((q) => q.split('/')[0]).sort()).toEqual(['a.test', 'c.test', 'd.test']);
    expect(m.statuses().map((s) => s.server)).toEqual(['a.test', 'c.test', 'd.test']);
    // Three voters, all agreeing: the disabled one is not among them.
    expect(m.verdict()).toMatchObject({ voters: 3, total: 3 });
    // The settings keep it, as written, for the window to show.
    expect(m.settings.servers).toEqual(servers);

    queried = [];
    await m.apply(checked({ ...base, servers, disabledServers: [] }));
    await vi.advanceTimersByTimeAsync(0);
    expect(queried.map((q) => q.split('/')[0])).toContain('b.test');
    expect(m.statuses().map((s) => s.server).sort()).toEqual(servers);
  });
});

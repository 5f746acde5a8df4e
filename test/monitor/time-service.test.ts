/** The time service in a running monitor: one read a round at most, the confirm rule, the refusal back-off, auto's find. */
import { describe, expect, it, vi } from 'vitest';
import type { DaemonRead } from '../../main/timeservice/cross-check.js';
import type { DaemonChoice } from '../../main/timeservice/daemon-option.js';
import type { DaemonView } from '../../main/timeservice/daemon-view.js';
import { REFUSED_BACKOFF_MS, TimeServiceWatch, type TimeServiceChange, type TimeServiceContext } from '../../main/monitor/time-service.js';

const CHRONY = { kind: 'chrony', host: '127.0.0.1', port: 11323, family: 4 } as const;

function view(offsetMs: number): DaemonView {
  return { kind: 'chrony', synchronized: true, source: { address: '192.0.2.1', offsetMs }, stratum: 3, offsetMs, lastOffsetMs: 0, errorBoundMs: 1, lastUpdateAgeSeconds: 2, updateIntervalSeconds: 64 };
}

/** A daemon whose answers the test sets, counting the reads and naming what was asked. */
function fakeDaemon() {
  const state = { read: { ok: true, view: view(0) } as DaemonRead | null, reads: 0, asked: [] as DaemonChoice[] };
  const read = async (choice: DaemonChoice) => {
    state.reads++;
    state.asked.push(choice);
    return state.read && { choice: choice.kind === 'auto' ? CHRONY : (choice as typeof CHRONY), read: state.read };
  };
  return { state, read };
}

const context = (consensusMs: number | null, confirm = 2): TimeServiceContext => ({
  consensus: consensusMs === null ? null : { offsetMs: consensusMs, errorBoundMs: 1, servers: [] },
  agree: consensusMs === null ? 0 : 3,
  thresholds: { warningSeconds: 0.1, criticalSeconds: 1 },
  confirm,
});

function setup(setting = 'chrony=127.0.0.1:11323') {
  const daemon = fakeDaemon();
  const changes: TimeServiceChange[] = [];
  const clock = { now: 1_000_000 };
  const watch = new TimeServiceWatch({ onChange: (c) => changes.push(c), read: daemon.read, now: () => clock.now });
  watch.configure(setting);
  /** One monitor round later, a read chance. */
  const round = async (consensusMs: number | null, confirm = 2) => {
    clock.now += 64_000;
    watch.maybeRead(64, 1000, () => context(consensusMs, confirm));
    await watch.settled();
  };
  return { daemon, changes, clock, watch, round };
}

describe('TimeServiceWatch', () => {
  it('changes its verdict after confirm rounds in a row, with the state it brings', async () => {
    const { daemon, changes, round, watch } = setup();
    await round(0);
    expect(changes).toEqual([]);
    expect(watch.view()).toMatchObject({ verdict: 'unknown', check: { verdict: 'agrees' }, target: '127.0.0.1:11323', agree: 3 });
    await round(0);
    expect(changes).toMatchObject([{ from: 'unknown', to: 'agrees', fromState: 'unknown', state: 'ok', kind: 'chrony' }]);
    // The servers say 2.5 s while the daemon and its source say 0: it follows a falseticker, CRITICAL, after 2 rounds.
    await round(2500);
    expect(changes).toHaveLength(1);
    await round(2500);
    expect(changes[1]).toMatchObject({ from: 'agrees', to: 'follows-falseticker', fromState: 'ok', state: 'critical' });
    expect(changes[1]!.check.sourceFromConsensusMs).toBeCloseTo(-2500);
    expect(daemon.state.reads).toBe(4);
  });

  it('reads at most once a round, and never two at once', async () => {
    const { daemon, clock, watch } = setup();
    for (let i = 0; i < 5; i++) watch.maybeRead(64, 1000, () => context(0));
    await watch.settled();
    clock.now += 63_000;
    watch.maybeRead(64, 1000, () => context(0));
    await watch.settled();
    expect(daemon.state.reads).toBe(1);
    clock.now += 1_000;
    watch.maybeRead(64, 1000, () => context(0));
    await watch.settled();
    expect(daemon.state.reads).toBe(2);
  });

  it('reports a refusal once it is the verdict, then asks again only after the back-off', async () => {
    const { daemon, changes, clock, round } = setup();
    daemon.state.read = { ok: false, failure: { kind: 'refused', how: 'chrony-501' } };
    await round(0);
    await round(0);
    expect(changes).toMatchObject([{ to: 'unreachable', state: 'unknown', check: { failure: { kind: 'refused', how: 'chrony-501' } } }]);
    const reads = daemon.state.reads;
    for (let i = 0; i < 20; i++) await round(0);
    expect(daemon.state.reads).toBe(reads);
    clock.now += REFUSED_BACKOFF_MS;
    daemon.state.read = { ok: true, view: view(0) };
    await round(0);
    await round(0);
    expect(daemon.state.reads).toBe(reads + 2);
    expect(changes.at(-1)).toMatchObject({ from: 'unreachable', to: 'agrees' });
  });

  it('keeps asking a daemon that is not running: it may start any round', async () => {
    const { daemon, round } = setup();
    daemon.state.read = { ok: false, failure: { kind: 'not-running' } };
    for (let i = 0; i < 4; i++) await round(0);
    expect(daemon.state.reads).toBe(4);
  });

  it('under auto, says nothing while none runs, and asks the one it found by name afterwards', async () => {
    const { daemon, changes, round, watch } = setup('auto');
    daemon.state.read = null;
    await round(0);
    expect(watch.view()).toBeNull();
    daemon.state.read = { ok: true, view: view(0) };
    await round(0);
    expect(daemon.state.asked.map((c) => c.kind)).toEqual(['auto', 'auto']);
    await round(0);
    expect(daemon.state.asked.at(-1)).toEqual(CHRONY);
    expect(changes).toMatchObject([{ to: 'agrees' }]);
  });

  it('does not read with none, and starts afresh on a new setting', async () => {
    const { daemon, changes, round, watch } = setup('none');
    await round(0);
    expect(daemon.state.reads).toBe(0);
    watch.configure('chrony=127.0.0.1:11323');
    await round(0, 1);
    expect(changes).toMatchObject([{ from: 'unknown', to: 'agrees' }]);
    watch.configure('chrony=127.0.0.1:11324');
    expect(watch.view()).toBeNull();
    await round(0, 1);
    expect(changes[1]).toMatchObject({ from: 'unknown', to: 'agrees', target: '127.0.0.1:11324' });
  });
});

describe('the time service in a Monitor', () => {
  it('is read after the start-up round, against that round\'s consensus, and its change reaches the listeners', async () => {
    const { Monitor } = await import('../../main/monitor/monitor.js');
    const { defaultSettings } = await import('../../main/settings/settings.js');
    const { checked } = await import('../support/settings.js');
    const { sampleResult } = await import('../support/results.js');
    const daemon = fakeDaemon();
    // The daemon believes the clock is right and follows 192.0.2.1; the three servers say this computer is 2.5 s behind.
    daemon.state.read = { ok: true, view: view(0) };
    const seen: string[] = [];
    const settings = { ...defaultSettings(['a.test', 'b.test', 'c.test']), confirm: 1, daemon: 'chrony=127.0.0.1:11323' };
    const m = new Monitor(checked(settings), {
      query: async (server) => sampleResult(server, 2500, Date.now()),
      listeners: [{ onTimeService: (c, monitor) => void seen.push(`${c.from}->${c.to} ${c.state} ${monitor.timeService()?.verdict}`) }],
      readDaemon: daemon.read,
      random: () => 0,
    });
    await m.checkNow();
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    expect(daemon.state.reads).toBe(1);
    expect(seen).toEqual(['unknown->follows-falseticker critical follows-falseticker']);
    expect(m.timeService()).toMatchObject({ kind: 'chrony', target: '127.0.0.1:11323', agree: 3, check: { differenceMs: 2500 } });
    // A second round within the interval asks the daemon nothing more.
    await m.checkNow();
    await m.stop();
    expect(daemon.state.reads).toBe(1);
  });
});

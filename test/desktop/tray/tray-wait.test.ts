import { describe, expect, it } from 'vitest';
import { statusNotifierState, type StatusNotifierState } from '../../../main/desktop/tray/tray-support.js';
import { runOnBus, startSessionBus } from '../../support/session-bus.js';
import { startWatcher } from '../../support/status-notifier-watcher.js';
import { TRAY_WAIT_MS, TRAY_WAIT_STEP_MS, describeTrayWait, waitForStatusNotifier } from '../../../main/desktop/tray/tray-wait.js';

/** A clock that only moves when the wait sleeps, and a bus whose answers change at given times. */
function session(answers: { from: number; state: StatusNotifierState }[]) {
  let now = 0;
  const asked: number[] = [];
  const ask = async () => {
    asked.push(now);
    return answers.filter((a) => a.from <= now).at(-1)!.state;
  };
  return { ask, asked, options: { now: () => now, sleep: async (ms: number) => void (now += ms) } };
}

describe('waiting for the StatusNotifier watcher and host before the tray is made', () => {
  it('does not wait when they are already there', async () => {
    const s = session([{ from: 0, state: 'ready' }]);
    expect(await waitForStatusNotifier(s.ask, s.options)).toEqual({ state: 'ready', waitedMs: 0 });
    expect(s.asked).toEqual([0]);
  });

  it('waits while the panel starts at login: the watcher first, then its host', async () => {
    const s = session([
      { from: 0, state: 'no-watcher' },
      { from: 2_000, state: 'no-host' },
      { from: 3_200, state: 'ready' },
    ]);
    const wait = await waitForStatusNotifier(s.ask, s.options);
    expect(wait.state).toBe('ready');
    expect(wait.waitedMs).toBeGreaterThanOrEqual(3_200);
    expect(wait.waitedMs).toBeLessThan(3_200 + TRAY_WAIT_STEP_MS);
    expect(describeTrayWait(wait)).toMatch(/^Tray: waited 3\.\d s for the StatusNotifier watcher and host/);
  });

  it('gives up at the limit, not before and not much after, and says what was missing', async () => {
    const s = session([{ from: 0, state: 'no-host' }]);
    const wait = await waitForStatusNotifier(s.ask, s.options);
    expect(wait).toEqual({ state: 'no-host', waitedMs: TRAY_WAIT_MS });
    expect(s.asked).toHaveLength(TRAY_WAIT_MS / TRAY_WAIT_STEP_MS + 1);
    expect(describeTrayWait(wait)).toBe(
      'Tray: a StatusNotifierWatcher without a registered host after 15.0 s; the tray is made anyway (it shows only where an XEmbed tray takes the fallback icon).',
    );
  });

  it('does not wait when nobody can ask', async () => {
    const s = session([{ from: 0, state: 'cannot-ask' }]);
    const wait = await waitForStatusNotifier(s.ask, s.options);
    expect(wait).toEqual({ state: 'cannot-ask', waitedMs: 0 });
    expect(describeTrayWait(wait)).toMatch(/could not be asked/);
    expect(describeTrayWait({ state: 'ready', waitedMs: 0 })).toBeUndefined();
  });

  it.runIf(process.platform === 'linux')('on a real private bus: returns once a panel registers its watcher and then its host', async () => {
    const bus = await startSessionBus();
    try {
      const panel = setTimeout(async () => {
        const watcher = await startWatcher(bus, false);
        setTimeout(() => watcher.setHost(true), 300);
      }, 300);
      const started = Date.now();
      const wait = await waitForStatusNotifier(() => statusNotifierState(runOnBus(bus.address)), { stepMs: 100 });
      clearTimeout(panel);
      expect(wait.state).toBe('ready');
      expect(wait.waitedMs).toBeGreaterThanOrEqual(600);
      expect(Date.now() - started).toBeLessThan(TRAY_WAIT_MS);
    } finally {
      await bus.stop();
    }
  });
});

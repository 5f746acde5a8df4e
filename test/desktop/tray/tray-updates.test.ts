import { describe, expect, it } from 'vitest';
import { MENU_OPEN_MAX_MS, MIN_INTERVAL_MS, TrayUpdates, type UpdateClock } from '../../../main/desktop/tray/tray-updates.js';

/** A hand-driven clock: `advance` runs the timers that come due, in order. */
function fakeClock() {
  let now = 1_000_000;
  let timers: { at: number; run: () => void }[] = [];
  const clock: UpdateClock = {
    now: () => now,
    setTimeout: (run, ms) => {
      const timer = { at: now + ms, run };
      timers.push(timer);
      return timer;
    },
    clearTimeout: (handle) => void (timers = timers.filter((t) => t !== handle)),
  };
  const advance = (ms: number) => {
    const end = now + ms;
    for (let due = timers.sort((a, b) => a.at - b.at)[0]; due && due.at <= end; due = timers.sort((a, b) => a.at - b.at)[0]) {
      timers = timers.filter((t) => t !== due);
      now = due.at;
      due.run();
    }
    now = end;
  };
  return { clock, advance, pending: () => timers.length };
}

function setup() {
  const fake = fakeClock();
  const renders: boolean[] = [];
  const updates = new TrayUpdates((withMenu) => renders.push(withMenu), fake.clock);
  return { ...fake, renders, updates };
}

describe('tray updates', () => {
  it('draws the first request at once, then one trailing draw for a burst of 50 results', () => {
    const { updates, renders, advance } = setup();
    updates.request();
    expect(renders).toEqual([true]);
    for (let i = 0; i < 50; i++) updates.request();
    expect(renders).toEqual([true]);
    advance(MIN_INTERVAL_MS);
    expect(renders).toEqual([true, true]);
    advance(10 * MIN_INTERVAL_MS);
    expect(renders).toHaveLength(2);
  });

  it('never draws more than once per interval under a steady stream', () => {
    const { updates, renders, advance } = setup();
    for (let ms = 0; ms < 10_000; ms += 10) {
      updates.request();
      advance(10);
    }
    expect(renders.length).toBeGreaterThan(10_000 / MIN_INTERVAL_MS - 2);
    expect(renders.length).toBeLessThanOrEqual(10_000 / MIN_INTERVAL_MS + 1);
  });

  it('keeps the menu as it is while open and applies the change when it closes', () => {
    const { updates, renders, advance } = setup();
    updates.menuWillShow();
    updates.request();
    expect(renders).toEqual([false]);
    advance(MIN_INTERVAL_MS);
    updates.menuWillClose();
    expect(renders).toEqual([false, true]);
    updates.menuWillShow();
    updates.menuWillClose();
    expect(renders).toEqual([false, true]);
  });

  it('takes a menu "open" for longer than the cap as closed, so the menu cannot freeze', () => {
    const { updates, renders, advance } = setup();
    updates.menuWillShow();
    advance(MENU_OPEN_MAX_MS);
    updates.request();
    expect(renders).toEqual([true]);
  });

  it('drops its timer when disposed', () => {
    const { updates, renders, advance, pending } = setup();
    updates.request();
    updates.request();
    expect(pending()).toBe(1);
    updates.dispose();
    expect(pending()).toBe(0);
    advance(MIN_INTERVAL_MS);
    expect(renders).toEqual([true]);
  });
});

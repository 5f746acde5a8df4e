import { describe, expect, it } from 'vitest';
import { shownState, worstState, type ServerState } from '../../main/judging/server-state.js';

describe('worstState', () => {
  it('orders critical, unreachable, warning, unknown, ok (the tray colour and the check exit status follow it)', () => {
    expect(worstState(['ok', 'critical', 'unreachable'])).toBe('critical');
    expect(worstState(['ok', 'unreachable', 'warning'])).toBe('unreachable');
    expect(worstState(['unknown', 'warning', 'ok'])).toBe('warning');
    expect(worstState(['ok', 'unknown'])).toBe('unknown');
    expect(worstState(['ok', 'ok'])).toBe('ok');
  });

  it('says unknown when there is nothing to judge', () => {
    expect(worstState([])).toBe('unknown');
  });
});

describe('shownState', () => {
  it('a confirmed falseticker is WARNING whatever its offset state; a failure or no answer yet stays what it is', () => {
    expect(['ok', 'warning', 'critical', 'unknown', 'unreachable'].map((own) => shownState(own as ServerState, true))).toEqual(['warning', 'warning', 'warning', 'unknown', 'unreachable']);
    for (const own of ['ok', 'warning', 'critical', 'unknown', 'unreachable'] as const) expect(shownState(own, false)).toBe(own);
  });
});

import { describe, expect, it } from 'vitest';
import { worstState } from '../../main/judging/server-state.js';

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

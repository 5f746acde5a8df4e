/** The status line's performance data: labels quoted and escaped so that any server name parses. */
import { describe, expect, it } from 'vitest';
import { perfLabel } from '../../main/cli/check-report.js';

describe('perfLabel', () => {
  it('quotes, doubles a quote, and replaces = and control characters', () => {
    expect(perfLabel('offset_127.0.0.1:123')).toBe("'offset_127.0.0.1:123'");
    expect(perfLabel("offset_o'brien")).toBe("'offset_o''brien'");
    expect(perfLabel('offset_a=b')).toBe("'offset_a_b'");
    expect(perfLabel('offset_a\nb')).not.toMatch(/\n/);
  });
});

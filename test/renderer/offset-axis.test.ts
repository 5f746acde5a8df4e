/** The offset chart's labels: both sides of zero carry one, whatever uPlot's step. */
import { describe, expect, it } from 'vitest';
import { offsetLabel, offsetSplits } from '../../renderer/offset-axis.js';

describe('offset axis', () => {
  it('labels the negative side with the warning threshold when the step leaves it bare', () => {
    // The status window's day: -57.5 to +290 ms in steps of 100, warning at 50 ms.
    expect(offsetSplits(-57.5, 290, 100, 50)).toEqual([-50, 0, 100, 200]);
    expect(offsetSplits(-290, 57.5, 100, 50)).toEqual([-200, -100, 0, 50]);
  });

  it('adds nothing where a side already has labels, or where the threshold is off the scale', () => {
    expect(offsetSplits(-60, 60, 20, 50)).toEqual([-60, -40, -20, 0, 20, 40, 60]);
    expect(offsetSplits(0.5, 290, 100, 50)).toEqual([100, 200]);
    expect(offsetSplits(-0.3, 0.3, 0.1, 50)).toEqual([-0.3, -0.2, -0.1, 0, 0.1, 0.2, 0.3]);
  });

  it('writes a plus on the server-ahead side', () => {
    expect([-50, 0, 100].map(offsetLabel)).toEqual(['-50', '0', '+100']);
  });
});

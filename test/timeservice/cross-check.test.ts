/** The daemon against the consensus: each verdict from plain data, chrony's signs normalised, and the confirm rule over rounds. */
import { describe, expect, it } from 'vitest';
import type { ChronyReport } from '../../main/timeservice/chrony-reader.js';
import type { ChronyTracking } from '../../main/timeservice/chrony-reports.js';
import { crossCheck, DaemonVerdictMachine, STALE_INTERVALS, type ConsensusView, type DaemonRead } from '../../main/timeservice/cross-check.js';
import { chronyView, type DaemonView } from '../../main/timeservice/daemon-view.js';

const thresholds = { warningSeconds: 0.1, criticalSeconds: 1 };
const NOW = 1_800_000_000_000;

function tracking(overrides: Partial<ChronyTracking> = {}): ChronyTracking {
  return {
    refId: 0x7f000001, address: '127.0.0.1', stratum: 4, leap: 0, refTimeMs: NOW - 2000,
    currentCorrectionS: 0, lastOffsetS: 0, rmsOffsetS: 0, freqPpm: 0, residFreqPpm: 0, skewPpm: 0,
    rootDelayS: 0.002, rootDispersionS: 0.001, lastUpdateIntervalS: 4, ...overrides,
  };
}

/** A chronyd report following 127.0.0.1, whose last measurement of it is `sourceLatestMeasS` (chrony's sign). */
function report(t: Partial<ChronyTracking> = {}, sourceLatestMeasS = 0): ChronyReport {
  const source = { address: '127.0.0.1', poll: 2, stratum: 3, state: 'selected' as const, mode: 'server' as const, reachability: 255, sinceSampleS: 1, latestMeasS: sourceLatestMeasS, latestMeasErrS: 0.0001 };
  return { tracking: tracking(t), sources: [{ source, stats: null }], truncated: false };
}

const view = (t: Partial<ChronyTracking> = {}, meas = 0): DaemonRead => ({ ok: true, view: chronyView(report(t, meas), NOW) });

function consensus(offsetMs: number, servers: ConsensusView['servers'] = []): ConsensusView {
  return { offsetMs, errorBoundMs: 5, servers };
}

describe('chronyView: chrony\'s signs in ours', () => {
  it('takes "System time slow" as this computer behind, "Last offset" negated, a source against the system clock', () => {
    const v: DaemonView = chronyView(report({ currentCorrectionS: 0.25, lastOffsetS: -2.5 }, -2.5), NOW);
    expect(v.offsetMs).toBeCloseTo(250);
    expect(v.lastOffsetMs).toBeCloseTo(2500);
    // Measured 2.5 s ahead of chrony's time, which is itself 0.25 s ahead of this computer's clock.
    expect(v.source!.offsetMs).toBeCloseTo(2750);
    expect(v.errorBoundMs).toBeCloseTo(1 + 1);
    expect(v.lastUpdateAgeSeconds).toBeCloseTo(2);
    expect(v.updateIntervalSeconds).toBe(4);
    expect(v.synchronized).toBe(true);
  });

  it('is not synchronised at leap 3 or without a reference, and has no age before its first update', () => {
    expect(chronyView(report({ leap: 3 }), NOW).synchronized).toBe(false);
    expect(chronyView(report({ refId: 0 }), NOW).synchronized).toBe(false);
    expect(chronyView(report({ refTimeMs: null }), NOW).lastUpdateAgeSeconds).toBeNull();
  });
});

describe('crossCheck', () => {
  it('agrees when the belief is within the bounds of the consensus', () => {
    const c = crossCheck(view({ currentCorrectionS: 0.001 }), consensus(3), thresholds);
    expect(c).toMatchObject({ verdict: 'agrees', state: 'ok', followed: null });
    expect(c.differenceMs).toBeCloseTo(2);
  });

  it('disagrees beyond both bounds and the warning threshold, graded by the thresholds', () => {
    // Its source agrees with the servers (measured 2.5 s ahead), yet the daemon believes the clock is right: it
    // cannot correct the clock, or does not know it should.
    expect(crossCheck(view({}, -2.5), consensus(2500), thresholds)).toMatchObject({ verdict: 'disagrees', state: 'critical', differenceMs: 2500 });
    expect(crossCheck(view({}, -0.3), consensus(300), thresholds)).toMatchObject({ verdict: 'disagrees', state: 'warning' });
  });

  it('does not disagree under the warning threshold, nor within the daemon\'s own error bound', () => {
    expect(crossCheck(view(), consensus(60), thresholds).verdict).toBe('agrees');
    expect(crossCheck(view({ rootDispersionS: 0.5 }), consensus(300), thresholds).verdict).toBe('agrees');
  });

  it('follows a falseticker: its source is a server the consensus rejected, matched by address and offset', () => {
    const servers = [
      { server: '127.0.0.1:1001', address: '127.0.0.1', offsetMs: 0.1, falseticker: false },
      { server: '127.0.0.1:1002', address: '127.0.0.1', offsetMs: 2500.2, falseticker: true },
      { server: '127.0.0.1:1003', address: '127.0.0.1', offsetMs: -0.1, falseticker: false },
    ];
    // chronyd's -x case: System time ~0 (it believes it corrected), Last offset -2.5 s, its source measured +2.5 s.
    const c = crossCheck(view({ lastOffsetS: -2.5 }, -2.5), consensus(0, servers), thresholds);
    expect(c).toMatchObject({ verdict: 'follows-falseticker', state: 'critical', followed: '127.0.0.1:1002' });
    expect(c.sourceFromConsensusMs).toBeCloseTo(2500.2);
    // The same daemon following an honest one is fine (which of the two honest ones, nobody can tell).
    expect(crossCheck(view({}, -0.0001), consensus(0, servers), thresholds)).toMatchObject({ verdict: 'agrees', followed: null });
  });

  it('names no server when several at its address are as near its measurement, and judges by that measurement', () => {
    const servers = [1001, 1002].map((port) => ({ server: `127.0.0.1:${port}`, address: '127.0.0.1', offsetMs: 0.2, falseticker: false }));
    expect(crossCheck(view({}, 0), consensus(0, servers), thresholds)).toMatchObject({ verdict: 'agrees', followed: null });
  });

  it('follows a falseticker we do not watch when its own measurement of the source is beyond the bounds', () => {
    const c = crossCheck(view({}, -0.3), consensus(0), thresholds);
    expect(c).toMatchObject({ verdict: 'follows-falseticker', state: 'warning', followed: null });
  });

  it('is not synchronised, stale after its intervals, unreachable with the reason, unchecked without a consensus', () => {
    expect(crossCheck(view({ leap: 3 }), consensus(0), thresholds)).toMatchObject({ verdict: 'not-synchronized', state: 'warning' });
    const old = NOW - (STALE_INTERVALS * 4 + 1) * 1000;
    expect(crossCheck(view({ refTimeMs: old }), consensus(0), thresholds)).toMatchObject({ verdict: 'stale', state: 'warning' });
    expect(crossCheck(view({ refTimeMs: NOW - STALE_INTERVALS * 4 * 1000 + 1000 }), consensus(0), thresholds).verdict).toBe('agrees');
    expect(crossCheck({ ok: false, failure: { kind: 'refused', how: 'chrony-501' } }, consensus(0), thresholds)).toMatchObject({ verdict: 'unreachable', state: 'unknown', failure: { kind: 'refused', how: 'chrony-501' } });
    expect(crossCheck(view(), null, thresholds)).toMatchObject({ verdict: 'unchecked', state: 'ok' });
  });
});

describe('DaemonVerdictMachine', () => {
  it('changes its verdict only after `confirm` rounds in a row, and a round back forgets the half-confirmed change', () => {
    const machine = new DaemonVerdictMachine();
    const agrees = crossCheck(view(), consensus(0), thresholds);
    const disagrees = crossCheck(view({}, -2.5), consensus(2500), thresholds);
    expect(machine.observe(agrees, 2)).toBeNull();
    expect(machine.observe(agrees, 2)).toEqual({ from: 'unknown', to: 'agrees' });
    expect(machine.observe(disagrees, 2)).toBeNull();
    expect(machine.observe(agrees, 2)).toBeNull();
    expect(machine.observe(disagrees, 2)).toBeNull();
    expect(machine.verdict).toBe('agrees');
    expect(machine.observe(disagrees, 2)).toEqual({ from: 'agrees', to: 'disagrees' });
  });
});

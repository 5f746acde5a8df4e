import { describe, expect, it } from 'vitest';
import type { QueryResult } from '../../main/ntp/result.js';
import { ServerStateMachine, type MachineOptions } from '../../main/judging/machine.js';
import type { ServerState } from '../../main/judging/server-state.js';
import { failureResult, sampleResult } from '../support/results.js';

const defaults: MachineOptions = { warningSeconds: 0.1, criticalSeconds: 1, confirm: 2, failuresBeforeUnreachable: 3 };

/** Feeds results and returns the state after each, plus every transition. */
function run(results: QueryResult[], options: Partial<MachineOptions> = {}) {
  const machine = new ServerStateMachine('ntp.test', { ...defaults, ...options });
  const states: ServerState[] = [];
  const transitions = results.flatMap((r) => {
    const t = machine.observe(r);
    states.push(machine.state);
    return t ? [t] : [];
  });
  return { machine, states, transitions };
}

const ok = sampleResult('ntp.test', 5);
const warn = sampleResult('ntp.test', -150);
const crit = sampleResult('ntp.test', 2500);
const timeout = failureResult('ntp.test', 'timeout');

describe('ServerStateMachine', () => {
  it('starts unknown and needs `confirm` agreeing samples to change', () => {
    expect(run([ok, ok, ok]).states).toEqual(['unknown', 'ok', 'ok']);
    expect(run([ok], { confirm: 1 }).states).toEqual(['ok']);
  });

  it('compares |offset|: a clock behind alarms like one ahead', () => {
    expect(run([sampleResult('ntp.test', -2000), sampleResult('ntp.test', -2000)]).states.at(-1)).toBe('critical');
    expect(run([sampleResult('ntp.test', 150), sampleResult('ntp.test', -150)]).states.at(-1)).toBe('warning');
  });

  it('does not flap on a single spike, and recovers only after `confirm` good samples', () => {
    expect(run([ok, ok, crit, ok, ok]).states).toEqual(['unknown', 'ok', 'ok', 'ok', 'ok']);
    const r = run([ok, ok, crit, crit, ok, ok]);
    expect(r.states).toEqual(['unknown', 'ok', 'ok', 'critical', 'critical', 'ok']);
    expect(r.transitions.map((t) => [t.from, t.to, t.thresholdSeconds])).toEqual([
      ['unknown', 'ok', undefined],
      ['ok', 'critical', 1],
      ['critical', 'ok', 0.1],
    ]);
  });

  it('changes only once the same new state is seen `confirm` times in a row', () => {
    expect(run([ok, ok, warn, crit, warn, warn]).states).toEqual(['unknown', 'ok', 'ok', 'ok', 'ok', 'warning']);
    expect(run([ok, ok, warn, warn, warn], { confirm: 3 }).states.at(-1)).toBe('warning');
  });

  it('emits no event while the state stays', () => {
    expect(run([ok, ok, ok, ok, ok, ok]).transitions).toHaveLength(1);
  });

  it('goes unreachable after `failuresBeforeUnreachable` consecutive failures, with the reason', () => {
    const r = run([ok, ok, timeout, timeout, timeout, timeout]);
    expect(r.states).toEqual(['unknown', 'ok', 'ok', 'ok', 'unreachable', 'unreachable']);
    const t = r.transitions.at(-1)!;
    expect([t.from, t.to, t.failure?.kind]).toEqual(['ok', 'unreachable', 'timeout']);
    expect(r.machine.reason?.kind).toBe('timeout');
  });

  it.each(['nts-ke', 'nts-auth'] as const)('counts NTS failures (%s) towards unreachable like any server failure, with the reason', (kind) => {
    const nts = failureResult('ntp.test', kind);
    const r = run([ok, ok, nts, nts, nts]);
    expect(r.states).toEqual(['unknown', 'ok', 'ok', 'ok', 'unreachable']);
    expect(r.transitions.at(-1)!.failure?.kind).toBe(kind);
  });

  it('a good reply in between resets the failure count', () => {
    expect(run([ok, ok, timeout, timeout, ok, timeout, timeout]).states.at(-1)).toBe('ok');
  });

  it('reports unsynchronized and Kiss-o\'-Death as the reason, never as an offset', () => {
    const unsync = failureResult('ntp.test', 'unsynchronized');
    const r = run([unsync, unsync, unsync]);
    expect(r.states.at(-1)).toBe('unreachable');
    expect(r.transitions[0]!.failure?.kind).toBe('unsynchronized');
    expect(r.transitions[0]!.sample).toBeUndefined();
  });

  it('DENY and RSTR make the server unreachable at once', () => {
    for (const code of ['DENY', 'RSTR']) {
      const r = run([ok, ok, failureResult('ntp.test', 'kod', code)]);
      expect(r.states.at(-1)).toBe('unreachable');
      expect(r.machine.reason).toMatchObject({ kind: 'kod', code });
    }
  });

  it('RATE alone is a failure like any other (the scheduler backs off)', () => {
    expect(run([ok, ok, failureResult('ntp.test', 'kod', 'RATE')]).states.at(-1)).toBe('ok');
  });

  it('recovers from unreachable after `confirm` samples, to the state the offset calls for', () => {
    const r = run([timeout, timeout, timeout, warn, warn]);
    expect(r.states).toEqual(['unknown', 'unknown', 'unreachable', 'unreachable', 'warning']);
    expect(r.transitions.map((t) => t.to)).toEqual(['unreachable', 'warning']);
  });

  it('a failure does not break a run of agreeing samples', () => {
    expect(run([ok, ok, crit, timeout, crit]).states.at(-1)).toBe('critical');
  });

  it('a local failure (this computer out of descriptors) never counts towards unreachable nor changes the state', () => {
    const local = failureResult('ntp.test', 'local', 'EMFILE');
    const many = Array.from({ length: 10 }, () => local);
    expect(run(many).states.every((s) => s === 'unknown')).toBe(true);
    const r = run([ok, ok, ...many]);
    expect(r.states.at(-1)).toBe('ok');
    expect(r.transitions.map((t) => t.to)).toEqual(['ok']);
    expect(r.machine.consecutiveFailures).toBe(0);
    // Two real failures, local ones between them, then a third: unreachable only at the third real one.
    const mixed = run([ok, ok, timeout, local, local, timeout, local, timeout]);
    expect(mixed.states).toEqual(['unknown', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'unreachable']);
    expect(mixed.machine.reason?.kind).toBe('timeout');
  });

  it('a local failure neither breaks nor extends a run of agreeing samples', () => {
    const local = failureResult('ntp.test', 'local', 'ENOBUFS');
    expect(run([ok, ok, crit, local, crit]).states.at(-1)).toBe('critical');
    expect(run([ok, ok, crit, local]).states.at(-1)).toBe('ok');
  });

  it('while unreachable, a local failure does not replace the reason', () => {
    const r = run([timeout, timeout, timeout, failureResult('ntp.test', 'local', 'EMFILE')]);
    expect(r.states.at(-1)).toBe('unreachable');
    expect(r.machine.reason?.kind).toBe('timeout');
  });

  it('applies new thresholds live', () => {
    const r = run([warn, warn]);
    expect(r.machine.state).toBe('warning');
    r.machine.reconfigure({ ...defaults, warningSeconds: 0.2 });
    r.machine.observe(warn);
    expect(r.machine.observe(warn)?.to).toBe('ok');
  });
});

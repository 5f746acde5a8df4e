/** The verdict machines as units: this computer's clock with the confirm rule, falsetickers, leap seconds, folding. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClockVerdict, type Voter } from '../../main/consensus/clock-verdict.js';
import type { Sample } from '../../main/ntp/result.js';
import type { Transition } from '../../main/judging/transition.js';
import { isAlert } from '../../main/judging/transition.js';
import { describeTransition } from '../../main/i18n/describe.js';

const thresholds = { warningSeconds: 0.1, criticalSeconds: 1 };
const servers = ['a', 'b', 'c', 'd'];

function voter(server: string, offsetMs: number, leap = 0): Voter {
  const sample: Sample = {
    server, host: '127.0.0.1', port: 123, address: '127.0.0.1', offsetMs, delayMs: 1, stratum: 2, leap, version: 4, refId: 'GPS',
    rootDelayMs: 1, rootDispersionMs: 1, precision: -20, at: 1_000, jitterMs: 0, samples: 1,
  };
  return { server, sample, jitterMs: 0 };
}

/** One evaluation per server, in order, as results arrive in a poll round; returns every transition. */
function round(machine: ClockVerdict, offsets: number[], leap = 0): Transition[] {
  const voters = offsets.map((offset, i) => voter(servers[i]!, offset, leap));
  return servers.slice(0, offsets.length).flatMap((from) => machine.observe({ voters, servers, from, thresholds, confirm: 2, at: 1_000 }));
}

describe('ClockVerdict: this computer', () => {
  it('stays unknown and gives no verdict with fewer than 3 voters', () => {
    const machine = new ClockVerdict();
    const voters = [voter('a', 2500), voter('b', 2500)];
    for (let i = 0; i < 5; i++) expect(machine.observe({ voters, servers, from: 'a', thresholds, confirm: 2, at: 1 })).toEqual([]);
    expect(machine.view()).toMatchObject({ state: 'unknown', consensusOffsetMs: null, voters: 2, total: 4, agree: 0 });
  });

  it('needs `confirm` ROUNDS in a row (not results), then says ONE alarm: behind 4 of 4 servers, CRITICAL', () => {
    const machine = new ClockVerdict();
    // Results 3 and 4 of the first round are two verdicts but one round: no confirmation yet (issue 17).
    const firstRound = [voter('a', 2500), voter('b', 2500), voter('c', 2500)];
    expect(servers.slice(0, 3).flatMap((from) => machine.observe({ voters: firstRound, servers, from, thresholds, confirm: 2, at: 1 }))).toEqual([]);
    expect(machine.observe({ voters: [...firstRound, voter('d', 2500)], servers, from: 'd', thresholds, confirm: 2, at: 1 })).toEqual([]);
    expect(machine.view().state).toBe('unknown');
    const changes = round(machine, [2500, 2500, 2500, 2500]).filter((t) => t.verdict?.reason === 'local-clock');
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ server: '', from: 'unknown', to: 'critical', thresholdSeconds: 1, verdict: { agree: 4, total: 4 } });
    expect(describeTransition(changes[0]!, 'en').body).toBe('This computer is 2.500 s behind (4 of 4 servers agree), beyond the 1 s threshold: CRITICAL.');
    expect(describeTransition(changes[0]!, 'zh-CN').body).toBe('本机慢 2.500 s（4 台服务器中 4 台一致），超过 1 s 阈值：严重。');
    expect(machine.view()).toMatchObject({ state: 'critical', agree: 4, voters: 4 });
    expect(machine.view().consensusOffsetMs).toBeCloseTo(2500, 6);
  });

  it('counts rounds the same with 3, 5 or 8 servers: confirm = 3 alarms at the end of the third round, not before', () => {
    for (const count of [3, 5, 8]) {
      const names = Array.from({ length: count }, (_, i) => `s${i}`);
      const voters = names.map((name) => voter(name, 2500));
      const machine = new ClockVerdict();
      const alarmsAfter = [1, 2, 3].map(() =>
        names.flatMap((from) => machine.observe({ voters, servers: names, from, thresholds, confirm: 3, at: 1 })).filter((t) => t.verdict?.reason === 'local-clock').length,
      );
      expect(alarmsAfter, `${count} servers`).toEqual([0, 0, 1]);
    }
  });

  it('recovers with the same rule, naming the threshold it is back within', () => {
    const machine = new ClockVerdict();
    round(machine, [-300, -300, -300, -300]);
    round(machine, [-300, -300, -300, -300]);
    expect(machine.view().state).toBe('warning');
    expect(round(machine, [0.2, 0.3, 0.1, 0.2]).filter((t) => t.verdict?.reason === 'local-clock')).toEqual([]);
    const back = round(machine, [0.2, 0.3, 0.1, 0.2]).filter((t) => t.verdict?.reason === 'local-clock');
    expect(back).toHaveLength(1);
    expect(back[0]).toMatchObject({ from: 'warning', to: 'ok', thresholdSeconds: 0.1 });
    expect(describeTransition(back[0]!, 'en').body).toMatch(/^This computer is (on time|0\.\d{3} ms behind) \(4 of 4 servers agree\), back within the 0\.1 s threshold: OK\.$/);
    expect(isAlert(back[0]!)).toBe(true);
  });

  it('a verdict that is lost (no majority) keeps the state and forgets a half-confirmed change', () => {
    const machine = new ClockVerdict();
    round(machine, [0, 0, 0, 0]);
    round(machine, [0, 0, 0, 0]);
    expect(machine.view().state).toBe('ok');
    for (const from of ['a', 'b', 'c']) machine.observe({ voters: [voter('a', 2500), voter('b', 2500), voter('c', 2500)], servers, from, thresholds, confirm: 2, at: 1 });
    machine.observe({ voters: [voter('a', 0), voter('b', 2500), voter('c', -2500)], servers, from: 'a', thresholds, confirm: 2, at: 1 });
    expect(machine.view()).toMatchObject({ state: 'ok', consensusOffsetMs: null });
    // The half-confirmed alarm was forgotten: one more +2.5 s round is not yet enough.
    expect(['a', 'b', 'c'].flatMap((from) => machine.observe({ voters: [voter('a', 2500), voter('b', 2500), voter('c', 2500)], servers, from, thresholds, confirm: 2, at: 1 }))).toEqual([]);
  });
});

describe('ClockVerdict: falsetickers and leap seconds', () => {
  it('marks a server that disagrees after `confirm` of its own samples, once, and its recovery', () => {
    const machine = new ClockVerdict();
    const first = round(machine, [0, 0.5, -0.3, 150]);
    expect(first.filter((t) => t.verdict?.reason === 'falseticker')).toEqual([]);
    const second = round(machine, [0, 0.5, -0.3, 150]).filter((t) => t.verdict?.reason === 'falseticker');
    expect(second).toHaveLength(1);
    expect(second[0]).toMatchObject({ server: 'd', from: 'ok', to: 'warning' });
    expect(describeTransition(second[0]!, 'en').body).toMatch(/^d disagrees with the other servers: it is 1[45]\d\.\d ms ahead of their consensus; their consensus is used instead\.$/);
    expect(round(machine, [0, 0.5, -0.3, 150])).toEqual([]);
    expect(machine.view().falsetickers).toEqual(['d']);
    round(machine, [0, 0.5, -0.3, 0.1]);
    const back = round(machine, [0, 0.5, -0.3, 0.1]);
    expect(back.map((t) => [t.server, t.to, t.verdict?.reason])).toEqual([['d', 'ok', 'falseticker']]);
    expect(describeTransition(back[0]!, 'zh-CN').title).toBe('d：重新一致');
    expect(machine.view().falsetickers).toEqual([]);
  });

  it('alerts a leap second announced by a majority once, and its end quietly', () => {
    const machine = new ClockVerdict();
    expect(round(machine, [0, 0, 0, 0], 1).filter((t) => t.verdict?.reason === 'leap')).toEqual([]);
    const announced = round(machine, [0, 0, 0, 0], 1).filter((t) => t.verdict?.reason === 'leap');
    expect(announced).toHaveLength(1);
    expect(isAlert(announced[0]!)).toBe(true);
    expect(describeTransition(announced[0]!, 'en').body).toBe('4 of 4 servers announce a leap second: one second is inserted at the end of this month (UTC).');
    expect(round(machine, [0, 0, 0, 0], 1)).toEqual([]);
    expect(machine.view().leap).toBe(1);
    round(machine, [0, 0, 0, 0], 0);
    const ended = round(machine, [0, 0, 0, 0], 0).filter((t) => t.verdict?.reason === 'leap');
    expect(ended).toHaveLength(1);
    expect(isAlert(ended[0]!)).toBe(false);
  });
});

describe('ClockVerdict.fold', () => {
  const offsetChange = (server: string, to: 'ok' | 'critical', offsetMs: number): Transition => ({
    server, from: to === 'ok' ? 'critical' : 'unknown', to, at: 1, sample: voter(server, offsetMs).sample, thresholdSeconds: 1,
  });

  it('folds truechimers\' offset alarms into the local-clock alarm, and their recoveries, but never failures', () => {
    const machine = new ClockVerdict();
    round(machine, [2500, 2500, 2500, 2500]);
    const alarm = machine.fold(offsetChange('a', 'critical', 2500));
    expect(alarm.foldedInto).toBe('local-clock');
    expect(isAlert(alarm)).toBe(false);
    round(machine, [0, 0, 0, 0]);
    expect(machine.fold(offsetChange('a', 'ok', 0)).foldedInto).toBe('local-clock');
    expect(machine.fold(offsetChange('b', 'ok', 0)).foldedInto).toBeUndefined();
    const failure: Transition = { server: 'c', from: 'critical', to: 'unreachable', at: 1, failure: { kind: 'timeout', server: 'c', at: 1 } };
    expect(machine.fold(failure)).toBe(failure);
  });

  it('folds a falseticker\'s own offset alarm into its falseticker alarm; with all well nothing is folded', () => {
    const machine = new ClockVerdict();
    round(machine, [0, 0.5, -0.3, 150]);
    expect(machine.fold({ ...offsetChange('d', 'critical', 150), to: 'warning' }).foldedInto).toBe('falseticker');
    expect(machine.fold({ ...offsetChange('a', 'critical', 0), to: 'warning' }).foldedInto).toBeUndefined();
  });
});

describe('ClockVerdict: a minority that alternates cannot raise an alarm about this computer', () => {
  it('honest majority at 0 with liars switching sides every round: this computer stays OK, with confirm 1 too', () => {
    const liar = fc.record({ a: fc.double({ min: -5000, max: 5000, noNaN: true }), b: fc.double({ min: -5000, max: 5000, noNaN: true }), dispersionMs: fc.double({ min: 0, max: 1400, noNaN: true }) });
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 6 }), fc.array(liar, { maxLength: 5 }), fc.integer({ min: 1, max: 3 }), (honestCount, liars, confirm) => {
        fc.pre(honestCount > liars.length);
        const names = [...Array.from({ length: honestCount }, (_, i) => `h${i}`), ...liars.map((_, i) => `l${i}`)];
        const machine = new ClockVerdict();
        for (let r = 0; r < 6; r++) {
          const voters = [
            ...Array.from({ length: honestCount }, (_, i) => voter(`h${i}`, (i % 2 ? 1 : -1) * 0.5)),
            ...liars.map((l, i) => ({ ...voter(`l${i}`, r % 2 ? l.a : l.b), sample: { ...voter(`l${i}`, 0).sample, offsetMs: r % 2 ? l.a : l.b, rootDispersionMs: l.dispersionMs } })),
          ];
          for (const from of names) {
            const changes = machine.observe({ voters, servers: names, from, thresholds, confirm, at: r });
            for (const t of changes.filter((c) => c.verdict?.reason === 'local-clock')) expect(t.to).toBe('ok');
          }
          expect(Math.abs(machine.view().consensusOffsetMs!)).toBeLessThan(thresholds.warningSeconds * 1000);
        }
      }),
      { numRuns: 200 },
    );
  });
});

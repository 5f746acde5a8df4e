/** check's judging and status line as a plugin: exit states with dead servers, causes worst first, perfdata labels. */
import { describe, expect, it } from 'vitest';
import { judge, type CheckPolicy } from '../../main/cli/check.js';
import { perfdata, perfKeys, renderText, statusLine, summary } from '../../main/cli/check-report.js';
import { parseRange } from '../../main/cli/nagios-range.js';
import type { QueryResult } from '../../main/ntp/result.js';
import { failureResult, sampleResult, timeoutResult } from '../support/results.js';

const policy = (over: Partial<CheckPolicy> = {}): CheckPolicy => ({
  warning: parseRange('0.1')!,
  critical: parseRange('1')!,
  minServers: 1,
  unreachable: 'warning',
  quiet: false,
  limits: { maxStratum: null, maxRootDistanceSeconds: 1.5 },
  ...over,
});
const report = (results: QueryResult[], over: Partial<CheckPolicy> = {}) => {
  const p = policy(over);
  return { outcome: { ...judge(results, p, 'en'), daemon: null }, options: p, daemonAsked: false };
};

describe('judge: servers that give no time', () => {
  it('one server: no answer, refused, unsynchronized or KoD is CRITICAL, as check_ntp_time; -q makes the answered ones UNKNOWN', () => {
    for (const result of [timeoutResult('a'), failureResult('a', 'unreachable', 'ECONNREFUSED'), failureResult('a', 'unsynchronized'), failureResult('a', 'kod', 'DENY')]) {
      expect(report([result]).outcome.state).toBe('critical');
    }
    expect(report([failureResult('a', 'unsynchronized')], { quiet: true }).outcome.state).toBe('unknown');
    expect(report([failureResult('a', 'kod', 'RATE')], { quiet: true }).outcome.state).toBe('unknown');
    // -q is about servers that answer: silence stays CRITICAL, as check_ntp_time -q.
    expect(report([timeoutResult('a')], { quiet: true }).outcome.state).toBe('critical');
  });

  it('a bad address, a name that does not resolve, or this computer out of sockets is UNKNOWN', () => {
    for (const kind of ['invalid-address', 'dns', 'local'] as const) expect(report([failureResult('a', kind)]).outcome.state).toBe('unknown');
  });

  it('several: a dead server among a quorum adds --unreachable (default WARNING) and is named first', () => {
    const results = [sampleResult('a', 1), sampleResult('b', 1.1), sampleResult('c', 1.2), timeoutResult('d')];
    const warned = report(results);
    expect(warned.outcome.state).toBe('warning');
    expect(summary(warned, 'en')).toMatch(/^d: No reply within 500 ms; This computer is \d\.\d+ ms behind \(3 of 3 servers agree\)$/);
    expect(report(results, { unreachable: 'critical' }).outcome.state).toBe('critical');
    expect(report(results, { unreachable: 'unknown' }).outcome.state).toBe('unknown');
  });

  it('--min-servers: fewer answers is CRITICAL, named with the count; UNKNOWN only when every failure is UNKNOWN', () => {
    const two = [sampleResult('a', 1), timeoutResult('b'), timeoutResult('c')];
    const r = report(two, { minServers: 2 });
    expect(r.outcome.state).toBe('critical');
    expect(summary(r, 'en')).toMatch(/^only 1 of 3 servers answered, 2 needed; b: No reply within 500 ms; c: No reply within 500 ms; a is /);
    expect(report(two, { minServers: 1 }).outcome.state).toBe('warning');
    expect(report(two, { minServers: 2, unreachable: 'unknown' }).outcome.state).toBe('unknown');
    expect(report([sampleResult('a', 1), sampleResult('b', 1)], { minServers: 3 }).outcome.state).toBe('critical');
  });

  it('ranges apply to |offset| as check_ntp_time applies them; the verdict and each row alike', () => {
    const results = [sampleResult('a', 150), sampleResult('b', 150), sampleResult('c', 150)];
    expect(report(results, { warning: parseRange('@0.1:0.2')!, critical: parseRange('3')! }).outcome.state).toBe('warning');
    expect(report(results, { warning: parseRange('0.2')!, critical: parseRange('3')! }).outcome.state).toBe('ok');
    expect(report([sampleResult('a', -150)], { warning: parseRange('0.2:')!, critical: parseRange('~:3')! }).outcome.state).toBe('warning');
    expect(report([sampleResult('a', -2500)], { warning: parseRange('0.2:')!, critical: parseRange('~:3')! }).outcome.state).toBe('ok');
  });
});

describe('perfdata', () => {
  it('one server: offset=S;W;C; first, exactly as check_ntp_time prints it, then delay and stratum; no jitter from one sample', () => {
    const line = statusLine(report([sampleResult('127.0.0.1:11123', -0.019)]), 'en');
    expect(line).toMatch(/ \| offset=-0\.000019s;0\.100000;1\.000000; delay=0\.000400s stratum=2$/);
    const burst = sampleResult('a', 5);
    if (burst.ok) burst.sample = { ...burst.sample, samples: 4, jitterMs: 0.25 };
    expect(perfdata(report([burst]))).toContain('jitter=0.000250s');
  });

  it('several: the consensus as offset, then each server under a key of letters, digits and _', () => {
    const perf = perfdata(report([sampleResult('127.0.0.1:123', 2), sampleResult('[::1]:123', 2), sampleResult('pool://pool.example/192.0.2.1', 2), timeoutResult('d')]));
    expect(perf[0]).toMatch(/^offset=0\.00200\ds;0\.100000;1\.000000;$/);
    expect(perf.filter((p) => p.startsWith('offset_'))).toEqual([
      'offset_127_0_0_1_123=0.002000s;0.100000;1.000000;',
      'offset_1_123=0.002000s;0.100000;1.000000;',
      'offset_pool_pool_example_192_0_2_1=0.002000s;0.100000;1.000000;',
    ]);
    expect(perf.every((p) => /^[A-Za-z0-9_]+=/.test(p))).toBe(true);
  });

  it('no consensus: no offset label; keys that collide get _2', () => {
    expect(perfdata(report([sampleResult('a', 2), sampleResult('b', 2)])).some((p) => p.startsWith('offset='))).toBe(false);
    expect(perfKeys(['a.b', 'a:b', 'a/b', '::'])).toEqual(['a_b', 'a_b_2', 'a_b_3', 'server']);
  });
});

describe('the text output', () => {
  it('says what time service was found only when one was looked for: nothing at all under --daemon none', () => {
    const none = renderText(report([sampleResult('a', 1)]), 'en');
    expect(none).not.toMatch(/Time service/);
    const looked = renderText({ ...report([sampleResult('a', 1)]), daemonAsked: true }, 'en');
    expect(looked).toMatch(/^Time service: none found \(looked for chronyd on 127\.0\.0\.1:323/m);
  });
});

/**
 * Verdict transitions in every machine-readable face (sample log, webhook, metrics help): each number under a name
 * that says whose offset it is, the subject named, and the words agreeing with the sign.
 */
import { describe, expect, it } from 'vitest';
import { MonitorMetrics } from '../../main/sinks/metrics.js';
import { formatRecord, transitionRecord } from '../../main/sinks/log-record.js';
import { webhookPayload } from '../../main/sinks/webhook.js';
import type { Transition } from '../../main/judging/transition.js';
import { sampleResult } from '../support/results.js';

const at = Date.UTC(2026, 10, 24);
const transitionLine = (t: Transition, lang: 'en') => formatRecord(transitionRecord(t, lang), 'text');
const sample = (offsetMs: number) => {
  const result = sampleResult('ntp2.test', offsetMs);
  if (!result.ok) throw new Error('a sample');
  return result.sample;
};
/** The servers' consensus 2498.133 ms ahead of this computer: this computer is behind. */
const localClock = (to: 'critical' | 'ok', offsetMs: number): Transition => ({
  server: '', from: to === 'ok' ? 'critical' : 'ok', to, at, thresholdSeconds: to === 'ok' ? 0.1 : 1,
  verdict: { reason: 'local-clock', offsetMs, agree: 3, total: 4 },
});
const falseticker: Transition = {
  server: 'ntp2.test', from: 'ok', to: 'warning', at, sample: sample(151.3),
  verdict: { reason: 'falseticker', offsetMs: 150.2, agree: 3, total: 4 },
};

describe('the sample log: verdict lines', () => {
  it('names this computer as the subject, gives the consensus under its own name, and says "behind" in words', () => {
    const line = transitionLine(localClock('critical', 2498.133), 'en');
    expect(line).toBe(
      `2026-11-24T00:00:00.000Z transition server=this-computer from=ok to=critical consensus-offset=+2498.133ms threshold=1s reason=local-clock message="This computer is 2.498 s behind (3 of 4 servers agree), beyond the 1 s threshold: CRITICAL."`,
    );
    expect(transitionLine(localClock('ok', -1.008), 'en')).toContain(
      'consensus-offset=-1.008ms threshold=0.1s reason=local-clock message="This computer is 1.0 ms ahead (3 of 4 servers agree), back within the 0.1 s threshold: OK."',
    );
  });

  it("gives a falseticker's distance from the consensus as offset-from-consensus, with the same sign as its words", () => {
    const line = transitionLine(falseticker, 'en');
    expect(line).toContain('server=ntp2.test from=ok to=warning offset-from-consensus=+150.200ms reason=falseticker');
    expect(line).toContain('message="ntp2.test disagrees with the other servers: it is 150.2 ms ahead of their consensus; their consensus is used instead."');
    expect(line).not.toContain(' offset=');
  });

  it('a leap second announced is about this computer too', () => {
    const leap: Transition = { server: '', from: 'ok', to: 'warning', at, verdict: { reason: 'leap', offsetMs: 0, agree: 3, total: 3, leap: 1 } };
    expect(transitionLine(leap, 'en')).toMatch(/ transition server=this-computer from=ok to=warning reason=leap /);
  });
});

describe('the webhook: verdict fields', () => {
  it('local-clock: the consensus under consensusOffsetMs, no server offset, and the words say behind', () => {
    const body = webhookPayload(localClock('critical', 2498.133), 'en');
    expect(body).toMatchObject({ server: '', reason: 'local-clock', offsetMs: null, consensusOffsetMs: 2498.133, offsetFromConsensusMs: null });
    expect(body.message).toBe('This computer is 2.498 s behind (3 of 4 servers agree), beyond the 1 s threshold: CRITICAL.');
    expect(webhookPayload(localClock('critical', 2498.133), 'zh-CN').message).toBe('本机慢 2.498 s（4 台服务器中 3 台一致），超过 1 s 阈值：严重。');
  });

  it("falseticker: the server's own offset from this computer and its distance from the consensus, each named", () => {
    expect(webhookPayload(falseticker, 'en')).toMatchObject({ offsetMs: 151.3, offsetFromConsensusMs: 150.2, consensusOffsetMs: null });
  });
});

describe('metrics: help texts say the sign', () => {
  it('offset and consensus are "minus this computer\'s clock", positive when the server(s) are ahead', async () => {
    const text = await new MonitorMetrics().registry.metrics();
    expect(text).toContain("# HELP ntp_monitor_offset_seconds Offset of the server in the last good sample: server clock minus this computer's clock, positive when the server is ahead.");
    expect(text).toContain("# HELP ntp_monitor_consensus_offset_seconds The servers' consensus (RFC 5905 selection) minus this computer's clock: positive when the servers are ahead, i.e. this computer is behind;");
  });
});

/**
 * The webhook sink delivering to fake robots on loopback that check the signature as the vendor would (with Python's
 * hmac): an error code in a 200 is retried when retrying can help and reported when not, a burst is folded within the
 * robot's messages-a-minute limit with nothing lost, and the secret never reaches a report.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebhookSink, type WebhookPayload } from '../../main/sinks/webhook.js';
import { pythonHmacBase64, startReceiver } from './helpers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const SECRET = 'SECb7f1c0ffee2d4e5f60718293a4b5c6d7e8f90123456789abcdef0123456789';
const payload = (n: number): WebhookPayload => ({
  server: `192.0.2.${n}`, state: 'critical', previousState: 'ok', offsetMs: 5_000, consensusOffsetMs: null, offsetFromConsensusMs: null,
  delayMs: 1, authenticated: false, thresholdSeconds: 1, reason: 'offset', at: new Date(0).toISOString(), message: `alert ${n}`,
});
const text = (n: number) => `NTP CRITICAL: 192.0.2.${n}\n192.0.2.${n} is 5.000 s ahead of this computer.`;

/** DingTalk's check: the sign in the query is the HMAC of "timestamp\nsecret" keyed with the secret. */
function dingtalkSigned(path: string): boolean {
  const query = new URL(path, 'http://robot.test').searchParams;
  const timestamp = query.get('timestamp') ?? '';
  return timestamp !== '' && query.get('sign') === pythonHmacBase64(SECRET, `${timestamp}\n${SECRET}`);
}

describe('a DingTalk robot', () => {
  it('answering "send too fast" once, then ok: the retry is signed afresh and delivers, nothing is reported', async () => {
    const robot = await startReceiver((index, _body, path) => {
      if (!dingtalkSigned(path)) return { status: 200, body: '{"errcode":310000,"errmsg":"sign not match"}' };
      return { status: 200, body: index === 0 ? '{"errcode":130101,"errmsg":"send too fast"}' : '{"errcode":0,"errmsg":"ok"}' };
    });
    cleanups.push(robot.close);
    const reports: string[] = [];
    const sink = new WebhookSink({ url: `${robot.url}?access_token=tok123456`, format: 'dingtalk', secret: SECRET, language: 'en', report: (m) => reports.push(m), backoffMs: 10 });
    sink.send(payload(1), text(1));
    // Python checks each signature: a few hundred ms a request.
    await vi.waitFor(() => expect(sink.pending).toBe(0), { timeout: 5_000 });
    await sink.close();
    expect(robot.bodies).toEqual([0, 1].map(() => ({ msgtype: 'text', text: { content: text(1) } })));
    expect(robot.paths.every(dingtalkSigned)).toBe(true);
    expect(new Set(robot.paths).size).toBe(2);
    expect(reports).toEqual([]);
  });

  it('with a wrong secret: refused once (errcode 310000), not retried, reported with the code and never the secret', async () => {
    const robot = await startReceiver((_index, _body, path) =>
      dingtalkSigned(path) ? { status: 200, body: '{"errcode":0}' } : { status: 200, body: `{"errcode":310000,"errmsg":"sign not match ${path}"}` },
    );
    cleanups.push(robot.close);
    const reports: string[] = [];
    const wrong = 'SECwrongwrongwrong0000';
    const sink = new WebhookSink({ url: `${robot.url}?access_token=tok123456`, format: 'dingtalk', secret: wrong, language: 'en', report: (m) => reports.push(m), backoffMs: 10 });
    sink.send(payload(1), text(1));
    await vi.waitFor(() => expect(reports).toHaveLength(1), { timeout: 5_000 });
    await sink.close();
    expect(robot.bodies).toHaveLength(1);
    expect(reports[0]).toMatch(/^webhook http:\/\/127\.0\.0\.1:\d+\/hook\?access_token=\*\*\*: "alert 1" not delivered after 1 attempts \(errcode 310000: sign not match /);
    // The robot quoted the signed URL back: its token, timestamp and sign are hidden as the secret is.
    for (const secret of [wrong, 'tok123456', new URL(robot.paths[0]!, 'http://x').searchParams.get('sign')!]) expect(reports[0]).not.toContain(secret);
  });
});

describe('a robot that takes 20 messages a minute', () => {
  it('gets a burst of 30 alerts as at most 20 messages per window, the rest folded into one, nothing lost', async () => {
    const robot = await startReceiver(() => ({ status: 200, body: '{"errcode":0,"errmsg":"ok"}' }));
    cleanups.push(robot.close);
    const reports: string[] = [];
    const window = 1_000;
    const sink = new WebhookSink({ url: robot.url, format: 'wecom', language: 'en', report: (m) => reports.push(m), rateWindowMs: window });
    for (let n = 1; n <= 30; n++) {
      sink.send(payload(n), text(n));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await vi.waitFor(() => expect(sink.pending).toBe(0), { timeout: 5_000 });
    await sink.close();
    const contents = (robot.bodies as { text: { content: string } }[]).map((body) => body.text.content);
    // Every alert exactly once, in order.
    expect(contents.join('\n\n')).toBe(Array.from({ length: 30 }, (_, i) => text(i + 1)).join('\n\n'));
    expect(contents.length).toBeLessThan(30);
    for (let i = 0; i + 20 < robot.times.length; i++) expect(robot.times[i + 20]! - robot.times[i]!).toBeGreaterThanOrEqual(window - 20);
    expect(reports).toEqual([]);
  });
});

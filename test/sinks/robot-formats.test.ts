/**
 * Each robot's request as its vendor documents it: the body's shape, the signature (recomputed by Python's hmac, not
 * our code), what an answer with an error code means; and the phone-sized text they carry, in both languages.
 */
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { dingtalk } from '../../main/sinks/formats/dingtalk.js';
import { feishu } from '../../main/sinks/formats/feishu.js';
import type { QueuedAlert } from '../../main/sinks/formats/format.js';
import { WEBHOOK_FORMAT_OF } from '../../main/sinks/formats/formats.js';
import { robotText } from '../../main/sinks/formats/robot-text.js';
import { slack } from '../../main/sinks/formats/slack.js';
import { wecom } from '../../main/sinks/formats/wecom.js';
import { webhookPayload } from '../../main/sinks/webhook.js';
import type { Transition } from '../../main/judging/transition.js';
import { sampleResult } from '../support/results.js';
import { pythonHmacBase64, pythonQuotePlus } from './helpers.js';

const at = Date.UTC(2026, 10, 24, 8, 0, 5);
const sample = (server: string, offsetMs: number) => {
  const result = sampleResult(server, offsetMs);
  if (!result.ok) throw new Error('a sample');
  return result.sample;
};
const alarm: Transition = { server: 'ntp2.test', from: 'ok', to: 'critical', at, sample: sample('ntp2.test', 2_500), thresholdSeconds: 1 };
const behind: Transition = {
  server: '', from: 'ok', to: 'critical', at, thresholdSeconds: 1,
  verdict: { reason: 'local-clock', offsetMs: 2_500, agree: 3, total: 4 },
};
const queued = (t: Transition, lang: 'en' | 'zh-CN' = 'en'): QueuedAlert => ({ payload: webhookPayload(t, lang), text: robotText(t, lang, 'probe-1') });
const url = new URL('https://robot.test/send?access_token=abcdef123456');
// A secret shaped as DingTalk issues them ("SEC" and 64 hex digits), with characters that base64 and URLs treat apart.
const secret = 'SEC0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

describe('the text a robot shows', () => {
  it('starts with NTP and the state word, then the subject, the offset in words and threshold, the time, the host', () => {
    expect(robotText(alarm, 'en', 'probe-1').split('\n')).toEqual([
      'NTP CRITICAL: ntp2.test',
      'ntp2.test is 2.500 s ahead of this computer, beyond the 1 s threshold: CRITICAL.',
      'Time: 2026-11-24 08:00:05 UTC',
      'Seen by: probe-1',
    ]);
    expect(robotText(behind, 'en', 'probe-1').split('\n').slice(0, 2)).toEqual([
      'NTP CRITICAL: This computer',
      'This computer is 2.500 s behind (3 of 4 servers agree), beyond the 1 s threshold: CRITICAL.',
    ]);
  });

  it('is in Simplified Chinese when that is the language, and still carries "NTP" (the keyword a DingTalk robot may require)', () => {
    expect(robotText(behind, 'zh-CN', 'probe-1').split('\n')).toEqual([
      'NTP 严重：本机',
      '本机慢 2.500 s（4 台服务器中 3 台一致），超过 1 s 阈值：严重。',
      '时间：2026-11-24 08:00:05 UTC',
      '监测主机：probe-1',
    ]);
  });

  it('names a failure by its own word, without repeating the server in the sentence', () => {
    const failed: Transition = { server: 'ntp3.test', from: 'ok', to: 'unreachable', at, failure: { kind: 'timeout', server: 'ntp3.test', timeoutMs: 5000, at } };
    expect(robotText(failed, 'en', hostname()).split('\n').slice(0, 2)).toEqual(['NTP UNREACHABLE: ntp3.test', 'No reply within 5000 ms.']);
  });
});

describe('DingTalk', () => {
  it('sends msgtype text, and with a secret signs the URL as its Python sample does (timestamp ms, quote_plus of base64)', () => {
    const now = 1_700_000_000_123;
    const { url: signed, body } = dingtalk.request([queued(alarm), queued(behind)], url, secret, now);
    expect(JSON.parse(body)).toEqual({ msgtype: 'text', text: { content: `${queued(alarm).text}\n\n${queued(behind).text}` } });
    expect(signed.searchParams.get('access_token')).toBe('abcdef123456');
    expect(signed.searchParams.get('timestamp')).toBe(String(now));
    const expected = pythonHmacBase64(secret, `${now}\n${secret}`);
    expect(signed.searchParams.get('sign')).toBe(expected);
    expect(signed.search).toContain(`&sign=${pythonQuotePlus(expected)}`);
  });

  it('leaves the URL alone without a secret', () => {
    expect(dingtalk.request([queued(alarm)], url, '', 1).url.href).toBe(url.href);
  });

  it('takes errcode 0 as delivered, retries a rate limit, and does not retry a wrong signature or keyword', () => {
    expect(dingtalk.refusal('{"errcode":0,"errmsg":"ok"}')).toBeNull();
    expect(dingtalk.refusal('{"errcode":130101,"errmsg":"send too fast"}')).toEqual({ reason: 'errcode 130101: send too fast', retry: true });
    expect(dingtalk.refusal('{"errcode":310000,"errmsg":"sign not match"}')).toEqual({ reason: 'errcode 310000: sign not match', retry: false });
    // Cut short by the deadline after the 200: taken, as decision 16 has it.
    expect(dingtalk.refusal('{"errcode":3')).toBeNull();
  });
});

describe('Feishu / Lark', () => {
  it('signs in the body: timestamp in seconds, HMAC-SHA256 keyed with "timestamp\\nsecret" over nothing', () => {
    const now = 1_599_360_473_999;
    const body = JSON.parse(feishu.request([queued(alarm)], url, 'demo-secret-123', now).body);
    expect(body).toEqual({
      timestamp: '1599360473',
      sign: pythonHmacBase64('1599360473\ndemo-secret-123', ''),
      msg_type: 'text',
      content: { text: queued(alarm).text },
    });
    expect(JSON.parse(feishu.request([queued(alarm)], url, '', now).body)).toEqual({ msg_type: 'text', content: { text: queued(alarm).text } });
  });

  it('reads its code: 19021 (signature) is not retried, 11232 (rate) is', () => {
    expect(feishu.refusal('{"StatusCode":0,"StatusMessage":"success","code":0,"data":{},"msg":"success"}')).toBeNull();
    expect(feishu.refusal('{"code":19021,"data":{},"msg":"sign match fail or timestamp is not within one hour from current time"}')).toMatchObject({ retry: false });
    expect(feishu.refusal('{"code":11232,"data":{},"msg":"frequency limited"}')).toEqual({ reason: 'code 11232: frequency limited', retry: true });
  });
});

describe('WeCom and Slack', () => {
  it('WeCom: the msgtype text body, errcode in the answer, never signed (its key is in the URL)', () => {
    const request = wecom.request([queued(alarm, 'zh-CN')], url, secret, 1);
    expect(request.url.href).toBe(url.href);
    expect(JSON.parse(request.body)).toEqual({ msgtype: 'text', text: { content: queued(alarm, 'zh-CN').text } });
    expect(wecom.refusal('{"errcode":0,"errmsg":"ok"}')).toBeNull();
    expect(wecom.refusal('{"errcode":93000,"errmsg":"invalid webhook url"}')).toMatchObject({ retry: false });
    expect(wecom.refusal('{"errcode":45009,"errmsg":"api freq out of limit"}')).toMatchObject({ retry: true });
  });

  it('Slack: {"text"}, and an answer other than "ok" is a failure', () => {
    expect(JSON.parse(slack.request([queued(alarm)], url, '', 1).body)).toEqual({ text: queued(alarm).text });
    expect(slack.refusal('ok')).toBeNull();
    expect(slack.refusal('no_text')).toEqual({ reason: 'no_text', retry: true });
  });
});

describe('the generic format', () => {
  it('is the payload itself, byte for byte, one alert per request', () => {
    const alert = queued(alarm);
    const generic = WEBHOOK_FORMAT_OF.generic;
    expect(generic.request([alert], url, secret, 1)).toEqual({ url, body: JSON.stringify(alert.payload) });
    expect(generic.maxTextBytes).toBe(0);
  });
});

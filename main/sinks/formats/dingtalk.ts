/** DingTalk (钉钉) custom group robot: a text message, signed in the URL's query when signing is on. */
import { messageText, type WebhookFormat } from './format.js';
import { codeRefusal, hmacBase64 } from './robot-answer.js';

/**
 * The URL with DingTalk's `timestamp` (ms) and `sign`: base64 of HMAC-SHA256 keyed with the secret over
 * "timestamp\nsecret"; URLSearchParams encodes it as DingTalk asks (+, / and = percent-encoded).
 */
export function dingtalkSignedUrl(url: URL, secret: string, nowMs: number): URL {
  const signed = new URL(url);
  signed.searchParams.set('timestamp', String(nowMs));
  signed.searchParams.set('sign', hmacBase64(secret, `${nowMs}\n${secret}`));
  return signed;
}

export const dingtalk: WebhookFormat = {
  maxTextBytes: 18_000,
  perMinute: 20,
  request: (alerts, url, secret, nowMs) => ({
    url: secret === '' ? url : dingtalkSignedUrl(url, secret, nowMs),
    body: JSON.stringify({ msgtype: 'text', text: { content: messageText(alerts) } }),
  }),
  // 310000: keyword missing, signature wrong or address not allowed; 300001: no such robot.
  refusal: (answer) => codeRefusal(answer, 'errcode', 'errmsg', [310000, 300001]),
};

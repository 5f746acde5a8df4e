/** Feishu / Lark (飞书) custom bot: a text message, signed in the body when signing is on. */
import { messageText, type WebhookFormat } from './format.js';
import { codeRefusal, hmacBase64 } from './robot-answer.js';

/** Feishu's `sign` for `timestampSeconds`: base64 of HMAC-SHA256 keyed with "timestamp\nsecret" over nothing. */
export function feishuSign(secret: string, timestampSeconds: number): string {
  return hmacBase64(`${timestampSeconds}\n${secret}`, '');
}

export const feishu: WebhookFormat = {
  // A request body may be 20 KB.
  maxTextBytes: 18_000,
  perMinute: 100,
  request: (alerts, url, secret, nowMs) => {
    const text = { msg_type: 'text', content: { text: messageText(alerts) } };
    if (secret === '') return { url, body: JSON.stringify(text) };
    const timestamp = Math.floor(nowMs / 1000);
    return { url, body: JSON.stringify({ timestamp: String(timestamp), sign: feishuSign(secret, timestamp), ...text }) };
  },
  // 19021: signature wrong or timestamp over an hour off; 19022: address not allowed; 19024: keyword missing.
  refusal: (answer) => codeRefusal(answer, 'code', 'msg', [19021, 19022, 19024]),
};

/** WeCom (企业微信) group robot: a text message (WeCom does not sign; the key in the URL is the credential). */
import { messageText, type WebhookFormat } from './format.js';
import { codeRefusal } from './robot-answer.js';

export const wecom: WebhookFormat = {
  // WeCom's documented limit for a text message's content is 2048 bytes.
  maxTextBytes: 2_000,
  perMinute: 20,
  request: (alerts, url) => ({ url, body: JSON.stringify({ msgtype: 'text', text: { content: messageText(alerts) } }) }),
  // 93000: the webhook key is not valid.
  refusal: (answer) => codeRefusal(answer, 'errcode', 'errmsg', [93000]),
};

/** Slack incoming webhook: `{"text": ...}`, answered with the plain text "ok". */
import { messageText, type WebhookFormat } from './format.js';
import { quoted } from './robot-answer.js';

export const slack: WebhookFormat = {
  maxTextBytes: 3_800,
  // Slack allows about one message a second per webhook.
  perMinute: 60,
  request: (alerts, url) => ({ url, body: JSON.stringify({ text: messageText(alerts) }) }),
  // An empty answer was cut short by the deadline after the 2xx: taken, as decision 16 has it.
  refusal: (answer) => (answer.trim() === '' || answer.trim() === 'ok' ? null : { reason: quoted(answer), retry: true }),
};

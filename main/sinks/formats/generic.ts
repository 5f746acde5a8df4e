/** Our own JSON body, one POST per alert, as before the robots came (README: "Webhook body"). */
import type { WebhookFormat } from './format.js';

export const generic: WebhookFormat = {
  maxTextBytes: 0,
  perMinute: Infinity,
  request: (alerts, url) => ({ url, body: JSON.stringify(alerts[0]!.payload) }),
  refusal: () => null,
};

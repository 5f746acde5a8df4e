/** What a webhook format is: the request for one message, what a 2xx answer means, and how fast it may be sent. */
import type { WebhookPayload } from '../webhook.js';

/** An alert waiting in the webhook's queue: our JSON body and the phone-sized text of the same transition. */
export interface QueuedAlert {
  payload: WebhookPayload;
  text: string;
}

/** Why an answer means "not delivered", and whether sending again can help (not when the signature is wrong). */
export interface Refusal {
  reason: string;
  retry: boolean;
}

export interface WebhookFormat {
  /**
   * Bytes of text one message may carry: a burst waiting in the queue is folded into one message up to this size (the
   * first alert always goes, whatever its size). 0: one alert per request (the generic body is one alert's JSON).
   */
  readonly maxTextBytes: number;
  /** Messages a minute the receiver takes (DingTalk, WeCom: 20); Infinity when it names no limit. */
  readonly perMinute: number;
  /** The request for these alerts at `nowMs`, signed with `secret` when the receiver signs and a secret is set. */
  request(alerts: readonly QueuedAlert[], url: URL, secret: string, nowMs: number): { url: URL; body: string };
  /** Why a 2xx answer still means not delivered (an error code in its body); null when it was delivered. */
  refusal(answer: string): Refusal | null;
}

/** The texts of a folded burst, one paragraph each: every one starts with "NTP", the keyword DingTalk can require. */
export function messageText(alerts: readonly QueuedAlert[]): string {
  return alerts.map((alert) => alert.text).join('\n\n');
}

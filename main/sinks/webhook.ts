/**
 * Webhook alerts: a JSON POST per alert, in order, from a bounded queue worked in the background, so that a dead or
 * slow receiver never blocks or delays a poll. Each delivery has one deadline for the whole exchange and a few retries
 * with doubling waits; what still fails is reported, never thrown, and never shows the URL's credentials or tokens.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { redactUrl } from '../i18n/display.js';
import { translate, type Language } from '../i18n/translate.js';
import { isHttpUrl } from '../settings/url.js';
import { describeTransition } from '../i18n/describe.js';
import type { ServerState } from '../judging/server-state.js';
import type { Transition } from '../judging/transition.js';

export interface WebhookPayload {
  server: string;
  state: ServerState;
  previousState: ServerState;
  /**
   * The server's offset from this computer (server minus this computer: positive when the server is ahead); null when
   * there is no measurement of `server` (a failure, or a verdict about this computer or a leap second).
   */
  offsetMs: number | null;
  /**
   * For reason "local-clock": the servers' consensus minus this computer (positive when the servers are ahead, i.e.
   * this computer is behind); else null.
   */
  consensusOffsetMs: number | null;
  /** For reason "falseticker": the server's offset from the others' consensus (positive: it is ahead); else null. */
  offsetFromConsensusMs: number | null;
  delayMs: number | null;
  /** Whether that measurement passed NTS authentication (false for plain NTP); null when there was none. */
  authenticated: boolean | null;
  /** The threshold crossed: the one entered on an alarm, the warning threshold on recovery. */
  thresholdSeconds: number | null;
  /**
   * "offset" when a measurement caused the change, else the failure kind: timeout, dns, unreachable, kod, ...; for
   * a verdict across servers: "local-clock" (this computer's clock against the majority; `server` is ""),
   * "falseticker" (`server` disagrees with the others) or "leap".
   */
  reason: string;
  /** ISO 8601, UTC. */
  at: string;
  /** A ready sentence in the configured language. */
  message: string;
}

export function webhookPayload(t: Transition, lang: Language): WebhookPayload {
  const text = describeTransition(t, lang);
  return {
    server: t.server,
    state: t.to,
    previousState: t.from,
    offsetMs: t.sample ? microseconds(t.sample.offsetMs) : null,
    consensusOffsetMs: t.verdict?.reason === 'local-clock' ? microseconds(t.verdict.offsetMs) : null,
    offsetFromConsensusMs: t.verdict?.reason === 'falseticker' ? microseconds(t.verdict.offsetMs) : null,
    delayMs: t.sample ? microseconds(t.sample.delayMs) : null,
    authenticated: t.sample ? t.sample.authenticated === true : null,
    thresholdSeconds: t.thresholdSeconds ?? null,
    reason: t.verdict?.reason ?? t.failure?.kind ?? 'offset',
    at: new Date(t.at).toISOString(),
    message: t.failure ? `${text.title}: ${text.body}` : text.body,
  };
}

export interface WebhookTuning {
  /** Deadline of one attempt, from connecting to the last byte of the answer; shutdown waits at most this long. */
  timeoutMs: number;
  /** Attempts after the first one. */
  retries: number;
  /** Wait before the first retry; doubles for each next one. */
  backoffMs: number;
  /** Alerts waiting beyond this are dropped (and reported): a receiver down for a day must not eat the memory. */
  maxQueue: number;
}

export const DEFAULT_WEBHOOK_TUNING: WebhookTuning = { timeoutMs: 5_000, retries: 3, backoffMs: 1_000, maxQueue: 100 };

export interface WebhookOptions extends Partial<WebhookTuning> {
  url: string;
  language: Language;
  report: (message: string) => void;
}

/** Of an answer's body, only this much is read: the status says all we need, and a receiver may send without end. */
export const MAX_ANSWER_BYTES = 64 * 1024;

export class WebhookSink {
  readonly url: string;
  /** The URL as it may be shown: no user name, password or query values (a webhook URL is often its own secret). */
  readonly shownUrl: string;
  language: Language;
  private readonly tuning: WebhookTuning;
  private readonly queue: WebhookPayload[] = [];
  private worker: Promise<void> | undefined;
  private closed = false;
  private cancelWait: (() => void) | undefined;

  constructor(private readonly options: WebhookOptions) {
    this.shownUrl = redactUrl(options.url);
    if (!isHttpUrl(options.url)) throw new Error(`webhook URL must be http:// or https://, got "${this.shownUrl}"`);
    this.url = options.url;
    this.language = options.language;
    const { timeoutMs, retries, backoffMs, maxQueue } = options;
    this.tuning = { ...DEFAULT_WEBHOOK_TUNING, ...withoutUndefined({ timeoutMs, retries, backoffMs, maxQueue }) };
  }

  /** Alerts waiting or being delivered. */
  get pending(): number {
    return this.queue.length + (this.worker ? 1 : 0);
  }

  /** Returns at once; delivery happens in the background. */
  send(payload: WebhookPayload): void {
    if (this.closed) return;
    if (this.queue.length >= this.tuning.maxQueue) {
      const dropped = this.queue.shift()!;
      this.report('sink.webhook-queue-full', { title: dropped.message });
    }
    this.queue.push(payload);
    this.worker ??= this.work();
  }

  /** Lets the delivery under way finish (within its deadline), stops retrying and drops what still waits. */
  async close(): Promise<void> {
    this.closed = true;
    this.cancelWait?.();
    const unsent = this.queue.length;
    this.queue.length = 0;
    await this.worker;
    if (unsent > 0) this.report('sink.webhook-unsent', { count: unsent });
  }

  private async work(): Promise<void> {
    try {
      for (let payload = this.queue.shift(); payload; payload = this.queue.shift()) await this.deliver(payload);
    } finally {
      // In the same step as the last look at the queue, so that an alert queued meanwhile starts a new worker.
      this.worker = undefined;
    }
  }

  private async deliver(payload: WebhookPayload): Promise<void> {
    const body = JSON.stringify(payload);
    let attempts = 0;
    let lastError = '';
    for (;;) {
      attempts += 1;
      try {
        await post(new URL(this.url), body, this.tuning.timeoutMs);
        return;
      } catch (error) {
        lastError = hideSecrets((error as Error).message, this.url);
      }
      if (this.closed || attempts > this.tuning.retries) break;
      await this.wait(this.tuning.backoffMs * 2 ** (attempts - 1));
      if (this.closed) break;
    }
    this.report('sink.webhook-failed', { title: payload.message, attempts, reason: lastError });
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.cancelWait = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private report(key: 'sink.webhook-failed' | 'sink.webhook-queue-full' | 'sink.webhook-unsent', params: Record<string, string | number>) {
    this.options.report(translate(this.language, key, { url: this.shownUrl, ...params }));
  }
}

/**
 * One POST, no keep-alive (nothing left open), settled within `timeoutMs` whatever the receiver does: the deadline
 * runs until the answer's body has ended (or MAX_ANSWER_BYTES of it were read), so a receiver that sends its headers
 * and then stalls, or streams without end, cannot hold the socket. The status decides: once a 2xx status came, the
 * alert was taken, and a body cut short by the deadline or the cap does not make it fail (a retry would repeat it).
 */
function post(url: URL, body: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let status: number | undefined;
    const settle = (error?: Error) => {
      clearTimeout(timer);
      request.destroy();
      if (status === undefined) reject(error ?? new Error('no answer'));
      else if (status >= 200 && status < 300) resolve();
      else reject(new Error(`HTTP ${status}`));
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(url, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'ntp-monitor' },
    });
    const timer = setTimeout(() => settle(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    request.on('error', settle);
    request.on('response', (response) => {
      status = response.statusCode ?? 0;
      let read = 0;
      response.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read >= MAX_ANSWER_BYTES) settle();
      });
      response.on('end', () => settle());
      response.on('error', settle);
    });
    request.end(body);
  });
}

const MIN_SECRET_LENGTH = 4;

/**
 * An error text without the URL's secrets: errors of the HTTP stack may quote the URL, a path, a host or a header.
 * Each secret part (user name, password, query values, fragment) is replaced wherever it appears, raw or encoded.
 */
function hideSecrets(text: string, url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return text.split(url).join(redactUrl(url));
  }
  const secrets = [parsed.username, parsed.password, ...parsed.searchParams.values(), parsed.hash.slice(1)]
    .flatMap((secret) => [secret, safeDecode(secret), encodeURIComponent(secret)])
    // Shorter values are no secret worth the name ("?v=1"), and hiding them would mangle every address in the text.
    .filter((secret) => secret.length >= MIN_SECRET_LENGTH)
    // Longest first, so that a secret containing another is replaced whole.
    .sort((a, b) => b.length - a.length);
  let shown = text.split(url).join(redactUrl(url));
  for (const secret of new Set(secrets)) shown = shown.split(secret).join('***');
  return shown;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Milliseconds to the microsecond: all an NTP exchange over a network can honestly claim. */
function microseconds(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

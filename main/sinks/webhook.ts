/**
 * Webhook alerts: a POST per alert (or per burst folded into one robot message), in order, from a bounded queue worked
 * in the background, so that a dead or slow receiver never blocks or delays a poll. The body is the format's (our JSON
 * or a group robot's message, formats/). Each delivery has one deadline for the whole exchange and a few retries with
 * doubling waits; a robot's error code in a 2xx answer is a failure too. What still fails is reported, never thrown,
 * and never shows the URL's credentials or tokens, nor the signing secret.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { redactUrl } from '../i18n/display.js';
import { translate, type Language } from '../i18n/translate.js';
import type { WebhookFormatName } from '../settings/settings.js';
import { isHttpUrl } from '../settings/url.js';
import { describeTransition } from '../i18n/describe.js';
import type { ServerState } from '../judging/server-state.js';
import type { Transition } from '../judging/transition.js';
import { DAEMON_NAMES, daemonChangeSentence, sourceName } from '../i18n/daemon-words.js';
import type { TimeServiceChange } from '../monitor/time-service.js';
import type { DaemonVerdict } from '../timeservice/cross-check.js';
import type { DaemonKind } from '../timeservice/daemon-view.js';
import type { QueuedAlert, WebhookFormat } from './formats/format.js';
import { WEBHOOK_FORMAT_OF } from './formats/formats.js';

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
  /** For reason "time-service" only: the daemon's read and its verdicts (`server` is then the daemon's name). */
  timeService?: TimeServicePayload;
}

/** The time service in a webhook: what it believes, with the offsets' sign of `consensusOffsetMs`. */
export interface TimeServicePayload {
  kind: DaemonKind;
  /** The command address asked: "127.0.0.1:323". */
  target: string;
  verdict: DaemonVerdict;
  previousVerdict: DaemonVerdict | 'unknown';
  synchronized: boolean | null;
  /** The source it follows: one of our servers when it is one, else its address. */
  source: string | null;
  /** What the daemon believes: positive when it thinks this computer is behind. */
  offsetMs: number | null;
  errorBoundMs: number | null;
  lastUpdateAgeSeconds: number | null;
  /** The servers' consensus minus the daemon's belief. */
  differenceMs: number | null;
  /** Why it could not be read (not-running, refused, ...), when it could not. */
  failure: string | null;
}

/** The webhook body of a change of the time service's verdict (reason "time-service"). */
export function timeServicePayload(c: TimeServiceChange, lang: Language): WebhookPayload {
  const v = c.check.view;
  const orNull = (x: number | null | undefined) => (x === null || x === undefined ? null : microseconds(x));
  return {
    server: DAEMON_NAMES[c.kind],
    state: c.state,
    previousState: c.fromState,
    offsetMs: null,
    consensusOffsetMs: null,
    offsetFromConsensusMs: null,
    delayMs: null,
    authenticated: null,
    thresholdSeconds: null,
    reason: 'time-service',
    at: new Date(c.at).toISOString(),
    message: daemonChangeSentence(c.check, c.kind, c.target, c.agree, lang),
    timeService: {
      kind: c.kind,
      target: c.target,
      verdict: c.to,
      previousVerdict: c.from,
      synchronized: v ? v.synchronized : null,
      source: v?.source ? sourceName(c.check) : null,
      offsetMs: orNull(v?.offsetMs),
      errorBoundMs: orNull(v?.errorBoundMs),
      lastUpdateAgeSeconds: v?.lastUpdateAgeSeconds ?? null,
      differenceMs: orNull(c.check.differenceMs),
      failure: c.check.failure?.kind ?? null,
    },
  };
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
  /** The window a robot's messages-a-minute limit is counted over (tests shorten it). */
  rateWindowMs: number;
}

export const DEFAULT_WEBHOOK_TUNING: WebhookTuning = { timeoutMs: 5_000, retries: 3, backoffMs: 1_000, maxQueue: 100, rateWindowMs: 60_000 };

export interface WebhookOptions extends Partial<WebhookTuning> {
  url: string;
  /** Default generic: our JSON body. */
  format?: WebhookFormatName;
  /** The robot's signing secret; empty or absent: unsigned. */
  secret?: string;
  language: Language;
  report: (message: string) => void;
}

/** Of an answer's body, only this much is read: the status says all we need, and a receiver may send without end. */
export const MAX_ANSWER_BYTES = 64 * 1024;

export class WebhookSink {
  readonly url: string;
  /** The URL as it may be shown: no user name, password or query values (a webhook URL is often its own secret). */
  readonly shownUrl: string;
  readonly formatName: WebhookFormatName;
  readonly secret: string;
  language: Language;
  private readonly format: WebhookFormat;
  private readonly tuning: WebhookTuning;
  private readonly queue: QueuedAlert[] = [];
  /** When each of the latest requests went out, for the robot's messages-a-minute limit. */
  private readonly sentAt: number[] = [];
  private worker: Promise<void> | undefined;
  private closed = false;
  private cancelWait: (() => void) | undefined;

  constructor(private readonly options: WebhookOptions) {
    this.shownUrl = redactUrl(options.url);
    if (!isHttpUrl(options.url)) throw new Error(`webhook URL must be http:// or https://, got "${this.shownUrl}"`);
    this.url = options.url;
    this.formatName = options.format ?? 'generic';
    this.format = WEBHOOK_FORMAT_OF[this.formatName];
    this.secret = options.secret ?? '';
    this.language = options.language;
    const { timeoutMs, retries, backoffMs, maxQueue, rateWindowMs } = options;
    this.tuning = { ...DEFAULT_WEBHOOK_TUNING, ...withoutUndefined({ timeoutMs, retries, backoffMs, maxQueue, rateWindowMs }) };
  }

  /** Alerts waiting or being delivered. */
  get pending(): number {
    return this.queue.length + (this.worker ? 1 : 0);
  }

  /**
   * Returns at once; delivery happens in the background. `text` is what a robot shows (robotText); the generic format
   * sends the payload itself.
   */
  send(payload: WebhookPayload, text: string = payload.message): void {
    if (this.closed) return;
    if (this.queue.length >= this.tuning.maxQueue) {
      const dropped = this.queue.shift()!;
      this.report('sink.webhook-queue-full', { title: dropped.payload.message });
    }
    this.queue.push({ payload, text });
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
      while (this.queue.length > 0) {
        // Waiting for room first lets the alerts of a burst gather, to be folded into one message. With room, the
        // first alert is taken in this very step (an alert sent is under way at once, not queued behind later ones).
        if (!this.hasRoom()) await this.rateRoom();
        const alerts = this.takeFold();
        if (alerts.length === 0) break;
        await this.deliver(alerts);
      }
    } finally {
      // In the same step as the last look at the queue, so that an alert queued meanwhile starts a new worker.
      this.worker = undefined;
    }
  }

  /** The first alert waiting, and those after it that fit in the same message (formats/format.ts maxTextBytes). */
  private takeFold(): QueuedAlert[] {
    const alerts = this.queue.splice(0, 1);
    let bytes = Buffer.byteLength(alerts[0]?.text ?? '');
    while (this.queue.length > 0) {
      // The 2 bytes of the blank line between two alerts' texts.
      const next = bytes + 2 + Buffer.byteLength(this.queue[0]!.text);
      if (next > this.format.maxTextBytes) break;
      alerts.push(this.queue.shift()!);
      bytes = next;
    }
    return alerts;
  }

  private async deliver(alerts: QueuedAlert[]): Promise<void> {
    let attempts = 0;
    let lastError = '';
    for (;;) {
      attempts += 1;
      // Made again for each attempt: a signature carries its time, which the robot checks.
      const { url, body } = this.format.request(alerts, new URL(this.url), this.secret, Date.now());
      let retry = true;
      try {
        this.sentAt.push(Date.now());
        const refusal = this.format.refusal(await post(url, body, this.tuning.timeoutMs));
        if (!refusal) return;
        lastError = refusal.reason;
        retry = refusal.retry;
      } catch (error) {
        lastError = (error as Error).message;
      }
      lastError = hideSecrets(lastError, [this.url, url.href], this.secret);
      if (!retry || this.closed || attempts > this.tuning.retries) break;
      await this.wait(this.tuning.backoffMs * 2 ** (attempts - 1));
      await this.rateRoom();
      if (this.closed) break;
    }
    const title = alerts.map((alert) => alert.payload.message).join(' | ');
    this.report('sink.webhook-failed', { title, attempts, reason: lastError });
  }

  /** Whether one more request now keeps within the format's messages-a-minute limit. */
  private hasRoom(): boolean {
    const since = Date.now() - this.tuning.rateWindowMs;
    while (this.sentAt.length > 0 && this.sentAt[0]! <= since) this.sentAt.shift();
    return this.sentAt.length < this.format.perMinute;
  }

  /** Waits until there is room for one more request (no wait while closing). */
  private async rateRoom(): Promise<void> {
    while (!this.closed && !this.hasRoom()) await this.wait(this.sentAt[0]! + this.tuning.rateWindowMs - Date.now());
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
 * and then stalls, or streams without end, cannot hold the socket. Resolves with the body read after a 2xx status,
 * even one cut short by the deadline or the cap (the format then reads it: an error code, or taken), else rejects.
 */
function post(url: URL, body: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let status: number | undefined;
    const chunks: Buffer[] = [];
    const settle = (error?: Error) => {
      clearTimeout(timer);
      request.destroy();
      if (status === undefined) reject(error ?? new Error('no answer'));
      else if (status >= 200 && status < 300) resolve(Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES).toString('utf8'));
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
        chunks.push(chunk);
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
 * An error text without secrets: errors of the HTTP stack may quote the URL, a path, a host or a header, and a robot's
 * answer may quote what it was sent. Each secret part of each URL (user name, password, query values, fragment) and
 * the signing secret are replaced wherever they appear, raw or encoded.
 */
export function hideSecrets(text: string, urls: readonly string[], signingSecret = ''): string {
  const parts = urls.flatMap((url) => {
    try {
      const parsed = new URL(url);
      return [parsed.username, parsed.password, ...parsed.searchParams.values(), parsed.hash.slice(1)];
    } catch {
      return [];
    }
  });
  const secrets = [...parts, signingSecret]
    .flatMap((secret) => [secret, safeDecode(secret), encodeURIComponent(secret)])
    // Shorter values are no secret worth the name ("?v=1"), and hiding them would mangle every address in the text.
    .filter((secret) => secret.length >= MIN_SECRET_LENGTH)
    // Longest first, so that a secret containing another is replaced whole.
    .sort((a, b) => b.length - a.length);
  let shown = text;
  for (const url of urls) shown = shown.split(url).join(redactUrl(url));
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

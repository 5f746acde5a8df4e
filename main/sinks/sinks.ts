/**
 * The alert sinks of one monitor, shared by `ntp-monitor watch` and the desktop app: the sample log, the webhook and
 * the Prometheus endpoint. A MonitorListener: the monitor feeds it every result and transition and its settings.
 */
import { hostname } from 'node:os';
import { translate, type Language } from '../i18n/translate.js';
import type { MonitorListener, MonitorView } from '../monitor/listener.js';
import type { ResultEvent } from '../judging/events.js';
import { parseListenAddress } from '../settings/listen-address.js';
import type { Settings } from '../settings/settings.js';
import type { CheckedSettings } from '../settings/validate.js';
import { isAlert, type Transition } from '../judging/transition.js';
import { MonitorMetrics } from './metrics.js';
import { startMetricsServer, type MetricsServer } from './metrics-server.js';
import type { RotationOptions } from './rotating-file.js';
import { robotText, timeServiceRobotText } from './formats/robot-text.js';
import { isTimeServiceAlert, type TimeServiceChange } from '../monitor/time-service.js';
import { SampleLog } from './sample-log.js';
import { timeServicePayload, webhookPayload, WebhookSink, type WebhookTuning } from './webhook.js';

export interface SinksOptions {
  language: Language;
  /** Sample lines also go to this stream (`watch`: stdout; the desktop: none). */
  stream?: NodeJS.WritableStream;
  /** The sample log file, rotated by size (`watch --log FILE`; the desktop: a file in its logs folder). */
  logFile?: string;
  rotation?: Partial<RotationOptions>;
  webhook?: Partial<WebhookTuning>;
  /** The sinks' own troubles, one sentence each: log not writable, webhook not delivered, metrics port taken. */
  onTrouble?: (message: string) => void;
}

export class AlertSinks implements MonitorListener {
  readonly log: SampleLog;
  readonly metrics = new MonitorMetrics();
  private language: Language;
  private webhook: WebhookSink | undefined;
  private metricsServer: MetricsServer | undefined;
  private metricsListen = '';
  private readonly closing = new Set<Promise<void>>();
  /** Named in robot messages: which of several monitors saw the change. */
  private readonly host = hostname();

  /** Rejects, leaving nothing open, when metrics are asked for and their address cannot be listened on. */
  static async start(checked: CheckedSettings, options: SinksOptions): Promise<AlertSinks> {
    const sinks = new AlertSinks(options);
    await sinks.listen(checked.settings.metricsListen);
    sinks.log.format = checked.settings.logFormat;
    sinks.configure(checked);
    return sinks;
  }

  private constructor(private readonly options: SinksOptions) {
    this.language = options.language;
    this.log = new SampleLog({ language: options.language, stream: options.stream, file: options.logFile, rotation: options.rotation, onTrouble: options.onTrouble });
  }

  /** "http://127.0.0.1:9123/metrics" while the endpoint is on. */
  get metricsUrl(): string | undefined {
    return this.metricsServer?.url;
  }

  get webhookPending(): number {
    return this.webhook?.pending ?? 0;
  }

  onResult(event: ResultEvent, monitor?: MonitorView): void {
    this.log.result(event);
    this.metrics.observe(event, monitor?.verdict());
    // Every read, not only a change: what the daemon believes moves each round.
    if (monitor) this.metrics.timeService.observe(monitor.timeService());
  }

  onTimeService(change: TimeServiceChange, monitor?: MonitorView): void {
    this.log.timeService(change);
    if (monitor) this.metrics.timeService.observe(monitor.timeService());
    if (this.webhook && isTimeServiceAlert(change)) this.webhook.send(timeServicePayload(change, this.language), timeServiceRobotText(change, this.language, this.host));
  }

  onTransition(t: Transition, monitor?: MonitorView): void {
    this.log.transition(t);
    if (t.verdict && monitor) this.metrics.observeVerdict(monitor.verdict());
    if (this.webhook && isAlert(t)) this.webhook.send(webhookPayload(t, this.language), robotText(t, this.language, this.host));
  }

  /** A line for the operator in the sample log (stream and file). */
  note(message: string): void {
    this.log.note(message);
  }

  /** Applies changed settings; a metrics address that cannot be listened on is reported and the old one kept. */
  async apply(checked: CheckedSettings, language: Language = this.language): Promise<void> {
    this.language = language;
    this.log.language = language;
    this.log.format = checked.settings.logFormat;
    try {
      await this.listen(checked.settings.metricsListen);
    } catch (error) {
      this.trouble((error as Error).message);
    }
    this.configure(checked);
  }

  /** Closes the endpoint, lets webhook deliveries under way finish (within their deadline), flushes the log (within its cap). */
  async close(): Promise<void> {
    this.retireWebhook();
    const server = this.metricsServer;
    this.metricsServer = undefined;
    await Promise.all([server?.close(), ...this.closing]);
    await this.log.close();
  }

  private configure({ settings, addresses }: CheckedSettings): void {
    this.metrics.configure(settings, addresses.map((address) => address.text));
    const current = this.webhook;
    const same = current
      ? current.url === settings.webhookUrl && current.formatName === settings.webhookFormat && current.secret === settings.webhookSecret
      : settings.webhookUrl === '';
    if (!same) {
      this.retireWebhook();
      if (settings.webhookUrl !== '') this.webhook = this.newWebhook(settings);
    }
    if (this.webhook) this.webhook.language = this.language;
  }

  private newWebhook({ webhookUrl: url, webhookFormat: format, webhookSecret: secret }: Settings): WebhookSink {
    return new WebhookSink({ url, format, secret, language: this.language, report: (message) => this.trouble(message), ...this.options.webhook });
  }

  private retireWebhook(): void {
    if (!this.webhook) return;
    const closing = this.webhook.close().finally(() => this.closing.delete(closing));
    this.closing.add(closing);
    this.webhook = undefined;
  }

  private async listen(listen: string): Promise<void> {
    if (listen === this.metricsListen) return;
    const old = this.metricsServer;
    const address = listen === '' ? null : parseListenAddress(listen);
    if (listen !== '' && !address) throw new Error(translate(this.language, 'settings.bad-listen', { field: 'metricsListen', value: listen }));
    if (address) {
      try {
        this.metricsServer = await startMetricsServer(this.metrics.registry, address);
      } catch (error) {
        const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
        throw new Error(translate(this.language, 'sink.metrics-failed', { address: listen, reason }));
      }
    } else {
      this.metricsServer = undefined;
    }
    this.metricsListen = listen;
    await old?.close();
  }

  private trouble(message: string): void {
    this.options.onTrouble?.(message);
    this.log.noteInFile(message);
  }
}

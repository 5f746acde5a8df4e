/**
 * The sample log: one line per sample, failure, transition and note, to a stream (stdout for `watch`) and to a file
 * rotated by size, as `TIME KIND key=value...` text or one JSON object a line (log-record.ts). A log that cannot be
 * written never stops monitoring: the trouble is reported once, and again only after the file has worked in between.
 * The file is written in the background from a bounded buffer, so that a slow or stuck file never holds up polls or
 * signals.
 */
import { printable } from '../i18n/display.js';
import { translate, type Language } from '../i18n/translate.js';
import type { ResultEvent } from '../judging/events.js';
import type { Transition } from '../judging/transition.js';
import type { LogFormat } from '../settings/settings.js';
import { formatRecord, noteRecord, resultRecord, timeServiceRecord, transitionRecord, type LogRecord } from './log-record.js';
import type { TimeServiceChange } from '../monitor/time-service.js';
import { DEFAULT_LOG_QUEUE, LogQueue } from './log-queue.js';
import { DEFAULT_ROTATION, RotatingFile, type RotationOptions } from './rotating-file.js';

export interface SampleLogOptions {
  language: Language;
  /** Text (the default) or JSON lines. */
  format?: LogFormat;
  stream?: NodeJS.WritableStream;
  file?: string;
  rotation?: Partial<RotationOptions>;
  /** Bytes of lines that may wait for a slow file before new ones are dropped (and counted). */
  maxWaitingBytes?: number;
  /** Wait before offering lines again to a pipe that was full. */
  retryMs?: number;
  /** Told when the file or the stream cannot be written, or could not keep up. */
  onTrouble?: (message: string) => void;
}

/** How long shutdown waits for the stream and the file to take the last lines: a FIFO nobody reads must not hang it. */
export const FLUSH_CAP_MS = 2_000;

export class SampleLog {
  private readonly file: LogQueue | undefined;
  private readonly path: string | undefined;
  private fileFailing = false;
  private streamFailed = false;
  language: Language;
  format: LogFormat;

  constructor(private readonly options: SampleLogOptions) {
    this.language = options.language;
    this.format = options.format ?? 'text';
    this.path = options.file;
    if (options.file) {
      const file = new RotatingFile(options.file, { ...DEFAULT_ROTATION, ...options.rotation });
      this.file = new LogQueue(file, {
        maxBytes: options.maxWaitingBytes ?? DEFAULT_LOG_QUEUE.maxBytes,
        retryMs: options.retryMs ?? DEFAULT_LOG_QUEUE.retryMs,
        dropped: (count) => this.dropped(count),
        failed: (error) => this.failed(error),
        written: () => (this.fileFailing = false),
      });
    }
    // A closed stdout (EPIPE) must not take the monitor down with it.
    options.stream?.on('error', (error: Error) => {
      if (!this.streamFailed) options.onTrouble?.(error.message);
      this.streamFailed = true;
    });
  }

  result(event: ResultEvent): void {
    this.write(resultRecord(event, this.language));
  }

  transition(t: Transition): void {
    this.write(transitionRecord(t, this.language));
  }

  /** A confirmed change of the time service's verdict. */
  timeService(change: TimeServiceChange): void {
    this.write(timeServiceRecord(change, this.language));
  }

  /** Something the operator should read: started, reloaded, a webhook that failed. */
  note(message: string): void {
    this.write(noteRecord(message));
  }

  /** Only in the file: for troubles already told elsewhere (stderr, the desktop's own log). */
  noteInFile(message: string): void {
    this.writeFile(this.line(noteRecord(message)));
  }

  /**
   * Resolves once the stream and the file have taken every line written so far, or after `capMs`: what the file has
   * not taken by then is reported, never waited for.
   */
  async flush(capMs: number = FLUSH_CAP_MS): Promise<void> {
    const [, all] = await Promise.all([this.flushStream(capMs), this.file?.flush(capMs) ?? true]);
    if (!all) this.options.onTrouble?.(translate(this.language, 'sink.log-unflushed', { file: this.path!, count: this.file!.waiting }));
  }

  /** Flushes (within `capMs`) and lets the file go. */
  async close(capMs: number = FLUSH_CAP_MS): Promise<void> {
    await this.flush(capMs);
    await this.file?.close();
  }

  private flushStream(capMs: number): Promise<void> {
    const stream = this.options.stream;
    if (!stream || this.streamFailed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, capMs);
      stream.write('', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private line(record: LogRecord): string {
    return formatRecord(record, this.format) + '\n';
  }

  private write(record: LogRecord): void {
    const text = this.line(record);
    if (this.options.stream && !this.streamFailed) this.options.stream.write(text);
    this.writeFile(text);
  }

  private writeFile(text: string): void {
    this.file?.push(text);
  }

  private failed(error: Error): void {
    if (!this.fileFailing) {
      const reason = (error as NodeJS.ErrnoException).code ?? error.message;
      this.options.onTrouble?.(translate(this.language, 'sink.log-failed', { file: this.path!, reason }));
    }
    this.fileFailing = true;
  }

  /** The line that stands where lines were dropped, in the file; the operator is told too. */
  private dropped(count: number): string {
    const message = translate(this.language, 'sink.log-dropped', { count });
    this.options.onTrouble?.(`${printable(this.path!)}: ${message}`);
    return this.line(noteRecord(message));
  }
}

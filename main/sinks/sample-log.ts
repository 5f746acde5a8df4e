/**
 * The sample log: one line per sample, failure, transition and note, to a stream (stdout for `watch`) and to a file
 * rotated by size. Lines are `TIME KIND key=value...`, easy to read and to grep. A log that cannot be written never
 * stops monitoring: the trouble is reported once, and again only after the file has worked in between. The file is
 * written in the background from a bounded buffer, so that a slow or stuck file never holds up polls or signals.
 */
import { printable } from '../i18n/display.js';
import { translate, type Language } from '../i18n/translate.js';
import type { ResultEvent } from '../judging/events.js';
import { describeTransition } from '../i18n/describe.js';
import type { Transition } from '../judging/transition.js';
import { DEFAULT_LOG_QUEUE, LogQueue } from './log-queue.js';
import { DEFAULT_ROTATION, RotatingFile, type RotationOptions } from './rotating-file.js';

export interface SampleLogOptions {
  language: Language;
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

export function resultLine(event: ResultEvent): string {
  const { result, status } = event;
  if (result.ok) {
    const s = result.sample;
    return `${iso(event.knownAt)} sample server=${event.server} offset=${signedMs(s.offsetMs)} delay=${ms(s.delayMs)} stratum=${s.stratum}${s.authenticated ? ' auth=nts' : ''} state=${status.state}`;
  }
  const f = result.failure;
  const code = f.code ? ` code=${f.code}` : '';
  return `${iso(event.knownAt)} failure server=${event.server} kind=${f.kind}${code} state=${status.state} message=${JSON.stringify(f.message)}`;
}

/** The subject of a verdict about this computer's clock (local-clock, leap), which has no server of its own. */
const THIS_COMPUTER = 'this-computer';

/**
 * `offset=` is always a server's offset from this computer (positive: the server is ahead); a verdict's own figure
 * gets a key naming what it is, so that its sign is never read against the message's words.
 */
function offsetField(t: Transition): string {
  if (t.verdict?.reason === 'local-clock') return ` consensus-offset=${signedMs(t.verdict.offsetMs)}`;
  if (t.verdict?.reason === 'falseticker') return ` offset-from-consensus=${signedMs(t.verdict.offsetMs)}`;
  if (t.verdict || !t.sample) return '';
  return ` offset=${signedMs(t.sample.offsetMs)}`;
}

export function transitionLine(t: Transition, lang: Language): string {
  const server = t.verdict && t.verdict.reason !== 'falseticker' ? THIS_COMPUTER : t.server;
  const offset = offsetField(t);
  const threshold = t.thresholdSeconds !== undefined ? ` threshold=${t.thresholdSeconds}s` : '';
  const reason = t.failure ? ` kind=${t.failure.kind}` : t.verdict ? ` reason=${t.verdict.reason}` : '';
  const folded = t.foldedInto ? ` folded-into=${t.foldedInto}` : '';
  const message = describeTransition(t, lang).body;
  return `${iso(t.at)} transition server=${server} from=${t.from} to=${t.to}${offset}${threshold}${reason}${folded} message=${JSON.stringify(message)}`;
}

export function noteLine(message: string, at: number = Date.now()): string {
  return `${iso(at)} note message=${JSON.stringify(message)}`;
}

export class SampleLog {
  private readonly file: LogQueue | undefined;
  private readonly path: string | undefined;
  private fileFailing = false;
  private streamFailed = false;
  language: Language;

  constructor(private readonly options: SampleLogOptions) {
    this.language = options.language;
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
    this.write(resultLine(event));
  }

  transition(t: Transition): void {
    this.write(transitionLine(t, this.language));
  }

  /** Something the operator should read: started, reloaded, a webhook that failed. */
  note(message: string): void {
    this.write(noteLine(message));
  }

  /** Only in the file: for troubles already told elsewhere (stderr, the desktop's own log). */
  noteInFile(message: string): void {
    this.writeFile(noteLine(message) + '\n');
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

  private write(line: string): void {
    const text = line + '\n';
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
    return noteLine(message) + '\n';
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Milliseconds to the microsecond, the resolution an NTP exchange over a network can honestly claim. */
function ms(value: number): string {
  return `${value.toFixed(3)}ms`;
}

function signedMs(value: number): string {
  return (value < 0 ? '' : '+') + ms(value);
}

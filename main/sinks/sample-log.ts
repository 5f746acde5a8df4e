/**
 * The sample log: one line per sample, failure, transition and note, to a stream (stdout for `watch`) and to a file
 * rotated by size. Lines are `TIME KIND key=value...`, easy to read and to grep. A log that cannot be written never
 * stops monitoring: the trouble is reported once, and again only after the file has worked in between.
 */
import { translate, type Language } from '../i18n/translate.js';
import type { ResultEvent } from '../scheduler/scheduler.js';
import { describeTransition } from '../transitions/describe.js';
import type { Transition } from '../transitions/transition.js';
import { DEFAULT_ROTATION, RotatingFile, type RotationOptions } from './rotating-file.js';

export interface SampleLogOptions {
  language: Language;
  stream?: NodeJS.WritableStream;
  file?: string;
  rotation?: Partial<RotationOptions>;
  /** Told when the file or the stream cannot be written. */
  onTrouble?: (message: string) => void;
}

export function resultLine(event: ResultEvent): string {
  const { result, status } = event;
  if (result.ok) {
    const s = result.sample;
    return `${iso(s.at)} sample server=${event.server} offset=${signedMs(s.offsetMs)} delay=${ms(s.delayMs)} stratum=${s.stratum} state=${status.state}`;
  }
  const f = result.failure;
  const code = f.code ? ` code=${f.code}` : '';
  return `${iso(f.at)} failure server=${event.server} kind=${f.kind}${code} state=${status.state} message=${JSON.stringify(f.message)}`;
}

export function transitionLine(t: Transition, lang: Language): string {
  const offset = t.sample ? ` offset=${signedMs(t.sample.offsetMs)}` : '';
  const threshold = t.thresholdSeconds !== undefined ? ` threshold=${t.thresholdSeconds}s` : '';
  const reason = t.failure ? ` kind=${t.failure.kind}` : '';
  const message = describeTransition(t, lang).body;
  return `${iso(t.at)} transition server=${t.server} from=${t.from} to=${t.to}${offset}${threshold}${reason} message=${JSON.stringify(message)}`;
}

export function noteLine(message: string, at: number = Date.now()): string {
  return `${iso(at)} note message=${JSON.stringify(message)}`;
}

export class SampleLog {
  private readonly file: RotatingFile | undefined;
  private fileFailing = false;
  private streamFailed = false;
  language: Language;

  constructor(private readonly options: SampleLogOptions) {
    this.language = options.language;
    if (options.file) this.file = new RotatingFile(options.file, { ...DEFAULT_ROTATION, ...options.rotation });
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

  /** Resolves once the stream has taken every line written so far; the file is written synchronously. */
  flush(): Promise<void> {
    const stream = this.options.stream;
    if (!stream || this.streamFailed) return Promise.resolve();
    return new Promise((resolve) => stream.write('', () => resolve()));
  }

  private write(line: string): void {
    const text = line + '\n';
    if (this.options.stream && !this.streamFailed) this.options.stream.write(text);
    this.writeFile(text);
  }

  private writeFile(text: string): void {
    if (!this.file) return;
    try {
      this.file.append(text);
      this.fileFailing = false;
    } catch (error) {
      if (!this.fileFailing) {
        const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
        this.options.onTrouble?.(translate(this.language, 'sink.log-failed', { file: this.file.path, reason }));
      }
      this.fileFailing = true;
    }
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

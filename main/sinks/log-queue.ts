/**
 * The way of the sample log's lines to their file: they wait in a bounded buffer and are written in the background,
 * in order, one write at a time, so that a slow disk, a network file system or a FIFO nobody reads never holds up a
 * poll or a signal. When the buffer is full, new lines are dropped and counted, and the count is written in their
 * place once the file takes lines again.
 */
import type { RotatingFile } from './rotating-file.js';

export interface LogQueueOptions {
  /** Bytes waiting at most (one line more for the count of dropped ones). */
  maxBytes: number;
  /** Wait before offering the rest again to a pipe that was full. */
  retryMs: number;
  /** Told how many lines were dropped, once there is room again; returns the line that stands in their place. */
  dropped: (count: number) => string;
  /** A write failed; the lines in it are lost, as they are for any log that cannot be written. */
  failed: (error: Error) => void;
  /** A write succeeded. */
  written: () => void;
}

export const DEFAULT_LOG_QUEUE = { maxBytes: 1024 * 1024, retryMs: 200 };

export class LogQueue {
  private lines: string[] = [];
  /** Of a batch, what a full pipe has not taken yet. */
  private unsent: Buffer | undefined;
  private bytes = 0;
  private droppedLines = 0;
  private writing = false;
  private closed = false;
  private retry: NodeJS.Timeout | undefined;
  private readonly whenIdle = new Set<() => void>();

  constructor(
    private readonly file: RotatingFile,
    private readonly options: LogQueueOptions,
  ) {}

  /** Lines still waiting for the file. */
  get waiting(): number {
    const unsentLines = this.unsent ? this.unsent.toString().split('\n').length - 1 : 0;
    return this.lines.length + unsentLines + this.droppedLines;
  }

  /** Returns at once: the line is written later, or dropped and counted if too much waits already. */
  push(line: string): void {
    const size = Buffer.byteLength(line);
    if (this.bytes + size > this.options.maxBytes) {
      this.droppedLines += 1;
      return;
    }
    this.noteDropped();
    this.add(line, size);
  }

  /** Resolves true once every line so far is written, or false when `capMs` passed first. */
  flush(capMs: number): Promise<boolean> {
    // No later line may come to carry the count: write it now.
    this.noteDropped();
    if (this.idle()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (all: boolean) => {
        clearTimeout(timer);
        this.whenIdle.delete(onIdle);
        resolve(all);
      };
      const onIdle = () => done(true);
      const timer = setTimeout(() => done(false), capMs);
      this.whenIdle.add(onIdle);
    });
  }

  /** Stops retrying and closes the file; what still waits is given up. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    this.retry = undefined;
    this.lines = [];
    this.unsent = undefined;
    await this.file.close();
  }

  private noteDropped(): void {
    if (this.droppedLines === 0) return;
    const note = this.options.dropped(this.droppedLines);
    this.droppedLines = 0;
    this.add(note, Buffer.byteLength(note));
  }

  private add(line: string, size: number): void {
    if (this.closed) return;
    this.lines.push(line);
    this.bytes += size;
    if (!this.writing && !this.retry) void this.drain();
  }

  private idle(): boolean {
    return !this.writing && !this.retry && !this.unsent && this.lines.length === 0;
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (!this.closed) {
        if (!this.unsent) {
          if (this.lines.length === 0) break;
          this.unsent = Buffer.from(this.lines.join(''));
          this.lines = [];
        }
        const batch = this.unsent;
        let taken: number;
        try {
          taken = await this.file.write(batch);
        } catch (error) {
          this.bytes -= batch.length;
          this.unsent = undefined;
          this.options.failed(error as Error);
          continue;
        }
        this.bytes -= taken;
        this.unsent = taken < batch.length ? batch.subarray(taken) : undefined;
        if (taken > 0) this.options.written();
        if (this.unsent && !this.closed) {
          // A pipe that is full: its reader is slow. Offer the rest again a little later; the buffer bounds the wait.
          this.retry = setTimeout(() => {
            this.retry = undefined;
            void this.drain();
          }, this.options.retryMs);
          break;
        }
      }
    } finally {
      this.writing = false;
      if (this.idle()) for (const onIdle of [...this.whenIdle]) onIdle();
    }
  }
}

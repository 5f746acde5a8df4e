/** What a CLI command reads and writes, passed in so that tests run commands in-process with captured streams. */
import { EventEmitter } from 'node:events';
import { fstatSync, writeSync } from 'node:fs';

/** The streams and environment of one command run. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

/**
 * The program's standard output. On a pipe, a socket or a file (a monitoring agent, cron, systemd), a stream that
 * writes straight to descriptor 1: process.stdout first builds a stream for the descriptor (a net.Socket on a pipe,
 * about 0.7 ms of each `check`'s start, issue 19), and on Linux it writes to those synchronously too. A terminal, and
 * Windows, keep process.stdout, which knows their encodings.
 */
export function programStdout(): NodeJS.WritableStream {
  if (process.platform === 'win32' || !isPipeOrFile(1)) return process.stdout;
  return descriptorStream(1, () => process.stdout);
}

/**
 * A stream that writes each chunk to `fd` at once. A descriptor that would block (a non-blocking pipe shared with
 * the parent, full) hands the rest, and every later chunk, to `fallback()`, a stream that waits for it.
 */
export function descriptorStream(fd: number, fallback: () => NodeJS.WritableStream): NodeJS.WritableStream {
  return new DescriptorStream(fd, fallback);
}

type Done = (error?: Error | null) => void;

/**
 * Not a stream.Writable: its machinery is Node's own JavaScript, compiled in each process on first use, 0.6 ms of a
 * `check` that writes two lines (issue 19, decision 43). What the commands use of a stream is here: write with its
 * callback, end, 'error', and 'drain' once writes go to the fallback.
 */
class DescriptorStream extends EventEmitter implements NodeJS.WritableStream {
  writable = true;
  private waiting: NodeJS.WritableStream | undefined;

  /** Bytes not yet written out: only the fallback's, since this stream writes each chunk before write() returns. */
  get writableLength(): number {
    return unwritten(this.waiting);
  }

  constructor(
    private readonly fd: number,
    private readonly fallback: () => NodeJS.WritableStream,
  ) {
    super();
  }

  write(chunk: Uint8Array | string, encodingOrDone?: BufferEncoding | Done, maybeDone?: Done): boolean {
    const done = typeof encodingOrDone === 'function' ? encodingOrDone : maybeDone;
    const data = typeof chunk === 'string' ? Buffer.from(chunk, typeof encodingOrDone === 'string' ? encodingOrDone : 'utf8') : chunk;
    if (this.waiting) return this.waiting.write(data, done);
    let written = 0;
    try {
      while (written < data.length) written += writeSync(this.fd, data, written);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') {
        process.nextTick(() => {
          done?.(error as Error);
          this.emit('error', error);
        });
        return false;
      }
      return this.spill().write(data.subarray(written), done);
    }
    if (done) process.nextTick(done);
    return true;
  }

  end(...args: unknown[]): this {
    const done = args.find((arg): arg is () => void => typeof arg === 'function');
    if (typeof args[0] === 'string' || args[0] instanceof Uint8Array) this.write(args[0], typeof args[1] === 'string' ? (args[1] as BufferEncoding) : undefined);
    this.writable = false;
    if (this.waiting) this.waiting.end(done);
    else if (done) process.nextTick(done);
    return this;
  }

  /** From now on every chunk waits in the fallback; its 'drain' and 'error' become this stream's. */
  private spill(): NodeJS.WritableStream {
    const waiting = (this.waiting = this.fallback());
    waiting.on('drain', () => this.emit('drain'));
    waiting.on('error', (error: Error) => this.emit('error', error));
    return waiting;
  }
}

/**
 * Whether every byte written to these streams (those the run made; undefined for one never used) has gone out: an
 * exit now cuts nothing short. On Linux process.stdout and process.stderr write pipes and terminals at once, but not
 * everywhere (macOS pipes), and a descriptor stream's fallback may still hold what a full pipe refused.
 */
export function allWritten(streams: (NodeJS.WritableStream | undefined)[]): boolean {
  return streams.every((stream) => unwritten(stream) === 0);
}

/** A stream's bytes still waiting (`writableLength`, which NodeJS.WritableStream does not declare); 0 for none. */
function unwritten(stream: NodeJS.WritableStream | undefined): number {
  return (stream as { writableLength?: number } | undefined)?.writableLength ?? 0;
}

function isPipeOrFile(fd: number): boolean {
  try {
    const stat = fstatSync(fd);
    return stat.isFIFO() || stat.isSocket() || stat.isFile();
  } catch {
    return false;
  }
}

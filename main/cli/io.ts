/** What a CLI command reads and writes, passed in so that tests run commands in-process with captured streams. */
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
  let waiting: NodeJS.WritableStream | undefined;
  // node:stream on demand: a run that prints nothing need not load it.
  const { Writable } = process.getBuiltinModule('node:stream');
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (waiting) return void waiting.write(chunk, done);
      let written = 0;
      try {
        while (written < chunk.length) written += writeSync(fd, chunk, written);
        done();
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') return done(error as Error);
        waiting = fallback();
        waiting.write(chunk.subarray(written), done);
      }
    },
  });
}

function isPipeOrFile(fd: number): boolean {
  try {
    const stat = fstatSync(fd);
    return stat.isFIFO() || stat.isSocket() || stat.isFile();
  } catch {
    return false;
  }
}

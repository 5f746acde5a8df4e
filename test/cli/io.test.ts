import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { allWritten, descriptorStream } from '../../main/cli/io.js';
import { CLI, NODE } from '../support/cli.js';

const scratch = mkdtempSync(join(tmpdir(), 'ntp-monitor-io-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const write = (stream: NodeJS.WritableStream, chunk: Buffer) => new Promise<void>((done, fail) => stream.write(chunk, (error) => (error ? fail(error) : done())));

/** A named pipe opened at both ends without blocking, as a pipe shared with a parent process may be. */
function nonBlockingFifo(name: string) {
  const fifo = join(scratch, name);
  execFileSync('mkfifo', [fifo]);
  const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
  const writer = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
  return { reader, writer, close: () => [reader, writer].forEach((fd) => closeSync(fd)) };
}

describe('descriptorStream', () => {
  it('hands what a full non-blocking pipe refuses to the fallback, in order, and every later chunk too', async () => {
    const { reader, writer, close } = nonBlockingFifo('fifo');
    const fallback = new PassThrough();
    const spilled: Buffer[] = [];
    fallback.on('data', (c: Buffer) => spilled.push(c));
    const stream = descriptorStream(writer, () => fallback);
    // More than a pipe holds (64 KiB on Linux), then one more chunk after the pipe filled.
    const first = Buffer.alloc(200_000, 'a');
    const second = Buffer.from('after\n');
    await write(stream, first);
    await write(stream, second);
    const inPipe: Buffer[] = [];
    const buffer = Buffer.alloc(65_536);
    // The pipe is read dry: a non-blocking read of an empty pipe answers EAGAIN.
    const readSome = () => {
      try {
        return readSync(reader, buffer);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EAGAIN') return 0;
        throw error;
      }
    };
    for (let n; (n = readSome()) > 0; ) inPipe.push(Buffer.from(buffer.subarray(0, n)));
    close();
    expect(Buffer.concat(inPipe).length).toBeGreaterThan(0);
    expect(Buffer.concat(spilled).length).toBeGreaterThan(0);
    expect(Buffer.concat([...inPipe, ...spilled]).equals(Buffer.concat([first, second]))).toBe(true);
  });

  it('passes the fallback\'s backpressure on: write() says false, then the stream says drain', async () => {
    const { writer, close } = nonBlockingFifo('fifo-drain');
    const fallback = new PassThrough({ highWaterMark: 1024 });
    const stream = descriptorStream(writer, () => fallback);
    expect(stream.write(Buffer.alloc(200_000, 'b'))).toBe(false);
    const drained = new Promise((done) => stream.once('drain', done));
    fallback.resume();
    await drained;
    close();
  });

  it('calls back an empty write and end() once written, as sinks wait for them', async () => {
    const file = join(scratch, 'ended.txt');
    const fd = openSync(file, 'w');
    const stream = descriptorStream(fd, () => new PassThrough());
    await new Promise<void>((done) => stream.write('', () => done()));
    await new Promise<void>((done) => stream.end('last line\n', () => done()));
    closeSync(fd);
    expect(readFileSync(file, 'utf8')).toBe('last line\n');
    expect(stream.writable).toBe(false);
  });

  it('counts what its fallback still holds as unwritten, so that a check does not end before it goes out', async () => {
    const { writer, close } = nonBlockingFifo('fifo-pending');
    const fallback = new PassThrough({ highWaterMark: 1024 });
    const stream = descriptorStream(writer, () => fallback);
    expect(allWritten([stream, undefined])).toBe(true);
    stream.write(Buffer.alloc(200_000, 'c'));
    expect(allWritten([stream, undefined])).toBe(false);
    fallback.resume();
    await new Promise((done) => fallback.once('end', done).end());
    expect(allWritten([stream])).toBe(true);
    close();
  });

  it('reports a descriptor that fails for another reason as a stream error', async () => {
    const stream = descriptorStream(987_654, () => new PassThrough());
    const emitted = new Promise((done) => stream.on('error', done));
    await expect(write(stream, Buffer.from('x'))).rejects.toMatchObject({ code: 'EBADF' });
    expect(await emitted).toMatchObject({ code: 'EBADF' });
  });
});

/** Reads a non-blocking descriptor dry: what it holds now, without waiting. */
function readDry(fd: number): Buffer {
  const chunks: Buffer[] = [];
  const buffer = Buffer.alloc(65_536);
  for (;;) {
    try {
      const n = readSync(fd, buffer);
      if (n === 0) break;
      chunks.push(Buffer.from(buffer.subarray(0, n)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN') break;
      throw error;
    }
  }
  return Buffer.concat(chunks);
}

describe('the program\'s standard output', () => {
  it('of a check that answers while its reader is slow is delivered whole: the check does not end before it', async () => {
    // A non-blocking pipe already full, as when an agent reads late: the answer goes to process.stdout, and the check,
    // which otherwise ends the moment it answers (decision 43), must not end before it is out.
    const { reader, writer } = nonBlockingFifo('fifo-slow-reader');
    let filled = 0;
    try {
      for (;;) filled += writeSync(writer, Buffer.alloc(4096, 'x'));
    } catch (error) {
      expect((error as NodeJS.ErrnoException).code).toBe('EAGAIN');
    }
    const child = spawn(NODE, [CLI, 'check', '--daemon', 'none', '--json', '-t', '1', '127.0.0.1:1'], { stdio: ['ignore', writer, 'pipe'] });
    closeSync(writer);
    const exited = new Promise<number | null>((done) => child.on('exit', done));
    await new Promise((done) => setTimeout(done, 500));
    const received: Buffer[] = [];
    let code: number | null | undefined;
    void exited.then((c) => (code = c));
    // The child cannot have ended yet: its answer is still waiting for room in the pipe.
    expect(code).toBeUndefined();
    while (code === undefined) {
      received.push(readDry(reader));
      await new Promise((done) => setTimeout(done, 20));
    }
    received.push(readDry(reader));
    closeSync(reader);
    const all = Buffer.concat(received);
    expect(all.subarray(0, filled).every((byte) => byte === 0x78)).toBe(true);
    const answer = JSON.parse(all.subarray(filled).toString('utf8')) as { state: string; servers: unknown[] };
    expect(answer.state).toBe('critical');
    expect(answer.servers).toHaveLength(1);
    expect(code).toBe(2);
  });


  it('writes the same text to a pipe and to a file', () => {
    const piped = spawnSync(NODE, [CLI, 'help', 'check'], { encoding: 'utf8' }).stdout;
    const file = join(scratch, 'out.txt');
    const fd = openSync(file, 'w');
    spawnSync(NODE, [CLI, 'help', 'check'], { stdio: ['ignore', fd, 'pipe'] });
    closeSync(fd);
    expect(piped).toMatch(/^Usage: ntp-monitor check /);
    expect(readFileSync(file, 'utf8')).toBe(piped);
  });
});

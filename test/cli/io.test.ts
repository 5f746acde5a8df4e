import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readFileSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { descriptorStream } from '../../main/cli/io.js';
import { CLI, NODE } from '../support/cli.js';

const scratch = mkdtempSync(join(tmpdir(), 'ntp-monitor-io-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const write = (stream: NodeJS.WritableStream, chunk: Buffer) => new Promise<void>((done, fail) => stream.write(chunk, (error) => (error ? fail(error) : done())));

describe('descriptorStream', () => {
  it('hands what a full non-blocking pipe refuses to the fallback, in order, and every later chunk too', async () => {
    const fifo = join(scratch, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    const writer = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
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
    closeSync(reader);
    closeSync(writer);
    expect(Buffer.concat(inPipe).length).toBeGreaterThan(0);
    expect(Buffer.concat(spilled).length).toBeGreaterThan(0);
    expect(Buffer.concat([...inPipe, ...spilled]).equals(Buffer.concat([first, second]))).toBe(true);
  });

  it('passes the fallback\'s backpressure on: write() says false, then the stream says drain', async () => {
    const fifo = join(scratch, 'fifo-drain');
    execFileSync('mkfifo', [fifo]);
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    const writer = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
    const fallback = new PassThrough({ highWaterMark: 1024 });
    const stream = descriptorStream(writer, () => fallback);
    expect(stream.write(Buffer.alloc(200_000, 'b'))).toBe(false);
    const drained = new Promise((done) => stream.once('drain', done));
    fallback.resume();
    await drained;
    closeSync(reader);
    closeSync(writer);
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

  it('reports a descriptor that fails for another reason as a stream error', async () => {
    const stream = descriptorStream(987_654, () => new PassThrough());
    const emitted = new Promise((done) => stream.on('error', done));
    await expect(write(stream, Buffer.from('x'))).rejects.toMatchObject({ code: 'EBADF' });
    expect(await emitted).toMatchObject({ code: 'EBADF' });
  });
});

describe('the program\'s standard output', () => {
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

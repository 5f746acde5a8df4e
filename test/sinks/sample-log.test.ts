import { execFileSync } from 'node:child_process';
import { closeSync, constants, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { queryAny } from '../../main/ntp/query-any.js';
import type { Sample } from '../../main/ntp/result.js';
import { Scheduler } from '../../main/scheduler/scheduler.js';
import type { ResultEvent } from '../../main/judging/events.js';
import { defaultSettings } from '../../main/settings/settings.js';
import { RotatingFile } from '../../main/sinks/rotating-file.js';
import { SampleLog } from '../../main/sinks/sample-log.js';
import { startChronyd } from '../support/chronyd.js';
import { startFakeNtpServer } from '../support/fake-ntp-server.js';
import { checked } from '../support/settings.js';

const dir = mkdtempSync(join(tmpdir(), 'ntp-monitor-log-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk));
  return { stream, text: () => text };
}

describe('sample log lines', () => {
  it('gives time, server, offset, delay, stratum and state per sample, and each transition, from a real chronyd', async () => {
    const chronyd = await startChronyd();
    const out = capture();
    const file = join(dir, 'chronyd', 'samples.log');
    const log = new SampleLog({ language: 'en', stream: out.stream, file });
    const scheduler = new Scheduler(checked({ ...defaultSettings([chronyd.server]), confirm: 1 }), { query: queryAny });
    const samples: Sample[] = [];
    const knownAt: number[] = [];
    scheduler.on('result', (event: ResultEvent) => {
      if (event.result.ok) samples.push(event.result.sample);
      knownAt.push(event.knownAt);
      log.result(event);
    });
    scheduler.on('transition', (t) => log.transition(t));
    try {
      await scheduler.checkNow();
      await scheduler.checkNow();
    } finally {
      await scheduler.stop();
      await chronyd.stop();
    }
    await log.flush();
    const lines = out.text().trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    const [first, transition, second] = lines;
    // Dated when the result was known (after a burst's last reply), so that lines never go back in time.
    const sampleLine = (s: Sample, state: string, at: number) =>
      `${new Date(at).toISOString()} sample server=${chronyd.server} offset=${s.offsetMs < 0 ? '' : '+'}${s.offsetMs.toFixed(3)}ms delay=${s.delayMs.toFixed(3)}ms stratum=8 state=${state}`;
    expect(first).toBe(sampleLine(samples[0]!, 'ok', knownAt[0]!));
    expect(transition).toMatch(new RegExp(`^\\S+Z transition server=${chronyd.server} from=unknown to=ok offset=[-+]\\d+\\.\\d{3}ms message=".* (ahead of|behind|level with) this computer: OK\\."$`));
    expect(second).toBe(sampleLine(samples[1]!, 'ok', knownAt[1]!));
    // The file holds the same lines as the stream.
    expect(readFileSync(file, 'utf8')).toBe(out.text());
  });

  it('writes a failure with its kind and message, and the state it leaves', async () => {
    const silent = await startFakeNtpServer(() => ({ silent: true }));
    const out = capture();
    const log = new SampleLog({ language: 'en', stream: out.stream });
    const scheduler = new Scheduler(checked({ ...defaultSettings([silent.server]), timeoutMs: 150 }), { query: queryAny });
    scheduler.on('result', (event) => log.result(event));
    await scheduler.checkNow();
    await scheduler.stop();
    await silent.close();
    await log.flush();
    expect(out.text()).toMatch(
      new RegExp(`^\\S+Z failure server=${silent.server} kind=timeout state=unknown message="No reply within 150 ms\\."\\n$`),
    );
  });
});

describe('log file rotation', () => {
  it('keeps a few files of at most maxBytes each, the newest lines in FILE, older ones in FILE.1, FILE.2', async () => {
    const path = join(dir, 'rotate', 'samples.log');
    const file = new RotatingFile(path, { maxBytes: 100, maxFiles: 3 });
    const lines = Array.from({ length: 30 }, (_, i) => `line ${String(i).padStart(3, '0')} ${'x'.repeat(20)}\n`);
    // Some lines one by one, the rest in batches, as the log's queue hands them over.
    for (const line of lines.slice(0, 10)) await file.write(Buffer.from(line));
    for (const batch of [lines.slice(10, 17), lines.slice(17)]) await file.write(Buffer.from(batch.join('')));
    expect(existsSync(`${path}.3`)).toBe(false);
    const kept = [`${path}.2`, `${path}.1`, path].map((p) => readFileSync(p, 'utf8'));
    for (const p of [`${path}.2`, `${path}.1`, path]) expect(statSync(p).size).toBeLessThanOrEqual(100);
    // 30-byte lines, three to a file: the last nine lines, in order, nothing lost between the files kept.
    expect(kept).toEqual([lines.slice(21, 24).join(''), lines.slice(24, 27).join(''), lines.slice(27).join('')]);
  });

  it('continues the size count of a file that already exists', async () => {
    const path = join(dir, 'existing.log');
    writeFileSync(path, 'x'.repeat(90));
    await new RotatingFile(path, { maxBytes: 100, maxFiles: 2 }).write(Buffer.from('y'.repeat(20)));
    expect(readFileSync(`${path}.1`, 'utf8')).toBe('x'.repeat(90));
    expect(readFileSync(path, 'utf8')).toBe('y'.repeat(20));
  });
});

describe('a log file that cannot be written', () => {
  it('never stops the lines to the stream, and is reported once, then again only after it worked in between', async () => {
    const blocker = join(dir, 'blocker');
    writeFileSync(blocker, 'a file where a folder should be');
    const troubles: string[] = [];
    const out = capture();
    const log = new SampleLog({ language: 'en', stream: out.stream, file: join(blocker, 'samples.log'), onTrouble: (m) => troubles.push(m) });
    for (let i = 0; i < 3; i++) {
      log.note(`note ${i}`);
      await log.flush();
    }
    expect(troubles).toHaveLength(1);
    expect(troubles[0]).toBe(
      `cannot write the log file ${join(blocker, 'samples.log')} (EEXIST); monitoring goes on, and this is reported again only once the file has worked in between.`,
    );
    expect(out.text().match(/note message/g)).toHaveLength(3);

    rmSync(blocker);
    mkdirSync(blocker);
    log.note('works again');
    await log.flush();
    expect(readFileSync(join(blocker, 'samples.log'), 'utf8')).toContain('message="works again"');
    rmSync(blocker, { recursive: true });
    writeFileSync(blocker, 'blocked again');
    log.note('fails again');
    await log.flush();
    expect(troubles).toHaveLength(2);
  });
});

/** A named pipe in the test folder. */
function fifo(name: string): string {
  const path = join(dir, name);
  execFileSync('mkfifo', [path]);
  return path;
}

/** Everything the pipe holds right now, without waiting. */
function readAvailable(fd: number): string {
  const buffer = Buffer.alloc(64 * 1024);
  let text = '';
  for (;;) {
    try {
      const count = readSync(fd, buffer);
      if (count === 0) return text;
      text += buffer.toString('utf8', 0, count);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN') return text;
      throw error;
    }
  }
}

const messageOf = (line: string) => /message="(.*)"$/.exec(line)?.[1] ?? line;

describe('a log file that cannot keep up', () => {
  it('a FIFO nobody reads: nothing waits for it, the trouble is told once, and flushing returns', async () => {
    const path = fifo('unread.fifo');
    const troubles: string[] = [];
    const out = capture();
    const log = new SampleLog({ language: 'en', stream: out.stream, file: path, onTrouble: (m) => troubles.push(m) });
    for (let i = 0; i < 5; i++) log.note(`note ${i}`);
    await log.close();
    expect(out.text().match(/note message/g)).toHaveLength(5);
    expect(troubles).toEqual([`cannot write the log file ${path} (ENXIO); monitoring goes on, and this is reported again only once the file has worked in between.`]);
  });

  it('a slow reader: a bounded buffer, and every dropped line counted where it is missing once the reader catches up', async () => {
    const path = fifo('slow.fifo');
    const reader = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    cleanups.push(() => closeSync(reader));
    const troubles: string[] = [];
    const log = new SampleLog({ language: 'en', file: path, maxWaitingBytes: 4096, retryMs: 5, onTrouble: (m) => troubles.push(m) });
    // 200 kB offered while nobody reads: far more than the pipe (64 kB) and the buffer (4 kB) hold together.
    const total = 2_000;
    for (let i = 0; i < total; i++) {
      log.note(`line ${String(i).padStart(4, '0')} ${'x'.repeat(40)}`);
      if (i % 100 === 99) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    let received = '';
    const reading = setInterval(() => (received += readAvailable(reader)), 5);
    await log.flush(20_000);
    clearInterval(reading);
    received += readAvailable(reader);
    await log.close();

    // In order, and each gap stands where the count says: nothing lost without a word.
    let next = 0;
    let notes = 0;
    for (const message of received.trimEnd().split('\n').map(messageOf)) {
      const dropped = /^(\d+) lines dropped: the log file could not keep up$/.exec(message);
      if (dropped) {
        next += Number(dropped[1]);
        notes += 1;
      } else {
        expect(message).toBe(`line ${String(next).padStart(4, '0')} ${'x'.repeat(40)}`);
        next += 1;
      }
    }
    expect(next).toBe(total);
    expect(notes).toBeGreaterThan(0);
    expect(troubles).toHaveLength(notes);
    expect(troubles[0]).toMatch(new RegExp(`^${path}: \\d+ lines dropped: the log file could not keep up$`));
  });

  it('a reader that never reads: shutdown waits for it only as long as its cap, and says what was not written', async () => {
    const path = fifo('stuck.fifo');
    const reader = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    cleanups.push(() => closeSync(reader));
    const troubles: string[] = [];
    const log = new SampleLog({ language: 'en', file: path, retryMs: 5, onTrouble: (m) => troubles.push(m) });
    for (let i = 0; i < 2_000; i++) log.note(`line ${i} ${'x'.repeat(60)}`);
    await log.close(300);
    expect(troubles).toHaveLength(1);
    expect(troubles[0]).toMatch(new RegExp(`^the log file ${path} did not take its last \\d+ line\\(s\\) before shutdown\\.$`));
    expect(readAvailable(reader).split('\n')[0]).toMatch(/message="line 0 x+"$/);
  });
});

import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { csvField, csvRecord } from '../../main/history/export.js';
import type { HistoryRow } from '../../main/history/rows.js';
import { startChronyd, type Chronyd } from '../support/chronyd.js';
import { runCli } from '../support/cli.js';
import { startWatch, type WatchProcess } from '../support/watch-process.js';
import { NOT_RECORDED, openStore, tempDir } from './helpers.js';

const tmp = tempDir();
let chronyd: Chronyd;
const running: WatchProcess[] = [];
beforeAll(async () => {
  chronyd = await startChronyd();
});
afterEach(async () => {
  for (const w of running.splice(0)) {
    if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
    await w.exited;
  }
});
afterAll(async () => {
  await chronyd?.stop();
  tmp.remove();
});

const CSV_HEADER = 'at,server,state,offsetMs,delayMs,jitterMs,stratum,error,selection,falseticker,authenticated,clockState,consensusOffsetMs,errorKind,errorCode';
const csvRow = (server: string) =>
  new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z,${server.replace(/\./g, '\\.')},(unknown|ok),-?\\d+(\\.\\d+)?,\\d+(\\.\\d+)?,\\d+(\\.\\d+)?,8,,,false,false,unknown,,,$`);

describe('watch --history, killed with SIGKILL, then ntp-monitor history', () => {
  it('has every sample watch printed before the kill, as CSV with CRLF line ends', async () => {
    const file = tmp.path('killed/history.sqlite');
    const w = startWatch(['--server', chronyd.server, '--interval', '15', '--history', file]);
    running.push(w);
    await w.waitForLine(/ sample server=/);
    // Read while watch writes: its own connection, never blocked by the writer (WAL).
    const live = await runCli(['history', '--history', file, '--json']);
    expect(live.code).toBe(0);
    expect(live.stdout.trimEnd().split('\n').map((line) => JSON.parse(line).server)).toEqual([chronyd.server]);
    w.child.kill('SIGKILL');
    expect((await w.exited).signal).toBe('SIGKILL');
    const printed = w.lines.filter((line) => / sample server=/.test(line));

    const run = await runCli(['history', '--history', file, '--csv']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.endsWith('\r\n')).toBe(true);
    const lines = run.stdout.slice(0, -2).split('\r\n');
    expect(lines[0]).toBe(CSV_HEADER);
    expect(lines.slice(1)).toHaveLength(printed.length);
    for (const line of lines.slice(1)) expect(line).toMatch(csvRow(chronyd.server));
    // The same offset as the log line printed for it (to the microsecond); the row keeps when the sample was taken,
    // the line when its result was known (after a burst's last reply), a moment later.
    const [at, , , offset] = lines[1]!.split(',');
    expect(printed[0]).toContain(` sample server=${chronyd.server} offset=${Number(offset) < 0 ? '' : '+'}${Number(offset).toFixed(3)}ms`);
    const lineAt = Date.parse(printed[0]!.split(' ')[0]!);
    expect(lineAt - Date.parse(at!)).toBeGreaterThanOrEqual(0);
    expect(lineAt - Date.parse(at!)).toBeLessThan(1_000);
  });

  it('two watch started together on one new file both write into it, and nothing is set aside', async () => {
    const files = [1, 2, 3].map((n) => tmp.path(`pair-${n}/history.sqlite`));
    const pairs = files.map((file) => [0, 1].map(() => startWatch(['--server', chronyd.server, '--interval', '15', '--history', file])));
    running.push(...pairs.flat());
    await Promise.all(pairs.flat().map((w) => w.waitForLine(/ sample server=/)));
    for (const w of pairs.flat()) w.child.kill('SIGTERM');
    await Promise.all(pairs.flat().map((w) => w.exited));
    for (const [index, file] of files.entries()) {
      const printed = pairs[index]!.reduce((sum, w) => sum + w.lines.filter((line) => / sample server=/.test(line)).length, 0);
      expect(pairs[index]!.map((w) => w.stderr())).toEqual(['', '']);
      expect(readdirSync(dirname(file))).not.toContainEqual(expect.stringContaining('.bad-'));
      const run = await runCli(['history', '--history', file, '--json']);
      expect(run.stdout.trimEnd().split('\n')).toHaveLength(printed);
    }
  });

  it('writes JSON lines, filters by server and time, and says when a server has no rows', async () => {
    const file = tmp.path('json.sqlite');
    const { store } = await openStore(file);
    const at = Date.parse('2026-11-20T10:00:00Z');
    const row = (server: string, offset: number, when: number): HistoryRow => ({
      at: when, server, state: 'ok', ok: true, offsetMs: offset, delayMs: 1.5, jitterMs: null, stratum: 3, errorKind: null, errorMessage: null, ...NOT_RECORDED,
    });
    store.record(row('a.test', 1.0004, at));
    store.record(row('b.test', -2, at + 1000));
    store.record(row('a.test', 3, at + 86_400_000));
    store.close();
    const run = await runCli(['history', '--history', file, '--json', '--server', 'a.test', '--server', 'c.test', '--since', '2026-11-20', '--until', '2026-11-21T00:00:00Z']);
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split('\n').map((line) => JSON.parse(line))).toEqual([
      {
        at: '2026-11-20T10:00:00.000Z', server: 'a.test', state: 'ok', ok: true, offsetMs: 1, delayMs: 1.5, jitterMs: null, stratum: 3, error: null,
        selection: null, falseticker: null, authenticated: null, clockState: null, consensusOffsetMs: null,
      },
    ]);
    expect(run.stderr).toBe('ntp-monitor history: the file has no rows for c.test; servers in it: a.test, b.test.\n');
  });
});

/** Runs a command as nobody; only root can, and only where setpriv exists. */
const AS_NOBODY = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];
const canDropPrivileges = process.getuid?.() === 0 && spawnSync(AS_NOBODY[0]!, [...AS_NOBODY.slice(1), 'true']).status === 0;
if (!canDropPrivileges) console.warn('SKIPPED: the read-only reader tests need root and setpriv, to read as the unprivileged user nobody (uid 65534).');

describe.skipIf(!canDropPrivileges)('ntp-monitor history as a user who cannot write the file or its folder', () => {
  /** A folder only root may write (755), with a history file of two rows that the writer left open or closed. */
  async function rootsHistory(name: string): Promise<{ dir: string; file: string; close: () => void }> {
    const dir = tmp.path(name);
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(tmp.path(''), 0o755);
    const file = join(dir, 'h.sqlite');
    const { store } = await openStore(file);
    for (const [i, server] of ['a.test', 'b.test'].entries()) {
      store.record({ at: Date.now() - 60_000 + i, server, state: 'ok', ok: true, offsetMs: i, delayMs: 1, jitterMs: null, stratum: 2, errorKind: null, errorMessage: null, ...NOT_RECORDED });
    }
    return { dir, file, close: () => store.close() };
  }

  it('reads a file the stopped writer left, opening it read-only, as nobody', async () => {
    const { dir, file, close } = await rootsHistory('stopped');
    close();
    expect(readdirSync(dir)).toEqual(['h.sqlite']);
    const run = await runCli(['history', '--history', file, '--json'], {}, AS_NOBODY);
    expect(run.stderr).toBe('');
    expect(run).toMatchObject({ code: 0 });
    expect(run.stdout.trimEnd().split('\n').map((line) => JSON.parse(line).server)).toEqual(['a.test', 'b.test']);
    expect(readdirSync(dir)).toEqual(['h.sqlite']);
  });

  it('says so when the rows wait in a WAL that nobody may replay, and never shows the file without them', async () => {
    const { dir, file, close } = await rootsHistory('wal-only');
    // A copy of the file and its WAL without the -shm: the rows are in the WAL alone.
    const copy = tmp.path('wal-copy');
    mkdirSync(copy, { mode: 0o755 });
    for (const suffix of ['', '-wal']) copyFileSync(file + suffix, join(copy, 'h.sqlite' + suffix));
    close();
    expect(readdirSync(dir)).toEqual(['h.sqlite']);
    const copied = join(copy, 'h.sqlite');
    const run = await runCli(['history', '--history', copied], {}, AS_NOBODY);
    expect(run).toMatchObject({
      code: 3,
      stdout: '',
      stderr: `ntp-monitor history: cannot read ${copied}: its write-ahead log (${copied}-wal) holds rows not yet in the file, and replaying it needs to create ${copied}-shm in ${copy}, which this user may not write. Read it as the user that runs watch, or while watch runs.\n`,
    });
    const asRoot = await runCli(['history', '--history', copied, '--json']);
    expect(asRoot.stdout.trimEnd().split('\n')).toHaveLength(2);
  });
});

describe('ntp-monitor history with bad input', () => {
  it.each([
    [['--history', 'x', '--since', 'yesterday'], 'ntp-monitor history: --since: "yesterday" is not a time. Accepted: a duration back from now (90m, 24h, 7d, 2w) or an ISO-8601 date or time (2026-11-23, 2026-11-23T08:00:00Z).\n'],
    [['--history', 'x', '--since', '2026-11-23', '--until', '2026-11-22'], 'ntp-monitor history: --since (2026-11-23T00:00:00.000Z) must be before --until (2026-11-22T00:00:00.000Z).\n'],
    [['--history', 'x', '--since', '2026-02-30'], 'ntp-monitor history: --since: "2026-02-30" is not a time. Accepted: a duration back from now (90m, 24h, 7d, 2w) or an ISO-8601 date or time (2026-11-23, 2026-11-23T08:00:00Z).\n'],
    ...['1000000000d', '99999999999999999999d'].map((until) => [
      ['--history', 'missing.sqlite', '--since', '1s', '--until', until],
      `ntp-monitor history: --until: "${until}" is outside the accepted range, 1970-01-01T00:00:00.000Z to 9999-12-31T23:59:59.999Z. Give a shorter duration or a date in that range.\n`,
    ]),
    [['--csv', '--json', '--history', 'x'], 'ntp-monitor history: choose one output: --csv or --json.\n'],
    [[], 'ntp-monitor history: say which history database to read: --history FILE (the file given to watch --history), or --config FILE (the config.ini or settings JSON whose history = names it).\n'],
  ])('exits 3 saying what is accepted: %j', async (args, stderr) => {
    const run = await runCli(['history', ...args]);
    expect(run).toMatchObject({ code: 3, stdout: '', stderr });
  });

  it('exits 3 on a missing file, a file that is not a history database, and an unknown option', async () => {
    const missing = tmp.path('missing.sqlite');
    expect(await runCli(['history', '--history', missing])).toMatchObject({
      code: 3,
      stderr: `ntp-monitor history: ${missing} does not exist. Give the file that watch --history (or history = in config.ini) writes.\n`,
    });
    mkdirSync(tmp.path('bad'), { recursive: true });
    const text = tmp.path('bad/notes.txt');
    writeFileSync(text, 'not sqlite\n'.repeat(200));
    expect(await runCli(['history', '--history', text])).toMatchObject({ code: 3, stderr: `ntp-monitor history: cannot read ${text} as a history database (file is not a database).\n` });
    const unknown = await runCli(['history', '--from', '1h']);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain("Unknown option '--from'");
  });

  it('exits 3 at once on a FIFO, a directory or a device, saying what it is, instead of waiting for a writer', async () => {
    const fifo = tmp.path('fifo.sqlite');
    execFileSync('mkfifo', [fifo]);
    expect(await runCli(['history', '--history', fifo])).toMatchObject({
      code: 3,
      stderr: `ntp-monitor history: ${fifo} is a named pipe (FIFO), not a regular file. Give the file that watch --history (or history = in config.ini) writes.\n`,
    });
    expect((await runCli(['history', '--history', tmp.path('')])).stderr).toContain('is a directory, not a regular file.');
    expect((await runCli(['history', '--history', '/dev/null'], { LANG: 'zh_CN.UTF-8' })).stderr).toBe(
      'ntp-monitor history: /dev/null 是设备，不是普通文件。请给出 watch --history（或 config.ini 中 history =）写入的文件。\n',
    );
  }, 15_000);

  it('shows its help with --help, and the dispatcher lists it', async () => {
    const help = await runCli(['history', '--help']);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toContain(CSV_HEADER);
    expect((await runCli(['help'])).stdout).toMatch(/^ {2}history {2,}print what watch --history recorded/m);
  });

  it('speaks Chinese where the locale is Chinese', async () => {
    const run = await runCli(['history', '--history', tmp.path('nope.sqlite')], { LANG: 'zh_CN.UTF-8' });
    expect(run.stderr).toBe(`ntp-monitor history: ${tmp.path('nope.sqlite')} 不存在。请给出 watch --history（或 config.ini 中 history =）写入的文件。\n`);
  });
});

describe('CSV and time arguments', () => {
  it('quotes fields per RFC 4180 and makes control characters visible', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    const row: HistoryRow = {
      at: Date.UTC(2026, 0, 2, 3, 4, 5, 6), server: 'evil\n2026-01-01T00:00:00.000Z,forged', state: 'unreachable', ok: false,
      offsetMs: null, delayMs: null, jitterMs: null, stratum: null, errorKind: 'bogus', errorMessage: 'fails the "origin" check, ignored', ...NOT_RECORDED,
    };
    expect(csvRecord(row)).toBe('2026-01-02T03:04:05.006Z,"evil\\n2026-01-01T00:00:00.000Z,forged",unreachable,,,,,"bogus: fails the ""origin"" check, ignored",,,,,,bogus,\r\n');
  });

});

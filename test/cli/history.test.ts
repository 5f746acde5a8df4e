/** `ntp-monitor history --config FILE`: the history file found in the config.ini or settings JSON that watch is given. */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryRow } from '../../main/history/rows.js';
import { runCli } from '../support/cli.js';
import { NOT_RECORDED, openStore, tempDir } from '../history/helpers.js';

const tmp = tempDir();
const AT = Date.parse('2026-11-20T10:00:00Z');
const RANGE = ['--since', '2026-11-20', '--until', '2026-11-21'];

/** A history file holding one sample of `server`. */
async function historyOf(name: string, server: string): Promise<string> {
  const file = tmp.path(name);
  const { store } = await openStore(file);
  const row: HistoryRow = {
    at: AT, server, state: 'ok', ok: true, offsetMs: 1.5, delayMs: 2, jitterMs: 0, stratum: 2, errorKind: null, errorMessage: null, ...NOT_RECORDED,
  };
  store.record(row);
  store.close();
  return file;
}

const servers = (stdout: string) => stdout.trimEnd().split('\n').map((line) => JSON.parse(line).server);

let configured: string;
let other: string;
beforeAll(async () => {
  configured = await historyOf('configured.sqlite', 'from-config.test');
  other = await historyOf('other.sqlite', 'from-flag.test');
});
afterAll(() => tmp.remove());

describe('ntp-monitor history --config', () => {
  it('reads the file config.ini names in history =, as watch --config records into it', async () => {
    const ini = tmp.path('config.ini');
    writeFileSync(ini, `[ntp_server]\nserver_addr = from-config.test\ninterval = 64\nhistory = ${configured}\n`);
    const run = await runCli(['history', '--config', ini, '--json', ...RANGE]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(servers(run.stdout)).toEqual(['from-config.test']);
  });

  it('reads the settings JSON the desktop saves (historyFile), and --history given too wins', async () => {
    const json = tmp.path('settings.json');
    writeFileSync(json, JSON.stringify({ servers: ['from-config.test'], historyFile: configured }));
    const run = await runCli(['history', '--config', json, '--json', ...RANGE]);
    expect(servers(run.stdout)).toEqual(['from-config.test']);
    const both = await runCli(['history', '--config', json, '--history', other, '--json', ...RANGE]);
    expect(both).toMatchObject({ code: 0, stderr: '' });
    expect(servers(both.stdout)).toEqual(['from-flag.test']);
  });

  it('exits 3 when the file names no history file, saying how to give one, in both languages', async () => {
    const ini = tmp.path('no-history.ini');
    writeFileSync(ini, '[ntp_server]\nserver_addr = a.test\n');
    expect(await runCli(['history', '--config', ini])).toMatchObject({
      code: 3,
      stdout: '',
      stderr: `ntp-monitor history: ${ini} names no history file (history = FILE in config.ini, historyFile in JSON): give --history FILE, or add it to the file.\n`,
    });
    const zh = await runCli(['history', '--config', ini], { LANG: 'zh_CN.UTF-8' });
    expect(zh).toMatchObject({ code: 3, stderr: `ntp-monitor history: ${ini} 中没有指定历史文件（config.ini 中的 history = FILE，JSON 中的 historyFile）：请给出 --history FILE，或在该文件中添加。\n` });
  });

  it('refuses a file watch would refuse, listing every problem at once, and a missing one', async () => {
    const ini = tmp.path('bad.ini');
    writeFileSync(ini, `[ntp_server]\nserver_addr = a.test\nthreshhold = 5\ninterval = 5\nhistory = ${configured}\n`);
    const run = await runCli(['history', '--config', ini]);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^ntp-monitor history: .*bad\.ini.*threshhold/);
    expect(lines[1]).toMatch(/^ntp-monitor history: .*interval.*15/);
    const missing = await runCli(['history', '--config', tmp.path('nope.ini')]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/^ntp-monitor history: .*nope\.ini: /);
  });

  it('says both ways of naming the file when neither is given, and lists --config in the help of both languages', async () => {
    expect(await runCli(['history'])).toMatchObject({
      code: 3,
      stderr:
        'ntp-monitor history: say which history database to read: --history FILE (the file given to watch --history), or --config FILE (the config.ini or settings JSON whose history = names it).\n',
    });
    for (const env of [{ LANG: 'en_US.UTF-8' }, { LANG: 'zh_CN.UTF-8' }]) {
      const help = await runCli(['history', '--help'], env);
      expect(help.stdout).toMatch(/^--config FILE {3}\S/m);
    }
  });
});

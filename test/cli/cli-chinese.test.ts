/** The command line under LANG=zh_CN.UTF-8, spawned as a user runs it: help and table headers in Chinese, the plugin status word in English. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const ZH = { LANG: 'zh_CN.UTF-8' };
/** Terminal columns of a text: CJK characters take two. */
const columns = (text: string) => [...text].reduce((width, ch) => width + (/[\u2e80-\ua4cf\uff00-\uff60]/.test(ch) ? 2 : 1), 0);

describe('ntp-monitor under LANG=zh_CN.UTF-8', () => {
  it('prints every command’s --help, and the command list, in Chinese with every placeholder filled', async () => {
    const runs = await Promise.all([['--help'], ['check', '--help'], ['watch', '--help'], ['history', '--help'], ['help', 'watch']].map((args) => runCli(args, ZH)));
    for (const run of runs) {
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^用法：ntp-monitor /);
      expect(run.stdout).not.toContain('Usage:');
      expect(run.stdout).not.toMatch(/\{[a-zA-Z]+\}/);
    }
    const [usage, check, watch, history, helpWatch] = runs.map((run) => run.stdout);
    expect(usage).toContain('显示帮助');
    expect(check).toContain('每个应答最多等待的时间（0.1-60；默认 5）');
    expect(watch).toContain('--interval S           每台服务器两次轮询之间的秒数（15-86400；默认 64）');
    expect(history).toContain('at,server,state,offsetMs');
    expect(helpWatch).toBe(watch);
  });

  it('keeps English help for an English locale, and the same options in both languages', async () => {
    for (const command of ['check', 'watch', 'history']) {
      const [en, zh] = await Promise.all([runCli([command, '--help'], { LANG: 'en_US.UTF-8' }), runCli([command, '--help'], ZH)]);
      expect(en.stdout).toMatch(new RegExp(`^Usage: ntp-monitor ${command}`));
      const options = (text: string) => [...new Set(text.match(/--[a-z][a-z-]+/g))].sort();
      expect(options(zh.stdout)).toEqual(options(en.stdout));
    }
  });

  it('heads check’s table in Chinese, aligned by terminal columns, while the status line keeps its English word', async () => {
    const run = await runCli(['check', '--daemon', 'none', '--unreachable', 'unknown', '--timeout', '300', '127.0.0.1:9', '127.0.0.1:10'], ZH);
    expect(run.code).toBe(3);
    const [status, header, ...rows] = run.stdout.split('\n');
    expect(status).toMatch(/^NTP UNKNOWN: /);
    expect(header).toMatch(/^服务器\s+状态\s+偏差（服务器 - 本机）\s+延迟\s+抖动\s+层级\s+参考 ID\s+地址$/);
    // The state column starts at the same terminal column in the header and in each row.
    const stateColumn = (line: string, word: string) => columns(line.slice(0, line.indexOf(word)));
    expect(stateColumn(rows[0]!, '未知')).toBe(stateColumn(header!, '状态'));
    expect(stateColumn(rows[1]!, '未知')).toBe(stateColumn(header!, '状态'));
    const english = await runCli(['check', '--daemon', 'none', '--unreachable', 'unknown', '--timeout', '300', '127.0.0.1:9']);
    expect(english.stdout.split('\n')[1]).toMatch(/^SERVER\s+STATE\s+OFFSET \(server - this computer\)\s+DELAY\s+JITTER\s+STRATUM\s+REFID\s+ADDRESS$/);
  });
});

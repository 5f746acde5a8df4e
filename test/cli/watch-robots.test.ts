/**
 * `ntp-monitor watch` posting to fake group robots on loopback: the format and secret from config.ini or the flags, the
 * robot checking the signature (Python's hmac) and answering with an error code once, the retry delivering; bad
 * values refused without echoing the secret; a robot's URL with another format warned about, not refused.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../support/cli.js';
import { startFakeNtpServer } from '../support/fake-ntp-server.js';
import { pythonHmacBase64, startReceiver } from '../sinks/helpers.js';
import { startWatch, type WatchProcess } from '../support/watch-process.js';

const dir = mkdtempSync(join(tmpdir(), 'ntp-monitor-robots-'));
const running: WatchProcess[] = [];
const closing: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const w of running.splice(0)) {
    if (w.child.exitCode === null) w.child.kill('SIGKILL');
    await w.exited;
  }
  for (const close of closing.splice(0)) await close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SECRET = 'SEC4f2a9c1e7b3d5f6a8c0e2b4d6f8a0c1e3b5d7f9a2c4e6b8d0f1a3c5e7b9d1f3';

async function farServer() {
  const far = await startFakeNtpServer(() => ({ offsetMs: 5_000 }));
  closing.push(far.close);
  return far;
}

function watch(args: string[], env: NodeJS.ProcessEnv = {}): WatchProcess {
  const w = startWatch(args, env);
  running.push(w);
  return w;
}

describe('watch with a robot format', () => {
  it('config.ini webhook_format = feishu with webhook_secret: signed in the body, code 11232 once, then delivered', async () => {
    const far = await farServer();
    const robot = await startReceiver((index, body) => {
      const { timestamp, sign } = body as { timestamp: string; sign: string };
      if (sign !== pythonHmacBase64(`${timestamp}\n${SECRET}`, '')) return { status: 200, body: '{"code":19021,"data":{},"msg":"sign match fail"}' };
      return { status: 200, body: index === 0 ? '{"code":11232,"data":{},"msg":"frequency limited"}' : '{"code":0,"data":{},"msg":"success"}' };
    });
    closing.push(robot.close);
    const config = join(dir, 'feishu.ini');
    writeFileSync(config, `[ntp_server]\nserver_addr = ${far.server}\ninterval = 60\nthreshold = 1\nconfirm = 1\nwebhook = ${robot.url}\nwebhook_format = feishu\nwebhook_secret = ${SECRET}\n`);
    const w = watch(['--config', config]);
    await vi.waitFor(() => expect(robot.bodies).toHaveLength(2), { timeout: 10_000 });
    const [first, retry] = robot.bodies as { timestamp: string; msg_type: string; content: { text: string } }[];
    expect(retry).toMatchObject({ msg_type: 'text', content: first!.content });
    const lines = retry!.content.text.split('\n');
    expect(lines[0]).toBe(`NTP CRITICAL: ${far.server}`);
    expect(lines[1]).toMatch(new RegExp(`^${far.server} is [45]\\.\\d{3} s ahead of this computer, beyond the 1 s threshold: CRITICAL\\.$`));
    expect(lines[2]).toMatch(/^Time: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    expect(lines[3]).toBe(`Seen by: ${hostname()}`);
    w.child.kill('SIGTERM');
    expect(await w.exited).toEqual({ code: 0, signal: null });
    expect(w.stderr()).not.toContain('not delivered');
    expect(w.lines.join('\n') + w.stderr()).not.toContain(SECRET);
  });

  it('--webhook-format dingtalk --webhook-secret, in Chinese: signed in the query, "send too fast" once, then delivered', async () => {
    const far = await farServer();
    const robot = await startReceiver((index, _body, path) => {
      const query = new URL(path, 'http://robot.test').searchParams;
      if (query.get('sign') !== pythonHmacBase64(SECRET, `${query.get('timestamp')}\n${SECRET}`)) return { status: 200, body: '{"errcode":310000,"errmsg":"sign not match"}' };
      return { status: 200, body: index === 0 ? '{"errcode":130101,"errmsg":"send too fast"}' : '{"errcode":0,"errmsg":"ok"}' };
    });
    closing.push(robot.close);
    const args = ['--server', far.server, '--critical', '1', '--warning', '1', '--confirm', '1'];
    const w = watch([...args, '--webhook', `${robot.url}?access_token=tok0123456`, '--webhook-format', 'dingtalk', '--webhook-secret', SECRET], { LANG: 'zh_CN.UTF-8' });
    await vi.waitFor(() => expect(robot.bodies).toHaveLength(2), { timeout: 10_000 });
    const content = (robot.bodies[1] as { msgtype: string; text: { content: string } }).text.content;
    expect(content.split('\n')[0]).toBe(`NTP 严重：${far.server}`);
    expect(content).toContain('超过 1 s 阈值');
    expect(robot.paths[0]).not.toBe(robot.paths[1]);
    w.child.kill('SIGTERM');
    expect(await w.exited).toEqual({ code: 0, signal: null });
    expect(w.stderr()).toBe('');
  });
});

describe('watch with bad or doubtful robot settings', () => {
  it('exits 3 naming an unknown format and a bad secret, never quoting the secret', async () => {
    const run = await runCli(['watch', '--server', '127.0.0.1', '--webhook', 'http://127.0.0.1:9/x', '--webhook-format', 'teams', '--webhook-secret', 'not a secret']);
    expect(run.code).toBe(3);
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      'ntp-monitor watch: --webhook-format: Webhook format must be one of: generic, dingtalk, wecom, feishu, slack; got "teams".',
      'ntp-monitor watch: --webhook-secret: Webhook secret must be at most 256 characters, letters, digits and punctuation without spaces (the value is not shown: it is a secret).',
    ]);
  });

  it('warns, and runs, when a DingTalk URL is given the Feishu format', async () => {
    // On time: the first verdict OK is never alerted (decision 10), so nothing is posted to the robot's real host.
    const near = await startFakeNtpServer(() => ({ offsetMs: 0 }));
    closing.push(near.close);
    const w = watch(['--server', near.server, '--webhook', 'https://oapi.dingtalk.com/robot/send?access_token=tok0123456', '--webhook-format', 'feishu']);
    await w.waitForLine(/ sample server=/);
    w.child.kill('SIGTERM');
    expect(await w.exited).toEqual({ code: 0, signal: null });
    expect(w.stderr()).toBe(
      "ntp-monitor watch: warning: The webhook URL is a dingtalk robot's, but the format is feishu: the robot will likely refuse the message (format dingtalk fits it).\n",
    );
  });
});

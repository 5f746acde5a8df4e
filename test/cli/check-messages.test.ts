/** `check`'s failure messages: one name per row, what a Kiss-o'-Death asked, UNSYNCHRONIZED; a name lookup's host apart from its port. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryServer } from '../../main/ntp/query.js';
import { runCli } from '../support/cli.js';
import { startFakeNtpServer, type FakeNtpServer } from '../support/fake-ntp-server.js';
import { plain } from '../support/addresses.js';
import { failureWords } from '../../main/i18n/failure-words.js';

let rate: FakeNtpServer;
let unsynchronized: FakeNtpServer;

beforeAll(async () => {
  rate = await startFakeNtpServer(() => ({ fields: { stratum: 0, refIdBytes: Buffer.from('RATE') } }));
  unsynchronized = await startFakeNtpServer(() => ({ fields: { leap: 3 } }));
});
afterAll(async () => {
  await Promise.all([rate?.close(), unsynchronized?.close()]);
});

describe('ntp-monitor check: failure messages', () => {
  it("a RATE Kiss-o'-Death says what the server asked, not that a one-shot check backs off", async () => {
    const run = await runCli(['check', rate.server]);
    expect(run.stdout).toContain(`  ${rate.server}: The server asked us to slow down (Kiss-o'-Death RATE): query it less often.`);
    expect(run.stdout).not.toContain('backing off');
    const zh = await runCli(['check', rate.server], { LANG: 'zh_CN.UTF-8' });
    expect(zh.stdout).toContain('该服务器要求我们放慢');
  });

  it('a server answering "unsynchronized" is UNSYNCHRONIZED in the table, with its own message; CRITICAL, UNKNOWN with -q', async () => {
    const run = await runCli(['check', unsynchronized.server]);
    expect(run.code).toBe(2);
    expect((await runCli(['check', '-q', unsynchronized.server])).code).toBe(3);
    expect(run.stdout).toMatch(new RegExp(`^${unsynchronized.server}\\s+UNSYNCHRONIZED\\s`, 'm'));
    expect(run.stdout).toContain(`  ${unsynchronized.server}: The server answers, but says its own clock is not synchronized (leap 3, stratum 2).`);
    const [row] = JSON.parse((await runCli(['check', '--json', unsynchronized.server])).stdout).servers;
    expect(row).toMatchObject({ state: 'warning', error: { kind: 'unsynchronized' } });
  });

  it('a failure row names its server once', async () => {
    const run = await runCli(['check', '--timeout', '300', rate.server, unsynchronized.server, '127.0.0.1:9']);
    const notes = run.stdout.split('\n').filter((line) => line.startsWith('  '));
    expect(notes).toHaveLength(3);
    for (const note of notes) {
      const server = note.trim().split(': ')[0]!;
      expect(note.indexOf(server, note.indexOf(': '))).toBe(-1);
    }
    expect(run.stdout).toContain('  127.0.0.1:9: Cannot reach the server (ECONNREFUSED).');
  });

  it('--ipv6 and a name with only IPv4 addresses: names the host, not host:port, and says which family is missing', async () => {
    const resolve = async () => [{ address: '127.0.0.1', family: 4 as const }];
    const result = await queryServer(plain('localhost:11123'), { timeoutMs: 300, family: 6, resolve });
    expect(result).toMatchObject({ ok: false, failure: { kind: 'dns', code: 'ENODATA', family: 6 } });
    expect(result.ok ? '' : failureWords(result.failure, 'en')).toBe('The host name localhost has no IPv6 address (ENODATA).');
    expect(result.ok ? '' : failureWords(result.failure, 'zh-CN')).toBe('主机名 localhost 没有 IPv6 地址（ENODATA）。');
  });
});

/** `ntp-monitor check` end to end: spawned as a user runs it, against chronyd and the fake server. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChronyd, type Chronyd } from '../support/chronyd.js';
import { runCli } from '../support/cli.js';
import { startFakeNtpServer, symmetric, type FakeNtpServer } from '../support/fake-ntp-server.js';

let chrony: Chronyd;
let ahead: FakeNtpServer;
let silent: FakeNtpServer;
let kod: FakeNtpServer;

beforeAll(async () => {
  chrony = await startChronyd();
  ahead = await startFakeNtpServer(() => symmetric(+1500, 2));
  silent = await startFakeNtpServer(() => ({ silent: true }));
  kod = await startFakeNtpServer(() => ({ fields: { stratum: 0, refIdBytes: Buffer.from('DENY') } }));
});
afterAll(async () => {
  await Promise.all([chrony?.stop(), ahead?.close(), silent?.close(), kod?.close()]);
});

describe('ntp-monitor check', () => {
  it('reports a healthy chronyd as OK, exit 0, with offset, delay, stratum and refid', async () => {
    const run = await runCli(['check', chrony.server]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const row = run.stdout.split('\n').find((l) => l.startsWith(chrony.server))!;
    expect(row).toMatch(new RegExp(`^${chrony.server}\\s+OK\\s+[+-]\\d+\\.\\d+ ms\\s+\\d+\\.\\d{3} ms\\s+0\\.000 ms\\s+8\\s+127\\.127\\.1\\.1\\s+127\\.0\\.0\\.1$`));
    expect(run.stdout.split('\n')[0]).toMatch(new RegExp(`^NTP OK: ${chrony.server} [+-]\\d+\\.\\d+ ms \\| 'offset_${chrony.server}'=-?\\d+\\.\\d{6}s;0\\.1;1;; `));
  });

  it('--json gives one object per server with every field', async () => {
    const run = await runCli(['check', '--json', chrony.server, ahead.server]);
    const rows = JSON.parse(run.stdout);
    expect(rows).toHaveLength(2);
    expect(Object.keys(rows[0]).sort()).toEqual(
      [
        ...['server', 'host', 'port', 'address', 'ok', 'offsetMs', 'delayMs', 'stratum', 'leap', 'refId', 'rootDelayMs', 'rootDispersionMs', 'version', 'state', 'error', 'at'],
        ...['jitterMs', 'samples', 'selection', 'consensusOffsetMs', 'warnings'],
      ].sort(),
    );
    expect(rows[0]).toMatchObject({ server: chrony.server, host: '127.0.0.1', port: chrony.port, ok: true, stratum: 8, state: 'ok', error: null });
    // Two answers cannot outvote each other: no selection, no consensus.
    expect(rows[0]).toMatchObject({ jitterMs: 0, samples: 1, selection: null, consensusOffsetMs: null, warnings: [] });
    expect(Math.abs(rows[0].offsetMs)).toBeLessThan(3);
    expect(rows[1].offsetMs).toBeGreaterThan(1490);
    expect(rows[1].offsetMs).toBeLessThan(1510);
    expect(rows[1].state).toBe('critical');
    expect(new Date(rows[1].at).toISOString()).toBe(rows[1].at);
    expect(run.code).toBe(2);
  });

  it('exit 1 when the worst is WARNING, 2 when CRITICAL', async () => {
    expect((await runCli(['check', '--warning', '1', '--critical', '2', ahead.server])).code).toBe(1);
    expect((await runCli(['check', '--warning', '0.5', '--critical', '1.2', ahead.server, chrony.server])).code).toBe(2);
    expect((await runCli(['check', '--warning', '2', '--critical', '3', ahead.server])).code).toBe(0);
  });

  it.each([
    ['timeout', () => silent.server, /No reply from 127\.0\.0\.1:\d+ within 300 ms/],
    ['kod', () => kod.server, /refuses to serve us \(Kiss-o'-Death DENY\)/],
    ['dns', () => 'no-such-host.invalid', /Cannot resolve the name of no-such-host\.invalid/],
    ['invalid-address', () => 'ntp://x', /"ntp:\/\/x" is not a server address\. Accepted:/],
  ])('a %s failure is UNKNOWN, exit 3, with its own message', async (kind, server, message) => {
    const run = await runCli(['check', '--timeout', '300', '--json', server()]);
    expect(run.code).toBe(3);
    const [row] = JSON.parse(run.stdout);
    expect(row).toMatchObject({ ok: false, state: 'unknown', offsetMs: null, error: { kind } });
    expect(row.error.message).toMatch(message);
    const text = await runCli(['check', '--timeout', '300', server()]);
    expect(text.stdout).toMatch(message);
    expect(text.stdout).toMatch(/UNKNOWN/);
  });

  it('bad arguments: exit 3 with what is wrong and what is accepted, never a stack trace', async () => {
    const cases: [string[], RegExp][] = [
      [['check', '--warning', 'abc', chrony.server], /--warning: Warning threshold must be a number, got "abc"\. Accepted: 0\.001 to 86400 s\./],
      [['check', '--warning', '2', '--critical', '1', chrony.server], /Critical threshold \(1 s\) must be at least the warning threshold \(2 s\)/],
      [['check', '--timeout', '5', chrony.server], /--timeout: Reply timeout must be between 100 and 60000 ms/],
      [['check', '--bogus'], /Unknown option '--bogus'/],
      [['frobnicate'], /unknown command "frobnicate"/],
    ];
    for (const [args, message] of cases) {
      const run = await runCli(args);
      expect(run.code, args.join(' ')).toBe(3);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('--help explains the exit codes', async () => {
    const run = await runCli(['check', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN/);
  });

  it('speaks Chinese under a Chinese locale', async () => {
    const run = await runCli(['check', '--timeout', '300', silent.server], { LANG: 'zh_CN.UTF-8' });
    expect(run.stdout).toMatch(/在 300 毫秒内没有应答/);
    expect(run.stdout).toMatch(/未知/);
  });
});

/** `ntp-monitor check` end to end: spawned as a user runs it, against chronyd and the fake server. */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChronyd, type Chronyd } from '../support/chronyd.js';
import { CLI, NODE, runCli } from '../support/cli.js';
import { startFakeNtpServer, symmetric, type FakeNtpServer } from '../support/fake-ntp-server.js';

let chrony: Chronyd;
let ahead: FakeNtpServer;
let silent: FakeNtpServer;
let kod: FakeNtpServer;

/** Why this machine cannot make an empty network namespace (needs root or user namespaces), or undefined. */
function whyNoNetns(): string | undefined {
  const probe = spawnSync('unshare', ['-n', 'true'], { encoding: 'utf8' });
  if (probe.error) return `unshare cannot run (${probe.error.message})`;
  return probe.status === 0 ? undefined : `unshare -n is not allowed here (${probe.stderr.trim() || `exit ${probe.status}`})`;
}
const noNetns = whyNoNetns();
if (noNetns) {
  const line = '!'.repeat(100);
  console.warn(`\n${line}\n!!! CHECK WITHOUT A NETWORK SKIPPED: ${noNetns}.\n!!! check was NOT run in an empty network namespace in this run.\n${line}\n`);
}

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
    expect(run.stdout).toMatch(/^SERVER\s+STATE\s+OFFSET \(server - this computer\)\s+DELAY/m);
    expect(row).toMatch(new RegExp(`^${chrony.server}\\s+OK\\s+[+-]\\d+\\.\\d+ ms\\s+\\d+\\.\\d{3} ms\\s+0\\.000 ms\\s+8\\s+127\\.127\\.1\\.1\\s+127\\.0\\.0\\.1$`));
    expect(run.stdout.split('\n')[0]).toMatch(new RegExp(`^NTP OK: ${chrony.server} is (level with|\\d+\\.\\d+ ms (ahead of|behind)) this computer \\| 'offset_${chrony.server}'=-?\\d+\\.\\d{6}s;0\\.1;1;; `));
  });

  it('--json gives one object per server with every field', async () => {
    const run = await runCli(['check', '--json', chrony.server, ahead.server]);
    const rows = JSON.parse(run.stdout);
    expect(rows).toHaveLength(2);
    expect(Object.keys(rows[0]).sort()).toEqual(
      [
        ...['server', 'host', 'port', 'address', 'ok', 'offsetMs', 'delayMs', 'stratum', 'leap', 'refId', 'rootDelayMs', 'rootDispersionMs', 'version', 'state', 'error', 'at'],
        ...['jitterMs', 'samples', 'selection', 'consensusOffsetMs', 'warnings'],
        'authenticated',
        'ntpServer',
        'daemon',
      ].sort(),
    );
    expect(rows[0]).toMatchObject({ server: chrony.server, host: '127.0.0.1', port: chrony.port, ok: true, stratum: 8, state: 'ok', error: null });
    // Two answers cannot outvote each other: no selection, no consensus.
    expect(rows[0]).toMatchObject({ jitterMs: 0, samples: 1, selection: null, consensusOffsetMs: null, warnings: [] });
    // RFC 5905: path asymmetry can move an offset by up to half the delay, which grows on a loaded machine.
    expect(Math.abs(rows[0].offsetMs)).toBeLessThan(3 + rows[0].delayMs / 2);
    expect(Math.abs(rows[1].offsetMs - 1500)).toBeLessThan(10 + rows[1].delayMs / 2);
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
    ['timeout', () => silent.server, /No reply within 300 ms\./],
    ['kod', () => kod.server, /refuses to serve us \(Kiss-o'-Death DENY\)/],
    ['dns', () => 'no-such-host.invalid', /Cannot resolve the host name no-such-host\.invalid \(/],
    ['invalid-address', () => 'ntp://x', /"ntp:\/\/x" is not a server address\. Accepted:/],
  ])('a %s failure is UNKNOWN, exit 3, with its own message', async (kind, server, message) => {
    // Short only where the silence is the point: a loaded machine may take longer than 300 ms to answer the others.
    const timeout = kind === 'timeout' ? '300' : '3000';
    const run = await runCli(['check', '--timeout', timeout, '--json', server()]);
    expect(run.code).toBe(3);
    const [row] = JSON.parse(run.stdout);
    expect(row).toMatchObject({ ok: false, state: 'unknown', offsetMs: null, error: { kind } });
    expect(row.error.message).toMatch(message);
    const text = await runCli(['check', '--timeout', timeout, server()]);
    expect(text.stdout).toMatch(message);
    expect(text.stdout).toMatch(/UNKNOWN/);
  });

  it('a server the kernel will not connect to (broadcast: EACCES) is UNKNOWN, exit 3, and the other rows still print', async () => {
    const run = await runCli(['check', '--json', '255.255.255.255', chrony.server]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(3);
    const rows = JSON.parse(run.stdout);
    expect(rows).toMatchObject([
      { server: '255.255.255.255', state: 'unknown', error: { kind: 'unreachable', code: 'EACCES' } },
      { server: chrony.server, state: 'ok', ok: true },
    ]);
    const text = await runCli(['check', chrony.server, '255.255.255.255']);
    expect(text.code).toBe(3);
    expect(text.stdout).toMatch(new RegExp(`^${chrony.server}\\s+OK`, 'm'));
    expect(text.stdout).toMatch(/^ {2}255\.255\.255\.255: Cannot reach the server \(EACCES\)\.$/m);
  });

  it.skipIf(noNetns !== undefined)('on a machine without a network (empty netns): every row UNKNOWN with its reason, exit 3, no stack trace', () => {
    // Inside the namespace even loopback is down, so nothing can leave: the kernel refuses each connect.
    const servers = ['[2001:db8::1]:123', '192.0.2.1', '127.0.0.1:123'];
    const run = spawnSync('unshare', ['-n', NODE, CLI, 'check', '--json', '--timeout', '300', ...servers], { encoding: 'utf8', env: { PATH: process.env.PATH } });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(3);
    const rows = JSON.parse(run.stdout) as { server: string; state: string; error: { kind: string; code: string } }[];
    expect(rows.map((r) => [r.server, r.state, r.error.kind])).toEqual(servers.map((s) => [s, 'unknown', 'unreachable']));
    // No IPv6 source address (Linux says EADDRNOTAVAIL; a kernel without IPv6 refuses the socket), no IPv4 route.
    expect(rows[0]!.error.code).toMatch(/^E(ADDRNOTAVAIL|NETUNREACH|AFNOSUPPORT)$/);
    expect(rows.slice(1).map((r) => r.error.code)).toEqual(['ENETUNREACH', 'ENETUNREACH']);
  });

  it('bad arguments: exit 3 with what is wrong and what is accepted, never a stack trace', async () => {
    const cases: [string[], RegExp][] = [
      [['check', '--warning', 'abc', chrony.server], /--warning: Warning threshold must be a number, got "abc"\. Accepted: 0\.001 to 86400 s\./],
      [['check', '--warning', '2', '--critical', '1', chrony.server], /--critical: The warning threshold 2 s \(--warning\) is above the critical threshold 1 s \(--critical\)/],
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

  it('hostile arguments: a newline or escape in a server name or an option forges no row and reaches no terminal raw', async () => {
    const forged = `${silent.server}\nFORGED.example  OK  +0.000 ms`;
    const run = await runCli(['check', '--timeout', '300', forged, 'a\u001b[2Jb\u202e']);
    expect(run.code).toBe(3);
    const lines = run.stdout.split('\n');
    expect(lines.some((l) => l.startsWith('FORGED'))).toBe(false);
    expect(run.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(lines.filter((l) => l.trimStart().startsWith(`${silent.server}\\nFORGED.example`))).toHaveLength(2); // its row and its error line
    expect(run.stdout).toContain('a\\u001b[2Jb\\u202e');
    const option = await runCli(['check', '--bo\ngus']);
    expect(option.stderr.split('\n')[0]).toBe("ntp-monitor check: Unknown option '--bo\\ngus'. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- \"--bo\\ngus\"");
  });

  it('numbers are plain decimal, and a warning above the default critical names the default', async () => {
    const hex = await runCli(['check', '--timeout', '0x1f4', chrony.server]);
    expect(hex.stderr).toBe('ntp-monitor check: --timeout: Reply timeout must be a number, got "0x1f4". Accepted: 100 to 60000 ms.\n');
    const warning = await runCli(['check', '--warning', '2', chrony.server]);
    expect(warning.code).toBe(3);
    expect(warning.stderr).toBe(
      'ntp-monitor check: --warning: The warning threshold 2 s (--warning) is above the critical threshold 1 s (the default); critical must be at least warning.\n',
    );
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

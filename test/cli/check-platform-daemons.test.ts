/**
 * `check --daemon w32time` and `--daemon timed` end to end: the built CLI runs stand-in `w32tm` and `sntp` scripts
 * placed first on PATH (never a real Windows or Mac) beside three true fake servers on loopback.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { startFakeNtpServer, type FakeNtpServer } from '../support/fake-ntp-server.js';
import { sntpSample, standInTool, W32TM_SYNCED, type StandIn } from '../support/stand-in-tools.js';

let servers: FakeNtpServer[] = [];
const made: StandIn[] = [];
beforeAll(async () => {
  servers = await Promise.all([0, 1, 2].map(() => startFakeNtpServer(() => ({}))));
});
afterAll(async () => {
  made.forEach((s) => s.remove());
  await Promise.all(servers.map((s) => s.close()));
});

function onPath(name: string, prints: string): StandIn {
  const standIn = standInTool(name, { prints });
  made.push(standIn);
  return standIn;
}

const json = (stdout: string) => JSON.parse(stdout) as { daemon: Record<string, unknown> | null };

describe('check --daemon w32time (stand-in w32tm)', () => {
  it('agrees with a synchronised Windows Time, exit 0', async () => {
    const w32tm = onPath('w32tm', W32TM_SYNCED);
    const run = await runCli(['check', ...servers.map((s) => s.server), '--daemon', 'w32time', '--json'], { PATH: w32tm.path });
    expect(run.stderr).toBe('');
    expect(json(run.stdout).daemon).toMatchObject({ kind: 'w32time', target: 'w32tm', verdict: 'agrees', state: 'ok', synchronized: true, source: 'DC01.contoso.com', stratum: 4, lastUpdateAgeSeconds: 153.471, error: null });
    expect(run.code).toBe(0);
    expect(w32tm.args()).toEqual(['/query /status /verbose']);
  });

  it('disagrees, CRITICAL, when W32Time believes the clock 2.5 s off; said in both languages', async () => {
    const w32tm = onPath('w32tm', W32TM_SYNCED.replace('Phase Offset: -0.0000107s', 'Phase Offset: 2.5000000s'));
    const args = ['check', ...servers.map((s) => s.server), '--daemon', 'w32time'];
    const run = await runCli(args, { PATH: w32tm.path });
    expect(run.stdout.split('\n')[0]).toMatch(/^NTP CRITICAL: W32Time believes a clock 2\.5\d\d s from the consensus of 3 servers, beyond both error bounds/);
    expect(run.stdout).toContain('Time service: W32Time (w32tm)');
    expect(run.code).toBe(2);
    const zh = await runCli(args, { PATH: w32tm.path, LANG: 'zh_CN.UTF-8' });
    expect(zh.stdout.split('\n')[0]).toMatch(/W32Time 认定的时钟与 3 台服务器的共识相差 2\.5\d\d s，超出双方的误差上限/);
  });

  it('says W32Time is not running when w32tm reports the service stopped (UNKNOWN)', async () => {
    const w32tm = onPath('w32tm', 'The following error occurred: The service has not been started. (0x80070426)\r\n');
    const run = await runCli(['check', servers[0]!.server, '--daemon', 'w32time', '--json'], { PATH: w32tm.path });
    expect(json(run.stdout).daemon).toMatchObject({ kind: 'w32time', verdict: 'unreachable', state: 'unknown', error: { kind: 'not-running' } });
    expect(run.code).toBe(3);
  });
});

describe('check --daemon timed (stand-in sntp)', () => {
  it('follows a falseticker when the server timed follows is 2.5 s ahead of three true ones', async () => {
    // No /etc/ntp.conf here: the reader asks Apple's server, which the stand-in answers for.
    const sntp = onPath('sntp', sntpSample('+2.500000', 'time.apple.com'));
    const run = await runCli(['check', ...servers.map((s) => s.server), '--daemon', 'timed', '--json'], { PATH: sntp.path });
    expect(run.stderr).toBe('');
    expect(json(run.stdout).daemon).toMatchObject({ kind: 'timed', target: 'sntp', verdict: 'follows-falseticker', state: 'critical', synchronized: true, source: '127.0.0.1', lastUpdateAgeSeconds: null });
    expect(run.code).toBe(2);
    expect(sntp.args()).toEqual(['time.apple.com']);
  });
});

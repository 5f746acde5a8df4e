/** `check --daemon` with a real chronyd (-x, loopback) as this computer's time service, beside true and false servers. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeUdpPort, startChronyd, type Chronyd } from '../support/chronyd.js';
import { startChronydClient, type ChronydClient } from '../support/chronyd-client.js';
import { runCli } from '../support/cli.js';
import { startFakeNtpServer, type FakeNtpServer } from '../support/fake-ntp-server.js';

let truth: Chronyd[] = [];
let liar: FakeNtpServer;
let following: { truth?: ChronydClient; liar?: ChronydClient } = {};

beforeAll(async () => {
  truth = await Promise.all([startChronyd(), startChronyd(), startChronyd()]);
  liar = await startFakeNtpServer(() => ({ offsetMs: 2500 }));
  const [a, b] = await Promise.all([startChronydClient([truth[0]!.port]), startChronydClient([liar.port])]);
  following = { truth: a, liar: b };
}, 60_000);
afterAll(async () => {
  await Promise.all([following.truth?.stop(), following.liar?.stop(), ...truth.map((t) => t.stop()), liar?.close()]);
});

const json = (stdout: string) => JSON.parse(stdout) as { state: string; daemon: Record<string, unknown> | null; servers: { server: string }[] };

describe('check --daemon chrony=HOST:PORT', () => {
  it('agrees when chronyd follows a true server', async () => {
    const run = await runCli(['check', ...truth.map((t) => t.server), '--daemon', `chrony=127.0.0.1:${following.truth!.cmdport}`, '--json']);
    expect(run.stderr).toBe('');
    const report = json(run.stdout);
    // One daemon object beside the servers, not repeated on each.
    const daemon = report.daemon!;
    expect(report.servers.every((row) => !('daemon' in row))).toBe(true);
    expect(daemon).toMatchObject({ kind: 'chrony', verdict: 'agrees', state: 'ok', synchronized: true, stratum: 9, error: null });
    expect(Math.abs(daemon.offsetMs as number)).toBeLessThan(5);
    expect(daemon.lastUpdateAgeSeconds as number).toBeLessThan(60);
    expect(run.code).toBe(0);
  });

  it('follows a falseticker: chronyd on a +2.5 s server while three true ones are checked is WARNING or worse, named on the status line', async () => {
    const args = ['check', ...truth.map((t) => t.server), liar.server, '--daemon', `chrony=127.0.0.1:${following.liar!.cmdport}`];
    const text = await runCli(args);
    expect(text.code).toBeGreaterThanOrEqual(1);
    expect(text.code).toBeLessThanOrEqual(2);
    const status = text.stdout.split('\n')[0]!;
    expect(status).toMatch(new RegExp(`^NTP (WARNING|CRITICAL): chronyd follows ${liar.server.replace(/\./g, '\\.')}, (2\\.\\d{3}) s from the consensus of 3 servers;`));
    expect(Number(/, (2\.\d{3}) s from/.exec(status)![1])).toBeCloseTo(2.5, 1);
    expect(status).toMatch(/ daemon_offset=[\d.]+s;0\.100000;1\.000000; /);
    expect(text.stdout).toContain('Time service: chronyd (127.0.0.1:');
    const daemon = json((await runCli([...args, '--json'])).stdout).daemon!;
    expect(daemon).toMatchObject({ verdict: 'follows-falseticker', source: liar.server, synchronized: true });
  });

  it('says chronyd is not running when nothing answers on its command port (UNKNOWN)', async () => {
    const port = await freeUdpPort();
    const run = await runCli(['check', truth[0]!.server, '--daemon', `chrony=127.0.0.1:${port}`, '--json']);
    expect(json(run.stdout).daemon).toMatchObject({ verdict: 'unreachable', state: 'unknown', synchronized: null, error: { kind: 'not-running' } });
    expect(run.code).toBe(3);
    const zh = await runCli(['check', truth[0]!.server, '--daemon', `chrony=127.0.0.1:${port}`], { LANG: 'zh_CN.UTF-8' });
    expect(zh.stdout.split('\n')[0]).toContain(`chronyd 未运行（127.0.0.1:${port} 上无应答）`);
  });

  it('reads no daemon with none, and refuses a value it does not know', async () => {
    const none = await runCli(['check', truth[0]!.server, '--daemon', 'none', '--json']);
    expect(json(none.stdout).daemon).toBeNull();
    const bad = await runCli(['check', truth[0]!.server, '--daemon', 'ntpd=1.2.3.4:99999']);
    expect(bad.code).toBe(3);
    expect(bad.stdout).toContain('--daemon must be auto, none, chrony[=HOST[:PORT]], ntpd[=HOST[:PORT]], timesyncd, kernel, w32time or timed');
  });
});

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startChronyd, type Chronyd } from '../support/chronyd.js';
import { runCli } from '../support/cli.js';
import { startFakeNtpServer, type FakeNtpServer } from '../support/fake-ntp-server.js';
import { freeTcpPort, httpGet, scrape, startReceiver, valueOf } from '../sinks/helpers.js';
import { startWatch, type WatchProcess } from '../support/watch-process.js';

let chronyd: Chronyd;
let fake: FakeNtpServer;
const dir = mkdtempSync(join(tmpdir(), 'ntp-monitor-watch-'));
const running: WatchProcess[] = [];

beforeAll(async () => {
  chronyd = await startChronyd();
  fake = await startFakeNtpServer(() => ({ offsetMs: 2 }));
});
afterEach(async () => {
  // A test that failed half-way must not leave a watch behind.
  for (const watch of running.splice(0)) {
    if (watch.child.exitCode === null) watch.child.kill('SIGKILL');
    await watch.exited;
  }
});
afterAll(async () => {
  await chronyd?.stop();
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

function watch(args: string[]): WatchProcess {
  const w = startWatch(args);
  running.push(w);
  return w;
}

/** The original script's config.ini, pointed at a loopback server. */
function configIni(name: string, serverAddr: string, threshold = 3600): string {
  const path = join(dir, name);
  writeFileSync(path, `[ntp_server]\nserver_addr = ${serverAddr}\ninterval = 60\nthreshold = ${threshold}\n`);
  return path;
}

const sampleOf = (server: string) => new RegExp(`^\\S+Z sample server=${server.replace(/\./g, '\\.')} offset=[-+]\\d+\\.\\d{3}ms delay=\\d+\\.\\d{3}ms stratum=\\d+ state=\\w+$`);

describe('ntp-monitor watch against a real chronyd', () => {
  it('runs the original config.ini unchanged, logs each sample to stdout and --log, and exits 0 on SIGTERM', async () => {
    const config = configIni('config.ini', chronyd.server);
    const logFile = join(dir, 'logs', 'samples.log');
    const w = watch(['--config', config, '--log', logFile]);
    expect(await w.waitForLine(/ note /)).toMatch(
      new RegExp(`note message="watching ${chronyd.server} every 60 s; warning at 3600 s, critical at 3600 s"$`),
    );
    const sample = await w.waitForLine(sampleOf(chronyd.server));
    expect(sample).toContain('stratum=8 state=unknown');
    w.child.kill('SIGTERM');
    expect(await w.exited).toEqual({ code: 0, signal: null });
    expect(w.lines.at(-1)).toMatch(/note message="stopping on SIGTERM"$/);
    expect(w.stderr()).toBe('');
    // The file has every line stdout had.
    expect(readFileSync(logFile, 'utf8')).toBe(w.lines.join('\n') + '\n');
  });

  it('ignores the test-only time scale without NODE_ENV=test: the 15 s floor holds for anyone who sets it', async () => {
    const w = startWatch(['--server', chronyd.server, '--interval', '15'], { NTP_MONITOR_TEST_TIME_SCALE: '0.01' });
    running.push(w);
    await w.waitForLine(sampleOf(chronyd.server));
    // At 0.01 a second poll would come 0.15 s later; without the switch nothing comes for 13.5 s at least.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(w.lines.filter((line) => sampleOf(chronyd.server).test(line))).toHaveLength(1);
    expect(w.lines.some((line) => line.includes('test-only'))).toBe(false);
  });

  it('serves /metrics while it runs, and on SIGINT exits 0 with the port closed', async () => {
    const port = await freeTcpPort();
    const w = watch(['--server', chronyd.server, '--metrics-listen', String(port)]);
    await w.waitForLine(new RegExp(`note message="Prometheus metrics at http://127\\.0\\.0\\.1:${port}/metrics"`));
    const sample = await w.waitForLine(sampleOf(chronyd.server));
    const offsetMs = Number(/offset=([-+][\d.]+)ms/.exec(sample)![1]);
    const families = await scrape(`http://127.0.0.1:${port}/metrics`);
    expect(valueOf(families, 'ntp_monitor_stratum', { server: chronyd.server })).toBe(8);
    expect(valueOf(families, 'ntp_monitor_polls_total', { server: chronyd.server, result: 'ok' })).toBe(1);
    // The log rounds to the microsecond; the metric keeps every digit.
    expect(valueOf(families, 'ntp_monitor_offset_seconds', { server: chronyd.server })! * 1000).toBeCloseTo(offsetMs, 3);
    w.child.kill('SIGINT');
    expect(await w.exited).toEqual({ code: 0, signal: null });
    await expect(httpGet(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('reloads the file on SIGHUP keeping every server’s state, and keeps running settings when the new file is bad', async () => {
    const config = configIni('reload.ini', chronyd.server);
    const port = await freeTcpPort();
    const w = watch(['--config', config, '--metrics-listen', String(port)]);
    await w.waitForLine(sampleOf(chronyd.server));

    configIni('reload.ini', `${chronyd.server}, ${fake.server}`, 5);
    let mark = w.lines.length;
    w.child.kill('SIGHUP');
    expect(await w.waitForLine(/ note /, mark)).toMatch(
      new RegExp(`note message="reloaded ${config}: watching ${chronyd.server}, ${fake.server} every 60 s; warning at 5 s, critical at 5 s"$`),
    );
    // The new server is polled at once; the one that stays is not polled again, nor are its counts reset.
    await w.waitForLine(sampleOf(fake.server), mark);
    const families = await scrape(`http://127.0.0.1:${port}/metrics`);
    expect(valueOf(families, 'ntp_monitor_polls_total', { server: chronyd.server, result: 'ok' })).toBe(1);
    expect(valueOf(families, 'ntp_monitor_polls_total', { server: fake.server, result: 'ok' })).toBe(1);
    expect(valueOf(families, 'ntp_monitor_critical_threshold_seconds', {})).toBe(5);
    expect(w.lines.filter((line) => sampleOf(chronyd.server).test(line))).toHaveLength(1);

    writeFileSync(config, '[ntp_server]\nserver_addr = 127.0.0.1:99999\ninterval = 5\n');
    mark = w.lines.length;
    w.child.kill('SIGHUP');
    const failed = await w.waitForLine(/ note /, mark);
    expect(failed).toContain(`reloading ${config} failed, the running settings stay: `);
    expect(failed).toContain(`${config}: [ntp_server] server_addr: \\"127.0.0.1:99999\\" has an invalid port.`);
    expect(failed).toContain(`${config}: [ntp_server] interval: Check interval must be between 15 and 86400 s, got 5.`);
    // Still running, still on the settings it had.
    const after = await scrape(`http://127.0.0.1:${port}/metrics`);
    expect(valueOf(after, 'ntp_monitor_critical_threshold_seconds', {})).toBe(5);
    expect(valueOf(after, 'ntp_monitor_polls_total', { server: fake.server, result: 'ok' })).toBe(1);

    w.child.kill('SIGTERM');
    expect(await w.exited).toEqual({ code: 0, signal: null });
  });

  it('a SIGTERM right after a SIGHUP stops without doing the reload', async () => {
    const config = configIni('hup-then-term.ini', chronyd.server);
    const w = watch(['--config', config]);
    await w.waitForLine(sampleOf(chronyd.server));
    configIni('hup-then-term.ini', `${chronyd.server}, ${fake.server}`, 5);
    w.child.kill('SIGHUP');
    w.child.kill('SIGTERM');
    expect(await w.exited).toEqual({ code: 0, signal: null });
    expect(w.lines.some((line) => /reloaded/.test(line))).toBe(false);
    expect(w.lines.some((line) => sampleOf(fake.server).test(line))).toBe(false);
  });

  it('takes a SIGHUP storm that removes and re-adds a server as one or two reloads, and never polls it within 15 s', async () => {
    const counted = await startFakeNtpServer(() => ({ offsetMs: 1 }));
    try {
      const config = configIni('storm.ini', counted.server);
      const w = watch(['--config', config]);
      await w.waitForLine(sampleOf(counted.server));
      // Two storms a second apart: the first leaves the server out, the second brings it back (a config tool
      // rewriting the file in a loop). Each storm is one or two reloads; the server re-added within 15 s of its
      // first query must not be polled again.
      for (const last of [fake.server, counted.server]) {
        const mark = w.lines.length;
        for (let i = 0; i < 50; i++) {
          configIni('storm.ini', i % 2 === 0 ? counted.server : fake.server);
          w.child.kill('SIGHUP');
        }
        configIni('storm.ini', last);
        w.child.kill('SIGHUP');
        await w.waitForLine(new RegExp(` note message="reloaded .*watching ${last.replace(/\./g, '\\.')} every`), mark);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        const reloads = w.lines.slice(mark).filter((line) => / note message="reloaded /.test(line));
        expect(reloads.length).toBeGreaterThanOrEqual(1);
        expect(reloads.length).toBeLessThanOrEqual(2);
      }
      expect(w.lines.filter((line) => sampleOf(counted.server).test(line))).toHaveLength(1);
      expect(counted.requests).toBe(1);
      w.child.kill('SIGTERM');
      expect(await w.exited).toEqual({ code: 0, signal: null });
    } finally {
      await counted.close();
    }
  });

  it('posts the alarm of a server found far off to --webhook, and logs the transition', async () => {
    const far = await startFakeNtpServer(() => ({ offsetMs: 5_000 }));
    const receiver = await startReceiver();
    try {
      const w = watch(['--server', far.server, '--critical', '1', '--warning', '1', '--confirm', '1', '--webhook', receiver.url]);
      const transition = await w.waitForLine(/ transition /);
      expect(transition).toMatch(new RegExp(`transition server=${far.server} from=unknown to=critical offset=\\+\\d+\\.\\d{3}ms threshold=1s message=".*beyond the 1 s threshold: CRITICAL\\."$`));
      await vi.waitFor(() => expect(receiver.bodies).toHaveLength(1));
      expect(receiver.bodies[0]).toMatchObject({ server: far.server, state: 'critical', previousState: 'unknown', thresholdSeconds: 1, reason: 'offset' });
      w.child.kill('SIGTERM');
      expect(await w.exited).toEqual({ code: 0, signal: null });
      expect(receiver.bodies).toHaveLength(1);
    } finally {
      await receiver.close();
      await far.close();
    }
  });

  it('keeps monitoring when the log file cannot be written, and says so once on stderr', async () => {
    const blocker = join(dir, 'not-a-folder');
    writeFileSync(blocker, '');
    const w = watch(['--server', chronyd.server, '--log', join(blocker, 'samples.log')]);
    await w.waitForLine(sampleOf(chronyd.server));
    w.child.kill('SIGTERM');
    expect(await w.exited).toEqual({ code: 0, signal: null });
    expect(w.stderr().trimEnd().split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^ntp-monitor watch: cannot write the log file ${join(blocker, 'samples.log')} \\(E[A-Z]+\\); monitoring goes on`)),
    ]);
  });
});

describe('ntp-monitor watch with bad settings', () => {
  it('exits 3 listing every problem: the file, and each bad flag', async () => {
    const missing = join(dir, 'missing.ini');
    const run = await runCli(['watch', '--config', missing, '--interval', '5', '--warning', 'soon']);
    expect(run.code).toBe(3);
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      `ntp-monitor watch: ${missing}: Cannot read it: ENOENT.`,
      'ntp-monitor watch: --interval: Check interval must be between 15 and 86400 s, got 5.',
      'ntp-monitor watch: --warning: Warning threshold must be a number, got "soon". Accepted: 0.001 to 86400 s.',
    ]);
  });

  it('exits 3 naming the file and key, or the flag, that is at fault once merged', async () => {
    const config = configIni('bad-merge.ini', '127.0.0.1:123', 60);
    const run = await runCli(['watch', '--config', config, '--critical', '10', '--webhook', 'ftp://127.0.0.1/x?token=s3cret', '--metrics-listen', 'everywhere', '--log-format', 'yaml']);
    expect(run.code).toBe(3);
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      `ntp-monitor watch: --critical: The warning threshold 60 s (${config}: [ntp_server] threshold) is above the critical threshold 10 s (--critical); critical must be at least warning.`,
      'ntp-monitor watch: --webhook: Webhook URL must be an http:// or https:// URL, got "ftp://127.0.0.1/x?token=***".',
      'ntp-monitor watch: --metrics-listen: Metrics address must be a port (9123) or host:port (127.0.0.1:9123, [::1]:9123), or empty for off; got "everywhere".',
      'ntp-monitor watch: --log-format: Log format must be one of: text, json; got "yaml".',
    ]);
  });

  it('takes --timeout as check does, and lists a file\'s unknown key with its bad values and the bad flags', async () => {
    const config = join(dir, 'many-problems.ini');
    writeFileSync(config, '[ntp_server]\nserver_addr = 127.0.0.1\nthreshhold = 10\ninterval = 5\n');
    const run = await runCli(['watch', '--config', config, '--timeout', '50', '--samples', '9']);
    expect(run.code).toBe(3);
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/\[ntp_server\] threshhold: "threshhold" is not a known key\./),
      `ntp-monitor watch: ${config}: [ntp_server] interval: Check interval must be between 15 and 86400 s, got 5.`,
      expect.stringMatching(/^ntp-monitor watch: --timeout: .*between 100 and 60000.*got 50/),
      expect.stringMatching(/^ntp-monitor watch: --samples: .*got 9/),
    ]);
    expect((await runCli(['watch', '--help'])).stdout).toContain('--timeout MS');
  });

    it('exits 3 at once for an empty --config, a FIFO or a device, never waiting on them', async () => {
    const fifo = join(dir, 'config.fifo');
    execFileSync('mkfifo', [fifo]);
    const runs = await Promise.all([['--config', ''], ['--config', fifo], ['--config', '/dev/zero']].map((args) => runCli(['watch', ...args])));
    expect(runs.map((run) => run.code)).toEqual([3, 3, 3]);
    expect(runs.map((run) => run.stderr)).toEqual([
      'ntp-monitor watch: The file name is empty. Give the path of a config.ini or of the settings JSON the app saves.\n',
      `ntp-monitor watch: ${fifo}: It is a named pipe (FIFO), not a regular file. Give the path of a config.ini or of the settings JSON the app saves.\n`,
      'ntp-monitor watch: /dev/zero: It is a device, not a regular file. Give the path of a config.ini or of the settings JSON the app saves.\n',
    ]);
  });

  it('exits 3 on an unknown option, with the help', async () => {
    const run = await runCli(['watch', '--treshold', '5']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("Unknown option '--treshold'");
    expect(run.stderr).toContain('Usage: ntp-monitor watch');
  });

  it('exits 3 when the metrics address is taken, leaving nothing running', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    try {
      const run = await runCli(['watch', '--server', fake.server, '--metrics-listen', `127.0.0.1:${port}`]);
      expect(run.code).toBe(3);
      expect(run.stderr).toBe(`ntp-monitor watch: cannot serve metrics on 127.0.0.1:${port} (EADDRINUSE).\n`);
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });

  it('shows its help with --help, and the dispatcher lists it', async () => {
    const help = await runCli(['watch', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--metrics-listen ADDR');
    const usage = await runCli(['help']);
    expect(usage.stdout).toMatch(/^ {2}watch {2,}/m);
  });
});

describe('ntp-monitor watch and hostile surroundings', () => {
  it('never shows the webhook’s password or token: not at start, on delivery failures, in reload or shutdown notes', async () => {
    const far = await startFakeNtpServer(() => ({ offsetMs: 5_000 }));
    const farToo = await startFakeNtpServer(() => ({ offsetMs: -5_000 }));
    const dead = await freeTcpPort();
    const secrets = ['pa55-word-one', 'tok-first-77f1', 'pa55-word-two', 'tok-second-9c2e'];
    const hook = (user: string, password: string, path: string, token: string) => `http://${user}:${password}@127.0.0.1:${dead}/${path}?token=${token}`;
    const config = join(dir, 'secret.ini');
    const ini = (servers: string, webhook: string) => writeFileSync(config, `[ntp_server]\nserver_addr = ${servers}\ninterval = 60\nthreshold = 1\nwebhook = ${webhook}\n`);
    const logFile = join(dir, 'secret-logs', 'samples.log');
    try {
      ini(far.server, hook('alice', secrets[0]!, 'hook', secrets[1]!));
      const w = watch(['--config', config, '--confirm', '1', '--log', logFile]);
      await w.waitForLine(/ transition .*to=critical/);
      // The alarm's first attempt is refused; replacing the webhook on reload gives it up and says so.
      ini(`${far.server} ${farToo.server}`, hook('bob', secrets[2]!, 'other', secrets[3]!));
      const mark = w.lines.length;
      w.child.kill('SIGHUP');
      await w.waitForLine(/ note message="reloaded /, mark);
      // The new server's alarm goes to the new webhook, refused too, and given up at shutdown.
      await w.waitForLine(new RegExp(`transition server=${farToo.server.replace(/\./g, '\\.')} .*to=critical`), mark);
      w.child.kill('SIGTERM');
      expect(await w.exited).toEqual({ code: 0, signal: null });

      const stderr = w.stderr();
      expect(stderr).toContain(`ntp-monitor watch: webhook http://***:***@127.0.0.1:${dead}/hook?token=***: "${far.server} is `);
      expect(stderr).toMatch(/ is (4\.9|5\.0)\d\d s ahead of this computer, beyond /);
      expect(stderr).toContain(`ntp-monitor watch: webhook http://***:***@127.0.0.1:${dead}/other?token=***: "${farToo.server} is `);
      expect(stderr).toMatch(/ is (4\.9|5\.0)\d\d s behind this computer, beyond /);
      expect(stderr).toMatch(/not delivered after \d attempts \(connect ECONNREFUSED 127\.0\.0\.1:\d+\)/);
      const everything = [w.lines.join('\n'), stderr, readFileSync(logFile, 'utf8')].join('\n');
      expect(everything).toContain('/hook?token=***');
      for (const secret of secrets) expect(everything).not.toContain(secret);
    } finally {
      await far.close();
      await farToo.close();
    }
  });

  it('a FIFO as --log that nobody reads: results keep coming on stdout, SIGTERM ends it at once, the trouble is told once', async () => {
    const fifo = join(dir, 'unread.fifo');
    execFileSync('mkfifo', [fifo]);
    const w = watch(['--server', chronyd.server, '--server', fake.server, '--log', fifo]);
    await w.waitForLine(sampleOf(chronyd.server));
    await w.waitForLine(sampleOf(fake.server));
    w.child.kill('SIGTERM');
    expect(await w.exited).toEqual({ code: 0, signal: null });
    expect(w.lines.at(-1)).toMatch(/note message="stopping on SIGTERM"$/);
    expect(w.stderr()).toBe(`ntp-monitor watch: cannot write the log file ${fifo} (ENXIO); monitoring goes on, and this is reported again only once the file has worked in between.\n`);
  });
});

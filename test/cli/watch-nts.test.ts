/** `ntp-monitor watch` with an nts:// server from config.ini (and its `ca =`): one key exchange, then polls on cookies. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { makeTestPki, startNtsChronyd, type NtsChronyd, type TestPki } from '../support/nts-chronyd.js';
import { freeTcpPort, scrape, valueOf } from '../sinks/helpers.js';
import { FAST_POLLS, startWatch } from '../support/watch-process.js';

let pki: TestPki;
let chronyd: NtsChronyd;
/** A TCP forwarder in front of chronyd's NTS-KE port: each connection through it is one key exchange. */
let keProxy: Server;
let keConnections = 0;
const dir = mkdtempSync(join(tmpdir(), 'ntp-monitor-watch-nts-'));

beforeAll(async () => {
  pki = makeTestPki();
  chronyd = await startNtsChronyd(pki);
  keProxy = createServer((client) => {
    keConnections++;
    const server = connect(chronyd.kePort, '127.0.0.1');
    client.pipe(server).pipe(client);
    client.on('error', () => server.destroy());
    server.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => keProxy.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await new Promise((resolve) => keProxy?.close(resolve));
  await chronyd?.stop();
  pki?.remove();
  rmSync(dir, { recursive: true, force: true });
});

describe('ntp-monitor watch with an NTS server', () => {
  it('reads nts:// and ca = from config.ini, does ONE key exchange for several polls, and reports authenticated', async () => {
    const server = `nts://127.0.0.1:${(keProxy.address() as { port: number }).port}`;
    const config = join(dir, 'config.ini');
    writeFileSync(config, `[ntp_server]\nserver_addr = ${server}\ninterval = 15\nthreshold = 3600\nca = ${pki.caFile}\n`);
    const port = await freeTcpPort();
    const w = startWatch(['--config', config, '--metrics-listen', String(port)], FAST_POLLS);
    try {
      const sample = new RegExp(`^\\S+Z sample server=${server.replace(/[./]/g, '\\$&')} offset=[-+]\\d+\\.\\d{3}ms delay=\\d+\\.\\d{3}ms stratum=8 auth=nts state=\\w+$`);
      // Three polls (15 s apart, scaled to 1.5 s by the test-only switch): the first runs the key exchange, the next two
      // spend cookies.
      let from = 0;
      for (let poll = 0; poll < 3; poll++) from = w.lines.indexOf(await w.waitForLine(sample, from)) + 1;
      expect(keConnections).toBe(1);
      const families = await scrape(`http://127.0.0.1:${port}/metrics`);
      expect(valueOf(families, 'ntp_monitor_authenticated', { server })).toBe(1);
      expect(valueOf(families, 'ntp_monitor_polls_total', { server, result: 'ok' })).toBe(3);
      expect(valueOf(families, 'ntp_monitor_polls_total', { server, result: 'nts-ke' })).toBe(0);
      expect(w.stderr()).toBe('');
    } finally {
      w.child.kill('SIGTERM');
      await w.exited;
    }
  }, 30_000);

  it('refuses to start (exit 3) when config.ini names a CA file that is not PEM, naming the file and key', async () => {
    const config = join(dir, 'bad-ca.ini');
    writeFileSync(config, `[ntp_server]\nserver_addr = ${chronyd.server}\ninterval = 60\nthreshold = 1\nca = ${config}\n`);
    const run = await runCli(['watch', '--config', config]);
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(`ntp-monitor watch: ${config}: [ntp_server] ca: ${config}: The CA file holds no PEM certificate (-----BEGIN CERTIFICATE-----). Give a PEM file, not DER or a key.\n`);
  });

  it('without the CA, an NTS server is unreachable after nts-ke failures, with the reason, as any failing server', async () => {
    const w = startWatch(['--server', chronyd.server, '--confirm', '1']);
    try {
      const line = await w.waitForLine(/ failure /);
      expect(line).toContain('kind=nts-ke');
    } finally {
      w.child.kill('SIGTERM');
      await w.exited;
    }
  });
});

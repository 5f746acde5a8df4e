/** A real NTS server for the tests: chronyd on loopback ports with a throwaway CA made by openssl. */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queryServer } from '../../main/ntp/query.js';
import { chronydPath, freeUdpPort, launchChronyd } from './chronyd.js';
import { plain } from './addresses.js';

/** A test CA and the server certificates it signed, as PEM files in `dir`. */
export interface TestPki {
  dir: string;
  /** PEM of the CA that signed `good`, `expired` and `wrongHost`. */
  caPem: string;
  /** PEM of an unrelated CA. */
  otherCaPem: string;
  caFile: string;
  remove(): void;
}

export type ServerCert = 'good' | 'expired' | 'wrong-host';

/** Makes the CAs and the three server certificates (localhost + 127.0.0.1; the same but expired; other.test only). */
export function makeTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'ntp-monitor-nts-'));
  // chronyd may drop privileges: the directory and files must be readable by another user.
  chmodSync(dir, 0o755);
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  run('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=NTP Monitor Test CA');
  run('req', '-x509', ...ec, '-keyout', 'other-ca.key', '-out', 'other-ca.pem', '-days', '2', '-subj', '/CN=Another CA');
  writeFileSync(join(dir, 'good.cnf'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  writeFileSync(join(dir, 'wrong-host.cnf'), 'subjectAltName=DNS:other.test\nextendedKeyUsage=serverAuth\n');
  for (const name of ['good', 'wrong-host', 'expired']) {
    run('req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', name === 'wrong-host' ? '/CN=other.test' : '/CN=localhost');
  }
  run('x509', '-req', '-in', 'good.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'good.crt', '-days', '2', '-extfile', 'good.cnf');
  run('x509', '-req', '-in', 'wrong-host.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'wrong-host.crt', '-days', '2', '-extfile', 'wrong-host.cnf');
  // OpenSSL 3.0's x509 cannot back-date; `openssl ca` can set both dates.
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'serial'), '1000\n');
  writeFileSync(
    join(dir, 'ca.cnf'),
    '[ca]\ndefault_ca=test\n[test]\ndatabase=index.txt\nnew_certs_dir=.\nserial=serial\ndefault_md=sha256\npolicy=any\n' +
      'copy_extensions=none\n[any]\ncommonName=supplied\n',
  );
  run('ca', '-batch', '-config', 'ca.cnf', '-cert', 'ca.pem', '-keyfile', 'ca.key', '-in', 'expired.csr', '-out', 'expired.crt',
    '-startdate', '20200101000000Z', '-enddate', '20200201000000Z', '-extfile', 'good.cnf', '-notext');
  for (const file of ['good.key', 'wrong-host.key', 'expired.key']) chmodSync(join(dir, file), 0o644);
  return {
    dir,
    caPem: readFileSync(join(dir, 'ca.pem'), 'utf8'),
    otherCaPem: readFileSync(join(dir, 'other-ca.pem'), 'utf8'),
    caFile: join(dir, 'ca.pem'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface NtsChronyd {
  /** chronyd's NTP (UDP) port, which its NTS-KE answers with a Port Negotiation record. */
  ntpPort: number;
  /** The NTS-KE (TCP) port. */
  kePort: number;
  /** "nts://127.0.0.1:KEPORT", as a user would type it. */
  server: string;
  stop(): Promise<void>;
}

/**
 * Starts chronyd as an NTS server on 127.0.0.1 presenting `cert`. With `ntpServer`, its key exchange sends clients to
 * that address (same NTP port) instead: a test relay listening there can then stand between client and server.
 */
export async function startNtsChronyd(pki: TestPki, options: { cert?: ServerCert; ntpServer?: string } = {}): Promise<NtsChronyd> {
  const cert = options.cert ?? 'good';
  const dir = mkdtempSync(join(pki.dir, 'chronyd-'));
  chmodSync(dir, 0o755);
  const ntpPort = await freeUdpPort();
  const kePort = await freeUdpPort();
  const lines = [
    `port ${ntpPort}`,
    `ntsport ${kePort}`,
    'bindaddress 127.0.0.1',
    'allow 127.0.0.1',
    'local stratum 8',
    `ntsserverkey ${join(pki.dir, `${cert}.key`)}`,
    `ntsservercert ${join(pki.dir, `${cert}.crt`)}`,
    `ntsdumpdir ${dir}`,
    'cmdport 0',
    'bindcmdaddress /',
  ];
  if (options.ntpServer) lines.push(`ntsntpserver ${options.ntpServer}`);
  const chronyd = launchChronyd(dir, lines, ['-4']);
  const { stop, log } = chronyd;
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && chronyd.child.exitCode === null) {
    const ntp = await queryServer(plain(`127.0.0.1:${ntpPort}`), { timeoutMs: 200 });
    if (ntp.ok && (await tcpOpen(kePort))) return { ntpPort, kePort, server: `nts://127.0.0.1:${kePort}`, stop };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`chronyd (NTS) did not start serving on 127.0.0.1:${ntpPort}/${kePort}:\n${log()}`);
}

function tcpOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * chronyd as the reference NTS client: one measurement of `server`, clock untouched. Returns its offset in ms with
 * ntpdate's sign ("System clock wrong by X seconds": X > 0 when the server is ahead).
 */
export function chronydNtsOffsetMs(pki: TestPki, server: NtsChronyd): number {
  const run = spawnSync(
    chronydPath(),
    ['-4', '-Q', '-t', '15', '-f', '/dev/null', `server localhost nts ntsport ${server.kePort} iburst maxsamples 1`, `ntstrustedcerts ${pki.caFile}`],
    { stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000 },
  );
  // chronyd logs to stderr when it stays in the foreground.
  const combined = `${run.stdout}${run.stderr}`;
  const match = /wrong by (-?[\d.]+) seconds/.exec(combined);
  if (!match) throw new Error(`chronyd -Q gave no offset:\n${combined}`);
  return Number(match[1]) * 1000;
}

/** A TCP service that is not NTS on a loopback port (it greets in plain text), for the "wrong service" failures. */
export async function startPlainTcpService(): Promise<{ port: number; close(): Promise<void> }> {
  // It reads (and ignores) what it gets, so it sees the client hang up and the server can close.
  const server = createServer((socket) => socket.resume().end('220 not TLS here\r\n'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

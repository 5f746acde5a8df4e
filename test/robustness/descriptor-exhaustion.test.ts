/**
 * A process out of file descriptors, for real: a child with a low `ulimit -n` loads the built engine, opens files
 * until the kernel says EMFILE, then queries a loopback server and runs `check`. The failure must be `local` (this
 * computer, not the server) and `check` must exit 3 (UNKNOWN) with the row printed, not crash or blame the server.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NODE } from '../support/cli.js';
import { startFakeNtpServer, type FakeNtpServer } from '../support/fake-ntp-server.js';

const QUERY = resolve('dist/main/ntp/query.js');
const ADDRESS = resolve('dist/main/ntp/address.js');
const CHECK = resolve('dist/main/cli/check.js');

/** Runs in the child: everything is imported first, since loading a module needs a descriptor too. */
const CHILD = `
const [query, address, check, server] = process.argv.slice(1);
const { queryServer } = await import(query);
const { parseServerAddress } = await import(address);
const { runCheck } = await import(check);
const { openSync } = await import('node:fs');
const held = [];
let exhausted = false;
try { for (;;) held.push(openSync('/dev/null', 'r')); } catch (error) { exhausted = error.code === 'EMFILE'; }
const result = await queryServer(parseServerAddress(server).address, { timeoutMs: 2000 });
let out = '';
const io = { stdout: { write: (s) => (out += s) }, stderr: { write: (s) => (out += s) }, env: {} };
const code = await runCheck(['--json', '--timeout', '2000', server], io);
process.stdout.write(JSON.stringify({ exhausted, held: held.length, result, code, out }));
`;

interface ChildReport {
  exhausted: boolean;
  held: number;
  result: { ok: boolean; failure?: { kind: string; code?: string } };
  code: number;
  out: string;
}

function runOutOfDescriptors(server: string): Promise<{ report?: ChildReport; stderr: string; status: number | null }> {
  for (const file of [QUERY, ADDRESS, CHECK]) if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first (npm test does).`);
  const args = ['--input-type=module', '-e', CHILD, pathToFileURL(QUERY).href, pathToFileURL(ADDRESS).href, pathToFileURL(CHECK).href, server];
  // 256 descriptors are plenty for Node to start, and few enough to use up in an instant.
  const child = spawn('sh', ['-c', 'ulimit -n 256 && exec "$0" "$@"', NODE, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c));
  child.stderr.on('data', (c: Buffer) => (stderr += c));
  return new Promise((done) => child.on('close', (status) => done({ report: stdout ? (JSON.parse(stdout) as ChildReport) : undefined, stderr, status })));
}

let server: FakeNtpServer;
beforeAll(async () => {
  server = await startFakeNtpServer(() => ({ offsetMs: 10 }));
});
afterAll(() => server.close());

describe('out of file descriptors (EMFILE, for real)', () => {
  it('is a local failure, not the server\'s, and check exits 3 with the row and the reason', async () => {
    const { report, stderr, status } = await runOutOfDescriptors(server.server);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(report!.exhausted).toBe(true);
    expect(report!.held).toBeGreaterThan(100);
    expect(report!.result).toMatchObject({ ok: false, failure: { kind: 'local', code: 'EMFILE' } });
    expect(report!.code).toBe(3);
    const rows = JSON.parse(report!.out).servers as { server: string; state: string; error: { kind: string; code: string; message: string } }[];
    expect(rows[0]!.error.message).toMatch(/a resource of this computer failed \(EMFILE\).*not to blame/);
    expect(rows).toMatchObject([{ server: server.server, state: 'unknown', error: { kind: 'local', code: 'EMFILE' } }]);
    // Nothing reached the server: the socket could not even be made.
    expect(server.requests).toBe(0);
  });
});

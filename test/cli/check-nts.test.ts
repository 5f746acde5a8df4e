/** `ntp-monitor check nts://...` spawned as a user runs it, against chronyd's NTS server (test CA by openssl). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckRow } from '../../main/cli/check.js';
import { runCli } from '../support/cli.js';
import { chronydNtsOffsetMs, makeTestPki, startNtsChronyd, startPlainTcpService, type NtsChronyd, type TestPki } from '../support/nts-chronyd.js';
import { passThrough, startNtsRelay, type NtsRelay } from '../support/nts-relay.js';

let pki: TestPki;
let direct: NtsChronyd;
let relayed: NtsChronyd;
let relay: NtsRelay;
let plainTcp: Awaited<ReturnType<typeof startPlainTcpService>>;

beforeAll(async () => {
  pki = makeTestPki();
  [direct, relayed] = await Promise.all([startNtsChronyd(pki), startNtsChronyd(pki, { ntpServer: '127.0.0.2' })]);
  relay = await startNtsRelay('127.0.0.2', relayed.ntpPort);
  plainTcp = await startPlainTcpService();
});
afterAll(async () => {
  await relay?.close();
  await plainTcp?.close();
  await Promise.all([direct, relayed].map((s) => s?.stop()));
  pki?.remove();
});

async function checkJson(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; rows: CheckRow[]; stderr: string }> {
  const run = await runCli(['check', ...args, '--json'], env);
  return { code: run.code, rows: run.stdout === '' ? [] : (JSON.parse(run.stdout).servers as CheckRow[]), stderr: run.stderr };
}

describe('ntp-monitor check with an NTS server', () => {
  it('measures an authenticated offset that agrees with chronyd as NTS client within 2 ms', async () => {
    // Three polls on one session (one key exchange), the least delay kept: a busy machine does not fail the check.
    const { code, rows } = await checkJson([`nts://localhost:${direct.kePort}`, '--ca', pki.caFile, '--samples', '3']);
    expect(code).toBe(0);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ server: `nts://localhost:${direct.kePort}`, ok: true, authenticated: true, stratum: 8, samples: 3, state: 'ok' });
    const theirs = chronydNtsOffsetMs(pki, direct);
    expect(Math.abs(rows[0]!.offsetMs! - theirs)).toBeLessThan(2);
  });

  it('writes authenticated: false (not absent) for plain NTP, true for NTS, in one run', async () => {
    const { rows } = await checkJson([`127.0.0.1:${direct.ntpPort}`, direct.server, '--ca', pki.caFile]);
    expect(rows.map((r) => [r.server, r.ok, r.authenticated])).toEqual([
      [`127.0.0.1:${direct.ntpPort}`, true, false],
      [direct.server, true, true],
    ]);
  });

  it('fails nts-ke with the untrusted-certificate message and exit 2 (no time, as check_ntp_time) for the wrong CA, and without any CA', async () => {
    for (const ca of [['--ca', join(pki.dir, 'other-ca.pem')], []]) {
      const { code, rows } = await checkJson([direct.server, ...ca]);
      expect(code).toBe(2);
      expect(rows[0]).toMatchObject({ ok: false, authenticated: false, state: 'warning', error: { kind: 'nts-ke' } });
      expect(rows[0]!.error!.message).toBe(
        `The server's TLS certificate is not trusted (${rows[0]!.error!.code}): check its host name and expiry, or give its CA.`,
      );
      expect(rows[0]!.offsetMs).toBeNull();
    }
  });

  it('says in the text which NTP server the key exchange sent it to, and in the JSON', async () => {
    relay.action = () => passThrough;
    const text = await runCli(['check', relayed.server, '--ca', pki.caFile]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`\n  ${relayed.server}: time from the NTP server 127.0.0.2:${relayed.ntpPort}, which the key exchange named\n`);
    const zh = await runCli(['check', relayed.server, '--ca', pki.caFile], { LANG: 'zh_CN.UTF-8' });
    expect(zh.stdout).toContain(`\n  ${relayed.server}: 时间来自密钥交换指定的 NTP 服务器 127.0.0.2:${relayed.ntpPort}\n`);
    const { rows } = await checkJson([relayed.server, '--ca', pki.caFile]);
    expect(rows[0]).toMatchObject({ ok: true, ntpServer: `127.0.0.2:${relayed.ntpPort}` });
  });

  it('fails nts-auth, never an offset, when a relay flips one byte of the reply (exit 2)', async () => {
    relay.action = () => ({
      forward: (reply) => {
        const tampered = Buffer.from(reply);
        tampered[44]! ^= 0x01; // the transmit timestamp, inside the authenticated part
        return [tampered];
      },
    });
    const { code, rows } = await checkJson([relayed.server, '--ca', pki.caFile, '--timeout', '500']);
    expect(code).toBe(2);
    expect(rows[0]).toMatchObject({ ok: false, offsetMs: null, error: { kind: 'nts-auth', code: 'authenticator' } });
    expect(rows[0]!.error!.message).toContain('No reply passed NTS authentication');
  });

  it('fails nts-ke against a TCP service that is not NTS, in Chinese when the locale asks', async () => {
    const run = await runCli(['check', `nts://127.0.0.1:${plainTcp.port}`, '--ca', pki.caFile], { LANG: 'zh_CN.UTF-8' });
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/NTS 密钥交换/);
    const { rows } = await checkJson([`nts://127.0.0.1:${plainTcp.port}`, '--ca', pki.caFile]);
    expect(rows[0]).toMatchObject({ ok: false, error: { kind: 'nts-ke' } });
  });

  it('refuses a --ca that is not a PEM certificate, or missing, before querying anything (exit 3, the file named)', async () => {
    const notPem = join(pki.dir, 'not-a-ca.txt');
    writeFileSync(notPem, 'hello\n');
    for (const [file, text] of [
      [notPem, 'holds no PEM certificate'],
      [join(pki.dir, 'good.key'), 'holds no PEM certificate'],
      [join(pki.dir, 'missing.pem'), 'Cannot read the CA file: ENOENT'],
      [pki.dir, 'not a regular file'],
    ] as const) {
      const run = await runCli(['check', direct.server, '--ca', file]);
      expect(run.code).toBe(3);
      expect(run.stderr).toBe('');
      expect(run.stdout).toContain(`ntp-monitor check: --ca: ${file}: `);
      expect(run.stdout).toContain(text);
    }
  });

  it('refuses an nts:// address it cannot parse with what is accepted', async () => {
    const { code, rows } = await checkJson(['nts://user@host']);
    expect(code).toBe(3);
    expect(rows[0]).toMatchObject({ ok: false, error: { kind: 'invalid-address' } });
    expect(rows[0]!.error!.message).toContain('nts://host:port (the NTS key exchange port, default 4460)');
  });
});

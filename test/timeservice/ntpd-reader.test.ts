/**
 * The mode 6 reader against a real ntpd (ntpsec, unpacked; CAP_SYS_TIME dropped; in a network namespace of its
 * own), side by side with its own ntpq, and `check --daemon ntpd` there.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { NtpdRead } from '../../main/timeservice/ntpd-reader.js';
import { ntpdView } from '../../main/timeservice/daemon-view.js';
import { startNtpd, type Ntpd } from '../support/ntpd.js';

let ntpd: Ntpd | undefined;
afterEach(async () => {
  await ntpd?.stop();
  ntpd = undefined;
});

/** ntpq's "name=value" list (raw mode: the daemon's own text) as a map. */
function vars(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const m of text.matchAll(/([\w.]+)=("[^"]*"|[^,\s]*)/g)) map.set(m[1]!, m[2]!.replace(/^"|"$/g, ''));
  return map;
}

async function readUntil(ok: (read: Extract<NtpdRead, { ok: true }>) => boolean): Promise<Extract<NtpdRead, { ok: true }>> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const read = await ntpd!.read();
    if (read.ok && ok(read)) return read;
    if (Date.now() > deadline) throw new Error(`ntpd never got there: ${JSON.stringify(read)}\n${ntpd?.log()}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describe('readNtpd against ntpsec', () => {
  it('reads the system variables and the peer as ntpq does', async () => {
    ntpd = await startNtpd();
    // The local reference clock answers its first poll within seconds.
    const read = await readUntil((r) => (r.report.peers ?? []).some((p) => p.reach > 0));
    const { system, peers } = read.report;
    const rv = vars(await ntpd!.ntpq('raw', 'rv 0 leap,stratum,refid,rootdelay,offset,tc,version'));
    expect(system.leap).toBe(Number(rv.get('leap')));
    expect(system.stratum).toBe(Number(rv.get('stratum')));
    expect(system.refId).toBe(rv.get('refid'));
    expect(system.rootDelayMs).toBe(Number(rv.get('rootdelay')));
    expect(system.offsetMs).toBe(Number(rv.get('offset')));
    expect(system.timeConstant).toBe(Number(rv.get('tc')));
    expect(system.version).toBe(rv.get('version'));
    expect(system.version).toMatch(/^ntpd ntpsec-/);

    // ntpq -p: one association, the local clock, at stratum 9 as configured.
    const billboard = (await ntpd!.ntpq('peers')).trim().split('\n').slice(2);
    expect(peers).toHaveLength(billboard.length);
    const [peer] = peers!;
    expect(billboard[0]).toMatch(new RegExp(`^.LOCAL\\(0\\)\\s+\\.LOCL\\.\\s+${peer!.stratum}\\s+l\\s`));
    expect(peer).toMatchObject({ address: '127.127.1.0', stratum: 9, poll: 3 });
    const pv = vars(await ntpd!.ntpq('raw', `rv ${peer!.associd} srcadr,stratum,hpoll,offset,delay`));
    expect(pv.get('srcadr')).toBe(peer!.address);
    expect(Number(pv.get('offset'))).toBe(peer!.offsetMs);
    expect(Number(pv.get('delay'))).toBe(peer!.delayMs);

    // `disable ntp` keeps the clock discipline off, so ntpd never leaves leap 3: the view says not synchronised.
    expect(system.leap).toBe(3);
    expect(ntpdView(read.report, Date.now())).toMatchObject({ kind: 'ntpd', synchronized: false, errorBoundMs: system.rootDispersionMs + system.rootDelayMs / 2 });
  }, 60_000);

  it('says refused (noquery) when ntpd answers time requests but not control queries, as ntpq meets it', async () => {
    const quiet = await startNtpd({ noquery: true });
    ntpd = quiet;
    expect(await quiet.read(1500)).toEqual({ ok: false, failure: { kind: 'refused', how: 'ntpd-noquery' } });
    await expect(quiet.ntpq('rv')).rejects.toThrow();
  }, 60_000);

  it('check --daemon ntpd says it is not synchronised (WARNING), and not running once ntpd is gone', async () => {
    const running = await startNtpd();
    ntpd = running;
    const cli = join(import.meta.dirname, '../../dist/cli/ntp-monitor.cjs');
    const check = ['check', '--daemon', 'ntpd', '--timeout', '500'];
    const json = await running.run(process.execPath, [cli, ...check, '--json', '127.0.0.1:9']);
    expect((JSON.parse(json.stdout) as { daemon: unknown }).daemon).toMatchObject({ kind: 'ntpd', target: '127.0.0.1:123', verdict: 'not-synchronized', state: 'warning', synchronized: false });
    const text = await running.run(process.execPath, [cli, ...check, '127.0.0.1:9']);
    expect(text.stdout).toContain('Time service: ntpd (127.0.0.1:123)');
    expect(text.stdout).toContain('ntpd is not synchronised');
    // The namespace lives while a process is in it: this shell stops ntpd, then asks again from inside.
    const gone = await running.run('sh', ['-c', `kill ${running.pid}; sleep 1; "${process.execPath}" "${cli}" ${check.join(' ')} --json 127.0.0.1:9`]);
    expect((JSON.parse(gone.stdout) as { daemon: unknown }).daemon).toMatchObject({ verdict: 'unreachable', error: { kind: 'not-running' } });
  }, 60_000);
});

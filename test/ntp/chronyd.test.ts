/** Against a real NTP server: Debian's chronyd on loopback, cross-checked with python3-ntplib where present. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryServer } from '../../main/ntp/query.js';
import { startChronyd, type Chronyd } from '../support/chronyd.js';
import { plain } from '../support/addresses.js';

const servers: Chronyd[] = [];
let unsynchronized: Chronyd;

beforeAll(async () => {
  servers.push(...(await Promise.all([startChronyd(), startChronyd(), startChronyd()])));
  unsynchronized = await startChronyd({ synchronized: false });
});
afterAll(async () => {
  await Promise.all([...servers, unsynchronized].map((s) => s?.stop()));
});

describe('queryServer against chronyd', () => {
  it('measures an offset within a few ms of zero (same machine, same clock), with chrony\'s stratum and refid', async () => {
    const result = await queryServer(plain(servers[0]!.server), { timeoutMs: 2000 });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const s = result.sample;
    expect(Math.abs(s.offsetMs)).toBeLessThan(3 + s.delayMs / 2); // RFC 5905's bound: half the delay
    expect(s.delayMs).toBeGreaterThanOrEqual(0);
    expect(s.delayMs).toBeLessThan(50);
    // `local stratum 8` serves stratum 8 with chrony's local reference id 127.127.1.1.
    expect(s.stratum).toBe(8);
    expect(s.refId).toBe('127.127.1.1');
    expect(s.leap).toBe(0);
    expect(s.version).toBe(4);
  });

  it('queries several servers concurrently', async () => {
    const results = await Promise.all(servers.map((s) => queryServer(plain(s.server), { timeoutMs: 2000 })));
    expect(results.map((r) => r.ok)).toEqual([true, true, true]);
    expect(new Set(results.map((r) => (r.ok ? r.sample.port : 0)))).toEqual(new Set(servers.map((s) => s.port)));
  });

  it('reports an unsynchronized chronyd as unsynchronized, never as an offset', async () => {
    const result = await queryServer(plain(unsynchronized.server), { timeoutMs: 2000 });
    expect(result).toMatchObject({ ok: false, failure: { kind: 'unsynchronized' } });
  });

  const ntplib = '/usr/bin/python3';
  const hasNtplib = existsSync(ntplib) && (() => {
    try {
      execFileSync(ntplib, ['-c', 'import ntplib']);
      return true;
    } catch {
      return false;
    }
  })();
  it.skipIf(!hasNtplib)('agrees with python3-ntplib on the same server within a millisecond or two', async () => {
    const script = `import ntplib,sys,json
r=ntplib.NTPClient().request('127.0.0.1', port=int(sys.argv[1]), version=4)
print(json.dumps({"offset": r.offset*1000, "delay": r.delay*1000, "stratum": r.stratum, "refid": ntplib.ref_id_to_text(r.ref_id, r.stratum)}))`;
    const theirs = JSON.parse(execFileSync(ntplib, ['-c', script, String(servers[1]!.port)]).toString());
    const ours = await queryServer(plain(servers[1]!.server), { timeoutMs: 2000 });
    expect(ours.ok).toBe(true);
    if (!ours.ok) return;
    // Each single sample is within half its own delay of the truth (RFC 5905), and delays grow on a loaded machine.
    expect(Math.abs(ours.sample.offsetMs - theirs.offset)).toBeLessThan(2 + (ours.sample.delayMs + theirs.delay) / 2);
    expect(ours.sample.stratum).toBe(theirs.stratum);
    expect(ours.sample.refId).toBe(theirs.refid);
  });
});

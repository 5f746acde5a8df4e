/**
 * `check` as a drop-in for the real check_ntp_time (Debian's monitoring-plugins-basic): both run with the same flags
 * against the same loopback servers (a true chronyd, an unsynchronized chronyd, fakes that lie, stay silent or send
 * Kiss-o'-Death, a closed port), and must agree on the exit status, the state word and the perfdata's offset limits.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeUdpPort, startChronyd, type Chronyd } from '../support/chronyd.js';
import { runCli } from '../support/cli.js';
import { startFakeNtpServer, symmetric, type FakeNtpServer } from '../support/fake-ntp-server.js';

const CHECK_NTP_TIME = '/usr/lib/nagios/plugins/check_ntp_time';
if (!existsSync(CHECK_NTP_TIME)) throw new Error(`${CHECK_NTP_TIME} is missing: run \`bash scripts/install-test-deps.sh\` (Debian package "monitoring-plugins-basic").`);

interface Run {
  code: number | null;
  stdout: string;
}

/** Asynchronously: the fake servers answer from this process, which a synchronous spawn would stall. */
function checkNtpTime(args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(CHECK_NTP_TIME, args, { env: { PATH: process.env.PATH } }, (error, stdout) => {
      done({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout });
    });
  });
}

/** "NTP CRITICAL: ..." and, when check_ntp_time's own alarm fires, "CRITICAL - Socket timeout ...". */
function stateWord(stdout: string): string | undefined {
  return /^(?:NTP )?(OK|WARNING|CRITICAL|UNKNOWN)\b/.exec(stdout)?.[1];
}

/** The W;C fields of the `offset=` perfdata, or undefined without one. */
function offsetLimits(stdout: string): string | undefined {
  return /\|\s*offset=-?\d+\.\d{6}s;([^;]*;[^;]*);/.exec(stdout.split('\n')[0]!)?.[1];
}

let chrony: Chronyd;
let unsynchronized: Chronyd;
const fakes: FakeNtpServer[] = [];
const servers: Record<string, number> = {};

beforeAll(async () => {
  [chrony, unsynchronized] = await Promise.all([startChronyd(), startChronyd({ synchronized: false })]);
  servers['true chronyd'] = chrony.port;
  servers['unsynchronized chronyd'] = unsynchronized.port;
  const shapes: Record<string, Parameters<typeof startFakeNtpServer>[0]> = {
    '+150 ms': () => symmetric(+150, 1),
    '-300 ms': () => symmetric(-300, 1),
    '+2.5 s': () => symmetric(+2500, 1),
    'leap 3 (unsynchronized)': () => ({ fields: { leap: 3, stratum: 16 } }),
    silent: () => ({ silent: true }),
    'KoD DENY': () => ({ fields: { stratum: 0, refIdBytes: Buffer.from('DENY') } }),
    'KoD RATE': () => ({ fields: { stratum: 0, refIdBytes: Buffer.from('RATE') } }),
  };
  for (const [name, shape] of Object.entries(shapes)) {
    const fake = await startFakeNtpServer(shape);
    fakes.push(fake);
    servers[name] = fake.port;
  }
  servers['closed port'] = await freeUdpPort();
}, 30_000);
afterAll(async () => {
  await Promise.all([chrony?.stop(), unsynchronized?.stop(), ...fakes.map((f) => f.close())]);
});

// check_ntp_time's defaults (60 s, 120 s) made explicit, since ours are 0.1 s and 1 s; then the guidelines' forms.
const FLAG_SETS = [
  ['-w', '60', '-c', '120'],
  ['-w', '0.1', '-c', '0.2'],
  ['-w', '@0.1:0.2', '-c', '3'],
  ['-w', '0.2:', '-c', '~:3'],
  ['-q', '-w', '0.1', '-c', '1'],
];

describe('check against check_ntp_time, same flags, same servers', () => {
  const names = ['true chronyd', 'unsynchronized chronyd', '+150 ms', '-300 ms', '+2.5 s', 'leap 3 (unsynchronized)', 'silent', 'closed port', 'KoD DENY', 'KoD RATE'];
  it.each(names)('%s: the same exit status, state word and offset perfdata limits under every flag set', async (name) => {
    const port = servers[name]!;
    for (const flags of FLAG_SETS) {
      // -t 4: check_ntp_time gives up at half its timeout on a silent server; ours waits that long for one reply.
      const args = ['-H', '127.0.0.1', '-p', String(port), '-t', '4', ...flags];
      const [theirs, ours] = await Promise.all([checkNtpTime(args), runCli(['check', ...args])]);
      const what = `${name} ${flags.join(' ')}\n  check_ntp_time: ${theirs.stdout.trim()}\n  check:          ${ours.stdout.split('\n')[0]}`;
      expect(stateWord(theirs.stdout), what).toBeDefined();
      expect(ours.code, what).toBe(theirs.code);
      expect(stateWord(ours.stdout), what).toBe(stateWord(theirs.stdout));
      expect(offsetLimits(ours.stdout), what).toBe(offsetLimits(theirs.stdout));
    }
  }, 120_000);
});

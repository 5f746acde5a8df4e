/**
 * The cost of one time-service read per monitor round: a full chrony read (tracking, source count, one source and
 * its statistics: four UDP round trips) from a real chronyd on loopback, an ntpd read (system variables, association
 * list, one association) from a real ntpsec in its network namespace, a timesyncd read (one busctl run) against
 * the fake timesync1 on a private bus, and a kernel read (one ntptime run). Wall time and this thread's CPU time.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { kernelView, chronyView, timesyncdView } from '../../main/timeservice/daemon-view.js';
import { readChrony } from '../../main/timeservice/chrony-reader.js';
import { readKernel } from '../../main/timeservice/kernel-state.js';
import type { RunTool } from '../../main/timeservice/run-tool.js';
import { readTimesyncd, runBusctl } from '../../main/timeservice/timesyncd-reader.js';
import { startChronyd } from '#fixtures/chronyd.js';
import { startChronydClient } from '#fixtures/chronyd-client.js';
import { startFakeTimesyncd } from '#fixtures/fake-timesyncd.js';
import { ntpsecProgram, startNtpd } from '#fixtures/ntpd.js';
import { startSessionBus } from '#fixtures/session-bus.js';
import { spread, type Spread } from './stats.js';

export interface DaemonCost {
  kind: string;
  how: string;
  reads: number;
  wallMs: Spread;
  cpuMs: Spread;
}

const READS = 100;

function threadCpuMs(): number {
  const { user, system } = process.threadCpuUsage();
  return (user + system) / 1000;
}

/** Times `read` READS times, one after another; every read must succeed (a failed read is not a cost figure). */
async function timeReads(kind: string, how: string, read: () => Promise<boolean>): Promise<DaemonCost> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < READS; i++) {
    const [w0, c0] = [performance.now(), threadCpuMs()];
    if (!(await read())) throw new Error(`${kind}: read ${i} failed`);
    wall.push(performance.now() - w0);
    cpu.push(threadCpuMs() - c0);
  }
  return { kind, how, reads: READS, wallMs: spread(wall), cpuMs: spread(cpu) };
}

export async function benchDaemon(): Promise<DaemonCost[]> {
  const costs: DaemonCost[] = [];
  const server = await startChronyd();
  const client = await startChronydClient([server.port]);
  try {
    costs.push(
      await timeReads('chronyd', 'UDP cmdmon, 4 requests (1 source)', async () => {
        const read = await readChrony({ address: '127.0.0.1', family: 4 }, client.cmdport, { timeoutMs: 1000 });
        return read.ok && chronyView(read.report, Date.now()).synchronized;
      }),
    );
  } finally {
    await client.stop();
    await server.stop();
  }

  // ntpd runs in a network namespace of its own (test/support/ntpd.ts), so the reads are timed in there.
  if (existsSync(ntpsecProgram('ntpd'))) {
    const ntpd = await startNtpd();
    try {
      const timed = await ntpd.timedReads(READS);
      if (!timed.ok) throw new Error('ntpd: a read failed');
      costs.push({ kind: 'ntpd (ntpsec)', how: 'UDP mode 6, 3 requests (1 association)', reads: READS, wallMs: spread(timed.wallMs), cpuMs: spread(timed.cpuMs) });
    } finally {
      await ntpd.stop();
    }
  }

  const bus = await startSessionBus();
  try {
    const nowUs = BigInt(Date.now()) * 1000n;
    await startFakeTimesyncd(bus, {
      serverName: 'ntp.example.org',
      serverAddress: [2, Buffer.from([192, 0, 2, 7])],
      pollIntervalUSec: 64_000_000n,
      ntpMessage: [0, 4, 4, 2, -20, 1500n, 2500n, Buffer.from('GPS\0'), nowUs - 3000n, nowUs - 2000n, nowUs - 1900n, nowUs - 900n, false, 7n, 300n],
    });
    const run = runBusctl(bus.address);
    costs.push(
      await timeReads('systemd-timesyncd', 'one busctl run (fake timesync1, private bus)', async () => {
        const read = await readTimesyncd({ timeoutMs: 5000, run });
        return read.ok && timesyncdView(read.report, Date.now()).synchronized;
      }),
    );
  } finally {
    await bus.stop();
  }

  const ntptime = ntpsecProgram('ntptime');
  if (existsSync(ntptime)) {
    const run: RunTool = (file, args, timeoutMs) =>
      new Promise((resolve, reject) => execFile(file === 'ntptime' ? ntptime : file, args, { timeout: timeoutMs }, (error, stdout) => (error ? reject(error) : resolve(stdout))));
    costs.push(
      await timeReads('kernel', 'one ntptime run (adjtimex not installed)', async () => {
        const read = await readKernel({ timeoutMs: 5000, run });
        return read.ok && kernelView(read.state).errorBoundMs > 0;
      }),
    );
  }
  return costs;
}

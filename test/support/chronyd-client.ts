/** A chronyd under test as a client: following the given loopback servers, its command port open on 127.0.0.1, clock untouched (-x). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readChrony } from '../../main/timeservice/chrony-reader.js';
import { freeUdpPort, launchChronyd } from './chronyd.js';

export interface ChronydClient {
  /** Its command port on 127.0.0.1. */
  cmdport: number;
  stop(): Promise<void>;
}

/**
 * Starts chronyd following `ports` on 127.0.0.1 (polling every 1-4 s, or 1 s up to 2^maxpoll) and waits until it has selected a source, or
 * only until its command port answers with `waitForSync: false`.
 */
export async function startChronydClient(ports: number[], options: { waitForSync?: boolean; maxpoll?: number } = {}): Promise<ChronydClient> {
  const dir = mkdtempSync(join(tmpdir(), 'ntp-monitor-chronyc-'));
  const cmdport = await freeUdpPort();
  const lines = [
    ...ports.map((port) => `server 127.0.0.1 port ${port} iburst minpoll 0 maxpoll ${options.maxpoll ?? 2}`),
    'port 0',
    `cmdport ${cmdport}`,
    'bindcmdaddress 127.0.0.1',
    // No Unix command socket: several of these run at once, and the default path is shared.
    'bindcmdaddress /',
  ];
  const chronyd = launchChronyd(dir, lines, ['-4']);
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline && chronyd.child.exitCode === null) {
    const read = await readChrony({ address: '127.0.0.1', family: 4 }, cmdport, { timeoutMs: 300 });
    const ready = read.ok && (options.waitForSync === false || (read.report.tracking.leap !== 3 && read.report.sources?.some((s) => s.source.state === 'selected')));
    if (ready) return { cmdport, stop: chronyd.stop };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await chronyd.stop();
  throw new Error(`chronyd on command port ${cmdport} did not ${options.waitForSync === false ? 'answer' : 'synchronise'}:\n${chronyd.log()}`);
}

/** A real chronyd (-x, loopback) whose only source goes silent: the cross-check says not synchronised or stale, as chronyd does. */
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { crossCheck } from '../../main/timeservice/cross-check.js';
import { readDaemon } from '../../main/timeservice/read-daemon.js';
import { startChronyd, type Chronyd } from '../support/chronyd.js';
import { startChronydClient, type ChronydClient } from '../support/chronyd-client.js';

let server: Chronyd | undefined;
let client: ChronydClient | undefined;
afterAll(async () => {
  await client?.stop();
  await server?.stop();
});

const thresholds = { warningSeconds: 0.1, criticalSeconds: 1 };

describe('chronyd whose source goes silent', () => {
  it('is synchronised and fresh while its source answers, then not-synchronized or stale once the source is stopped', async () => {
    server = await startChronyd();
    // Polls every second (maxpoll 0): eight missed polls empty its reachability register within seconds.
    client = await startChronydClient([server.port], { maxpoll: 0 });
    const target = { kind: 'chrony', host: '127.0.0.1', port: client.cmdport, family: 4 } as const;
    const check = async () => crossCheck((await readDaemon(target, 1000))!.read, null, thresholds);
    expect((await check()).verdict).toBe('unchecked');

    await server.stop();
    server = undefined;
    const started = Date.now();
    let verdict = (await check()).verdict;
    while (verdict === 'unchecked' && Date.now() - started < 60_000) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      verdict = (await check()).verdict;
    }
    expect(['not-synchronized', 'stale']).toContain(verdict);
    // chronyc on the same daemon says the same: its source is no longer selected, or it is not synchronised.
    const tracking = execFileSync('chronyc', ['-c', '-h', '127.0.0.1', '-p', String(client.cmdport), 'tracking']).toString();
    const sources = execFileSync('chronyc', ['-c', '-h', '127.0.0.1', '-p', String(client.cmdport), 'sources']).toString();
    if (verdict === 'not-synchronized') expect(tracking.trim().endsWith('Not synchronised')).toBe(true);
    expect(sources).not.toMatch(/^\^,\*,/m);
  }, 90_000);
});

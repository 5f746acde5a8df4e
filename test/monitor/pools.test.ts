/** A pool in the monitor: its members on 127.0.0.2-5, real UDP, each a voter; one that stops answering is replaced. */
import { afterEach, describe, expect, it } from 'vitest';
import { Monitor, type MonitorQuery } from '../../main/monitor/monitor.js';
import type { LookupAll } from '../../main/ntp/pool.js';
import { queryAny } from '../../main/ntp/query-any.js';
import { defaultSettings } from '../../main/settings/settings.js';
import { startFakeNtpServer, type FakeNtpServer } from '../support/fake-ntp-server.js';
import { checked } from '../support/settings.js';

const servers: FakeNtpServer[] = [];
const monitors: Monitor[] = [];
afterEach(async () => {
  await Promise.all(monitors.splice(0).map((m) => m.stop()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** Fake servers on 127.0.0.2..(1+count), all on one port, as a pool's members are; `silent` ones never answer. */
async function members(count: number, offsetMs: number): Promise<{ port: number; silent: Set<string> }> {
  const silent = new Set<string>();
  const first = await startFakeNtpServer(() => ({ offsetMs }), '127.0.0.2');
  servers.push(first);
  for (let i = 3; i <= count + 1; i++) {
    const host = `127.0.0.${i}`;
    servers.push(await startFakeNtpServer(() => (silent.has(host) ? { silent: true } : { offsetMs }), host, first.port));
  }
  first.shape = () => (silent.has('127.0.0.2') ? { silent: true } : { offsetMs });
  return { port: first.port, silent };
}

const query: MonitorQuery = (server, options) => queryAny(server, options);

async function until(condition: () => boolean, what: string, ms = 8_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('Monitor with pool://', () => {
  it('polls 4 of the pool name\'s 5 addresses as 4 voters, each named by its address, and reaches a verdict from them alone', async () => {
    const { port } = await members(5, 2500);
    const lookup: LookupAll = async (host) => (host === 'pool.test' ? [2, 3, 4, 5, 6].map((i) => ({ address: `127.0.0.${i}`, family: 4 })) : []);
    const m = new Monitor(checked({ ...defaultSettings([`pool://pool.test:${port}`]), confirm: 1, timeoutMs: 500 }), { query, listeners: [], lookup });
    monitors.push(m);
    m.start();
    await until(() => m.verdict().state !== 'unknown', 'a verdict');
    expect(m.statuses().map((s) => s.server)).toEqual([2, 3, 4, 5].map((i) => `pool://pool.test:${port}/127.0.0.${i}`));
    expect(m.verdict()).toMatchObject({ state: 'critical', agree: 4, voters: 4, total: 4 });
    // Each member was asked on its own address: every one of the four fake servers got a request, the fifth none.
    expect(servers.map((s) => s.requests > 0)).toEqual([true, true, true, true, false]);
  });

  it('replaces a member that stays unreachable with an address the pool has not used; the others keep their state', async () => {
    const { port, silent } = await members(5, 0);
    const lookup: LookupAll = async () => [2, 3, 4, 5, 6].map((i) => ({ address: `127.0.0.${i}`, family: 4 }));
    const m = new Monitor(checked({ ...defaultSettings([`pool://pool.test:${port}`]), confirm: 1, failuresBeforeUnreachable: 1, timeoutMs: 300 }), { query, listeners: [], lookup });
    monitors.push(m);
    m.start();
    await until(() => m.statuses().length === 4 && m.statuses().every((s) => s.state === 'ok'), 'four members OK');
    silent.add('127.0.0.3');
    await m.checkNow();
    const name = (i: number) => `pool://pool.test:${port}/127.0.0.${i}`;
    await until(() => m.statuses().some((s) => s.server === name(6)), 'the replacement member');
    expect(m.statuses().map((s) => s.server)).toEqual([name(2), name(4), name(5), name(6)]);
    expect(m.statuses().filter((s) => s.server !== name(6)).map((s) => s.state)).toEqual(['ok', 'ok', 'ok']);
  });

  it('a pool whose name does not resolve is polled by its name, so its failure shows with the cause', async () => {
    const lookup: LookupAll = async () => {
      throw Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    const m = new Monitor(checked({ ...defaultSettings(['pool://nowhere.invalid']), timeoutMs: 300 }), { query, listeners: [], lookup });
    monitors.push(m);
    m.start();
    await until(() => m.statuses().some((s) => s.lastResult !== undefined), 'a result');
    const [status] = m.statuses();
    expect(status!.server).toBe('pool://nowhere.invalid');
    expect(status!.lastResult).toMatchObject({ ok: false, failure: { kind: 'dns' } });
  });
});

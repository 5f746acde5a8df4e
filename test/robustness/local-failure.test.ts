/**
 * A `local` failure (this computer out of descriptors) through the real engine: scheduler, state machine and metrics.
 * It must never turn a server unreachable nor raise an alert about it, and it must be counted under its own kind.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SocketFactory } from '../../main/ntp/exchange.js';
import { queryAny } from '../../main/ntp/query-any.js';
import { Scheduler } from '../../main/scheduler/scheduler.js';
import { defaultSettings } from '../../main/settings/settings.js';
import { MonitorMetrics } from '../../main/sinks/metrics.js';
import type { Transition } from '../../main/judging/transition.js';
import { startFakeNtpServer, type FakeNtpServer } from '../support/fake-ntp-server.js';
import { checked } from '../support/settings.js';

const outOfDescriptors: SocketFactory = () => {
  throw Object.assign(new Error('socket: too many open files'), { code: 'EMFILE' });
};

let fake: FakeNtpServer | undefined;
let scheduler: Scheduler | undefined;
afterEach(async () => {
  await scheduler?.stop();
  await fake?.close();
  scheduler = fake = undefined;
});

describe('a local failure through scheduler, state machine and metrics', () => {
  it('leaves the server OK through many EMFILE polls, raises no transition, counts polls_total{result="local"}', async () => {
    fake = await startFakeNtpServer(() => ({ offsetMs: 5 }));
    let exhausted = false;
    const valid = checked({ ...defaultSettings([fake.server]), timeoutMs: 2_000 });
    const { settings } = valid;
    scheduler = new Scheduler(valid, {
      query: (address, options) => queryAny(address, { ...options, ...(exhausted ? { createSocket: outOfDescriptors } : {}) }),
    });
    const metrics = new MonitorMetrics();
    metrics.configure(settings, settings.servers);
    const transitions: Transition[] = [];
    scheduler.on('result', (event) => metrics.observe(event));
    scheduler.on('transition', (t) => transitions.push(t));

    for (let i = 0; i < settings.confirm; i++) await scheduler.checkNow();
    expect(transitions.map((t) => t.to)).toEqual(['ok']);

    exhausted = true;
    const polls = settings.failuresBeforeUnreachable * 3;
    for (let i = 0; i < polls; i++) await scheduler.checkNow();
    const [status] = scheduler.statuses();
    expect(status).toMatchObject({ state: 'ok', intervalSeconds: settings.intervalSeconds, refused: false });
    expect(status!.reason).toBeUndefined();
    expect(status!.lastResult).toMatchObject({ ok: false, failure: { kind: 'local', code: 'EMFILE' } });
    expect(transitions.map((t) => t.to)).toEqual(['ok']);

    const counted = await metrics.registry.getSingleMetric('ntp_monitor_polls_total')!.get();
    const byResult = Object.fromEntries(counted.values.map((v) => [v.labels.result, v.value]));
    expect(byResult).toMatchObject({ ok: settings.confirm, local: polls, unreachable: 0, timeout: 0 });
    // Only the good polls reached the server.
    expect(fake.requests).toBe(settings.confirm);
  });
});

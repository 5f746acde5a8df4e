/** The status window's data: rows from the monitor's statuses and the monitor's verdict passed through, never a second selection. */
import { describe, expect, it } from 'vitest';
import type { VerdictView } from '../../../main/consensus/clock-verdict.js';
import { selectConsensus } from '../../../main/consensus/selection.js';
import { serverRow, statusView, type StatusInput } from '../../../main/desktop/windows/status-model.js';
import type { ServerStatus } from '../../../main/judging/events.js';
import { defaultSettings } from '../../../main/settings/settings.js';
import { failureResult, sampleResult } from '../../support/results.js';

const NOW = Date.UTC(2026, 10, 24, 8, 0, 0);
const base = { server: 'a.test', intervalSeconds: 64, refused: false } as const;

/** A status as monitor.statuses() gives it: the last answer, the poll jitter and how the verdict sees the server. */
function polled(server: string, offsetMs: number, verdict: Pick<ServerStatus, 'selection' | 'falseticker'>, at = NOW): ServerStatus {
  const result = sampleResult(server, offsetMs, at);
  return { ...base, server, state: 'ok', lastResult: result, lastSample: result.ok ? result.sample : undefined, lastCheckAt: at, jitterMs: 0, jitterPolls: 8, ...verdict };
}

const input = (statuses: ServerStatus[], verdict: VerdictView): StatusInput => ({
  statuses,
  verdict,
  settings: defaultSettings(statuses.map((s) => s.server)),
  paused: false,
  language: 'en',
  historyAvailable: true,
});

describe('serverRow', () => {
  it('shows the last good measurement with the failure of the latest poll', () => {
    const good = sampleResult('a.test', 3.5, NOW - 60_000);
    const failed = failureResult('a.test', 'kod', 'RATE', NOW);
    const row = serverRow({ ...base, state: 'ok', lastSample: good.ok ? good.sample : undefined, lastResult: failed, lastCheckAt: NOW }, 'en');
    expect(row).toEqual({
      server: 'a.test', state: 'ok', falseticker: false, offsetMs: 3.5, delayMs: 0.4, stratum: 2, refId: '127.0.0.1', lastCheckAt: NOW,
      failure: { kind: 'kod', message: "The server asks us to query less often (Kiss-o'-Death RATE); backing off." },
    });
    expect(serverRow({ ...base, state: 'ok', lastResult: failed }, 'zh-CN').failure?.message).toBe('该服务器要求降低查询频率（Kiss-o\'-Death RATE），已退避。');
  });

  it('has only the state before the first poll', () => {
    expect(serverRow({ ...base, state: 'unknown' }, 'en')).toEqual({ server: 'a.test', state: 'unknown', falseticker: false });
  });

  it('shows the jitter selection used: the larger of the burst\'s and the monitor\'s over recent polls', () => {
    const status = polled('a.test', 1, { selection: 'truechimer', falseticker: false });
    status.lastSample!.jitterMs = 0.25;
    expect(serverRow({ ...status, jitterMs: 1.5 }, 'en').jitterMs).toBe(1.5);
    expect(serverRow({ ...status, jitterMs: 0.1 }, 'en').jitterMs).toBe(0.25);
  });

  it('says nothing of jitter (unknown, not 0) while one reply is all there is: one burst reply, fewer than two polls', () => {
    const status = polled('a.test', 1, { selection: 'truechimer', falseticker: false });
    expect(status.lastSample!.samples).toBe(1);
    expect(serverRow({ ...status, jitterPolls: 1 }, 'en')).not.toHaveProperty('jitterMs');
    expect(serverRow({ ...status, jitterPolls: 2 }, 'en').jitterMs).toBe(0);
    status.lastSample!.samples = 4;
    expect(serverRow({ ...status, jitterPolls: 1 }, 'en').jitterMs).toBe(0);
  });

  it('carries the monitor\'s confirmed mark apart from its latest selection', () => {
    // Outvoted once, not yet confirmed: no alarm, and the window does not claim one.
    expect(serverRow(polled('a.test', 90, { selection: 'falseticker', falseticker: false }), 'en')).toMatchObject({ selection: 'falseticker', falseticker: false });
    // Marked, and agreeing again in the latest selection: the mark stays until the monitor confirms the change.
    expect(serverRow(polled('a.test', 1, { selection: 'truechimer', falseticker: true }), 'en')).toMatchObject({ selection: 'truechimer', falseticker: true });
    const silent = serverRow(polled('a.test', 1, { selection: null, falseticker: false }), 'en');
    expect(silent.selection).toBeUndefined();
  });
});

describe('statusView', () => {
  it('passes the monitor\'s verdict through unchanged and runs no selection of its own', () => {
    // d's last answer is an hour old: the monitor no longer lets it vote. A selection over the latest answers
    // (what the window once did) would call it a falseticker; the monitor did not mark it, so neither does the window.
    const stale = polled('d', 800, { selection: null, falseticker: false }, NOW - 3_600_000);
    const statuses = [polled('a', 1, { selection: 'truechimer', falseticker: false }), polled('b', 1.2, { selection: 'truechimer', falseticker: false }), polled('c', 0.8, { selection: 'truechimer', falseticker: false }), stale];
    expect(selectConsensus(statuses.map((s) => s.lastSample!))?.selection[3]).toBe('falseticker');
    const verdict: VerdictView = { state: 'ok', consensusOffsetMs: 0.97, agree: 3, voters: 3, total: 4, falsetickers: [], leap: 0, at: NOW };
    const view = statusView(input(statuses, verdict));
    expect(view.verdict).toEqual({ state: 'ok', consensusOffsetMs: 0.97, agree: 3, voters: 3, total: 4, falsetickers: [], leap: 0, at: NOW });
    expect(view.servers.map((row) => [row.selection, row.falseticker])).toEqual([
      ['truechimer', false],
      ['truechimer', false],
      ['truechimer', false],
      [undefined, false],
    ]);
    expect(view.warningMs).toBe(100);
  });

  it('shows no verdict when the monitor has none, even if three servers answered', () => {
    // The monitor keeps its last state while it has no verdict (too few fresh voters): the window shows just that.
    const statuses = ['a', 'b', 'c'].map((server) => polled(server, 1, { selection: null, falseticker: false }));
    const verdict: VerdictView = { state: 'warning', consensusOffsetMs: null, agree: 0, voters: 2, total: 3, falsetickers: ['c'], leap: 1, at: NOW };
    const view = statusView(input([...statuses.slice(0, 2), { ...statuses[2]!, falseticker: true }], verdict));
    expect(view.verdict).toEqual(verdict);
    expect(view.servers.map((row) => row.selection)).toEqual([undefined, undefined, undefined]);
    expect(view.servers.map((row) => row.falseticker)).toEqual([false, false, true]);
  });

  it('carries the tray icon\'s state as the overall one: the worst server, a falseticker mark, this computer, paused', () => {
    const calm = ['a', 'b', 'c'].map((server) => polled(server, 1, { selection: 'truechimer', falseticker: false }));
    const verdict: VerdictView = { state: 'ok', consensusOffsetMs: 1, agree: 3, voters: 3, total: 3, falsetickers: [], leap: 0, at: NOW };
    expect(statusView(input(calm, verdict)).overall).toBe('ok');
    expect(statusView(input([{ ...calm[0]!, state: 'critical' }, ...calm.slice(1)], verdict)).overall).toBe('critical');
    expect(statusView(input([{ ...calm[0]!, falseticker: true }, ...calm.slice(1)], verdict)).overall).toBe('warning');
    expect(statusView(input(calm, { ...verdict, state: 'critical' })).overall).toBe('critical');
    expect(statusView({ ...input(calm, verdict), paused: true }).overall).toBe('paused');
  });
});

import { describe, expect, it } from 'vitest';
import { trayIconFile, trayIconState, trayView, type MenuItemModel } from '../../../main/desktop/tray/tray-model.js';
import { sampleResult, status, timeoutResult } from '../../support/results.js';

const at = Date.UTC(2026, 0, 2, 3, 4, 5);
const formatTime = (ms: number) => new Date(ms).toISOString().slice(11, 19);
const base = { paused: false, startAtLogin: false, logsExist: false, lang: 'en' as const, formatTime };

const labels = (menu: MenuItemModel[]) => menu.map((i) => (i.kind === 'separator' ? '---' : i.label));
const actions = (menu: MenuItemModel[]) => menu.flatMap((i) => (i.kind === 'action' ? [i.action] : []));

describe('tray icon state', () => {
  it('is the worst state over all servers', () => {
    expect(trayIconState([status('a', 'ok'), status('b', 'critical'), status('c', 'warning')], false)).toBe('critical');
    expect(trayIconState([status('a', 'ok'), status('b', 'unreachable')], false)).toBe('unreachable');
    expect(trayIconState([status('a', 'ok'), status('b', 'ok')], false)).toBe('ok');
    expect(trayIconState([], false)).toBe('unknown');
  });

  it('is "paused" whatever the servers say, so a paused monitor never looks healthy', () => {
    expect(trayIconState([status('a', 'critical')], true)).toBe('paused');
  });

  it('uses template images on macOS only for the neutral states', () => {
    expect(trayIconFile('ok', 'linux')).toBe('tray-ok.png');
    expect(trayIconFile('paused', 'linux')).toBe('tray-paused.png');
    expect(trayIconFile('paused', 'darwin')).toBe('tray-pausedTemplate.png');
    expect(trayIconFile('unknown', 'darwin')).toBe('tray-unknownTemplate.png');
    expect(trayIconFile('critical', 'darwin')).toBe('tray-critical.png');
  });
});

describe('tray menu and tooltip', () => {
  it('starts with one disabled line per server: signed offset and state; the tooltip adds the time of the last check', () => {
    const view = trayView({
      ...base,
      statuses: [
        status('a.example', 'ok', sampleResult('a.example', 12.34), at),
        status('b.example', 'critical', sampleResult('b.example', -1204), at),
        status('c.example', 'unreachable', timeoutResult('c.example'), at),
        status('d.example', 'unknown'),
      ],
    });
    expect(view.menu.slice(0, 4)).toEqual([
      { kind: 'status', label: 'a.example: 12.3 ms ahead of this computer, OK' },
      { kind: 'status', label: 'b.example: 1.204 s behind this computer, CRITICAL' },
      { kind: 'status', label: 'c.example: UNREACHABLE' },
      { kind: 'status', label: 'd.example: UNKNOWN, not checked yet' },
    ]);
    expect(view.icon).toBe('critical');
    // The tooltip is cut at 127 characters; its first lines are whole.
    expect(view.tooltip.split('\n').slice(0, 2)).toEqual(['NTP Monitor', 'a.example: 12.3 ms ahead of this computer, OK, checked 03:04:05']);
    expect(view.tooltip).toContain('\nb.example: 1.204 s behind this computer, CRITICAL,');
  });

  it('leaves the menu unchanged when a poll changes only the time of the check', () => {
    const before = trayView({ ...base, statuses: [status('a', 'ok', sampleResult('a', 5), at)] });
    const after = trayView({ ...base, statuses: [status('a', 'ok', sampleResult('a', 5), at + 64_000)] });
    expect(after.menu).toEqual(before.menu);
    expect(after.tooltip).not.toBe(before.tooltip);
  });

  it('offers Check now, Pause, Settings, Start at login, Quit; Open log folder only once logs exist', () => {
    const view = trayView({ ...base, statuses: [status('a', 'ok')] });
    expect(actions(view.menu)).toEqual(['status', 'check-now', 'pause', 'snooze-1h', 'snooze-tomorrow', 'settings', 'start-at-login', 'copy-diagnostics', 'quit']);
    const withLogs = trayView({ ...base, logsExist: true, statuses: [status('a', 'ok')] });
    expect(actions(withLogs.menu)).toEqual(['status', 'check-now', 'pause', 'snooze-1h', 'snooze-tomorrow', 'settings', 'start-at-login', 'open-logs', 'copy-diagnostics', 'quit']);
  });

  it('says until when notifications are snoozed, with the day when it is not today, and offers to end it; the icon is unchanged', () => {
    const now = new Date(2026, 11, 6, 15, 0).getTime();
    const statuses = [status('a', 'warning', sampleResult('a', 250))];
    const today = trayView({ ...base, statuses, now, snoozedUntil: new Date(2026, 11, 6, 16, 5).getTime() });
    expect(labels(today.menu)).toContain('Notifications snoozed until 16:05; monitoring goes on.');
    expect(today.tooltip).toContain('Notifications snoozed until 16:05; monitoring goes on.');
    expect(actions(today.menu).filter((a) => a.startsWith('snooze'))).toEqual(['snooze-end']);
    expect(today.icon).toBe(trayView({ ...base, statuses }).icon);
    const tomorrow = trayView({ ...base, statuses, now, snoozedUntil: new Date(2026, 11, 7, 8, 0).getTime() });
    expect(labels(tomorrow.menu)).toContain('Notifications snoozed until Mon 08:00; monitoring goes on.');
    const zh = trayView({ ...base, lang: 'zh-CN', statuses, now, snoozedUntil: new Date(2026, 11, 7, 8, 0).getTime() });
    expect(labels(zh.menu)).toContain('通知已静音至周一08:00；监控照常进行。');
  });

  it('says paused and offers Resume instead of Pause while paused', () => {
    const view = trayView({ ...base, paused: true, statuses: [status('a', 'ok')] });
    expect(labels(view.menu)[0]).toBe('Paused: no checks until you resume.');
    expect(actions(view.menu)).toContain('resume');
    expect(actions(view.menu)).not.toContain('pause');
  });

  it('shows the start-at-login checkbox as set', () => {
    const item = trayView({ ...base, startAtLogin: true, statuses: [] }).menu.find((i) => i.kind === 'action' && i.action === 'start-at-login');
    expect(item).toMatchObject({ checked: true });
  });

  it('speaks Chinese when asked', () => {
    const view = trayView({ ...base, lang: 'zh-CN', statuses: [status('a', 'warning', sampleResult('a', 150), at)] });
    expect(labels(view.menu)).toContain('a：比本机快 150.0 ms，警告');
    expect(view.tooltip).toContain('a：比本机快 150.0 ms，警告，检查于 03:04:05');
    expect(labels(view.menu)).toContain('立即检查');
    expect(labels(view.menu)).toContain('退出');
  });

  it('keeps the tooltip within the 127 characters Windows shows', () => {
    const statuses = Array.from({ length: 10 }, (_, i) => status(`server-${i}.example.com`, 'ok', sampleResult('x', 1), at));
    const view = trayView({ ...base, statuses });
    expect(view.tooltip.length).toBeLessThanOrEqual(127);
    expect(view.tooltip.endsWith('…')).toBe(true);
  });
});

describe('tray: the verdict on this computer', () => {
  const verdict = { state: 'ok' as const, consensusOffsetMs: -0.3, agree: 3, voters: 4, total: 4, falsetickers: [], leap: 0 as const };

  it('opens the menu with the verdict in words (servers behind, so this computer ahead) and how many agree', () => {
    const view = trayView({ ...base, statuses: [status('a', 'ok')], verdict });
    expect(labels(view.menu)[0]).toBe('This computer is 0.300 ms ahead (3 of 4 servers agree)');
    const zh = trayView({ ...base, lang: 'zh-CN', statuses: [status('a', 'ok')], verdict });
    expect(labels(zh.menu)[0]).toBe('本机快 0.300 ms（4 台服务器中 3 台一致）');
    const behind = trayView({ ...base, statuses: [status('a', 'ok')], verdict: { ...verdict, consensusOffsetMs: 2500 } });
    expect(labels(behind.menu)[0]).toBe('This computer is 2.500 s behind (3 of 4 servers agree)');
    const level = trayView({ ...base, statuses: [status('a', 'ok')], verdict: { ...verdict, consensusOffsetMs: 0 } });
    expect(labels(level.menu)[0]).toBe('This computer is on time (3 of 4 servers agree)');
  });

  it('calls a server that answers "not synchronized" UNSYNCHRONIZED, not UNREACHABLE', () => {
    const result = { ok: false as const, failure: { kind: 'unsynchronized' as const, server: 'u', message: 'm', at } };
    expect(labels(trayView({ ...base, statuses: [status('u', 'unreachable', result, at)] }).menu)[0]).toBe('u: UNSYNCHRONIZED');
  });

  it('says "no verdict" with the number of answers, and shows a leap second announced', () => {
    const view = trayView({ ...base, statuses: [status('a', 'ok')], verdict: { ...verdict, consensusOffsetMs: null, agree: 0, voters: 2, leap: 1 } });
    expect(labels(view.menu).slice(0, 2)).toEqual(['This computer: no verdict (2 answering, 3 needed)', 'Leap second announced: inserted at the end of this month (UTC)']);
    expect(view.icon).toBe('warning');
  });

  it('takes this computer\'s state and a falseticker into the icon', () => {
    expect(trayIconState([status('a', 'ok')], false, { ...verdict, state: 'critical' })).toBe('critical');
    expect(trayIconState([{ ...status('a', 'ok'), falseticker: true }], false, verdict)).toBe('warning');
    expect(trayIconState([status('a', 'ok')], false, verdict)).toBe('ok');
  });
});

import Conf from 'conf';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../mocks/electron.js'));

import { SETTINGS_CHANNELS, CLOSE_REQUEST_CHANNEL, STATUS_CHANNELS, STATUS_UPDATE_CHANNEL, type CheckResponse, type SnoozeResponse, type StatusView } from '../../main/contract.js';
import { CSV_HEADER } from '../../main/history/export.js';
import { startDesktop, type Desktop } from '../../main/desktop/desktop.js';
import { startDesktopSinks } from '../../main/desktop/desktop-sinks.js';
import { openSettingsStore } from '../../main/desktop/platform/settings-recovery.js';
import type { QueryResult } from '../../main/ntp/result.js';
import { settingsJsonSchema } from '../../main/settings/json-schema.js';
import { defaultSettings, type Settings } from '../../main/settings/settings.js';
import { BrowserWindow, Notification, Tray, clipboard, dialog, ipcMain, powerMonitor, resetElectronMock, shell, type MockMenu } from '../mocks/electron.js';
import { failureResult, sampleResult, timeoutResult } from '../support/results.js';
import type { ReadDaemon } from '../../main/monitor/time-service.js';
import type { DaemonRead } from '../../main/timeservice/cross-check.js';

let dir: string;
let desktop: Desktop | undefined;
let next: Map<string, QueryResult>;
let queries: string[];
let logged: string[];
/** The time service the app reads, when a test gives one (settings.daemon names it). */
let readDaemon: ReadDaemon | undefined;

const initial: Settings = { ...defaultSettings(['a.test']), confirm: 1, failuresBeforeUnreachable: 1, intervalSeconds: 3600 };

/** Starts the app; the first poll (made at once on start) gets `first` for each server. */
async function start(settings: Settings = initial, prepare?: (path: string) => void, first: Record<string, QueryResult> = {}) {
  for (const [server, result] of Object.entries(first)) next.set(server, result);
  const path = join(dir, 'config.json');
  if (prepare) prepare(path);
  else writeFileSync(path, JSON.stringify(settings));
  const opened = openSettingsStore(() => new Conf({ cwd: dir, configName: 'config', schema: settingsJsonSchema, defaults: initial }), path);
  const sinks = await startDesktopSinks(opened, 'en', join(dir, 'logs'), (message) => logged.push(message));
  desktop = startDesktop({
    opened,
    sinks,
    query: async (server) => (queries.push(server.text), next.get(server.text) ?? timeoutResult(server.text)),
    osLocale: 'en-US',
    platform: 'linux',
    ...(readDaemon && { readDaemon }),
    paths: {
      preload: '/app/dist/preload.cjs',
      settingsHtml: '/app/dist/renderer/settings.html',
      statusHtml: '/app/dist/renderer/status.html',
      icons: '/app/assets/tray',
      logs: join(dir, 'logs'),
      history: join(dir, 'history.sqlite'),
      snooze: join(dir, 'snooze.json'),
    },
    log: (message) => logged.push(message),
    setStartAtLogin: async () => {},
    quit: () => logged.push('quit'),
    trayIntervalMs: 0,
  });
  return { desktop, path };
}

const tray = () => Tray.instances.at(-1)!;
const image = () => tray().images.at(-1)!.split('/').pop();
const menuLabels = () => tray().menu.template.map((item: { label?: string }) => item.label);
const click = (label: string) => tray().menu.template.find((i: { label?: string }) => i.label === label).click();
const notified = () => Notification.shown.map((n) => n.options.title);

/** Lets any poll in flight finish with the previous answer, then polls once more with `result`. */
async function measure(server: string, result: QueryResult) {
  await desktop!.monitor.checkNow();
  next.set(server, result);
  await desktop!.monitor.checkNow();
}

beforeEach(() => {
  resetElectronMock();
  dir = mkdtempSync(join(tmpdir(), 'ntp-monitor-desktop-'));
  next = new Map([['a.test', sampleResult('a.test', 5)]]);
  queries = [];
  logged = [];
  readDaemon = undefined;
});
afterEach(async () => {
  await desktop?.stop();
  desktop = undefined;
  rmSync(dir, { recursive: true, force: true });
});

describe('tray and notifications follow the transitions', () => {
  it('changes image and menu on each transition, one notification per transition and none while the state stays', async () => {
    await start(initial, undefined, { 'a.test': sampleResult('a.test', 5) });
    expect(tray().images[0]).toMatch(/\/tray-unknown\.png$/);
    await desktop!.monitor.checkNow();
    expect(image()).toBe('tray-ok.png');
    // The first line is the verdict on this computer; one server gives none.
    expect(menuLabels()[0]).toMatch(/^This computer: no verdict \(\d answering, 3 needed\)$/);
    expect(menuLabels()[1]).toBe('a.test: 5.0 ms ahead of this computer, OK');
    expect(tray().tooltip).toMatch(/\na\.test: 5\.0 ms ahead of this computer, OK, checked \d\d:\d\d:\d\d$/);
    expect(notified()).toEqual([]);

    await measure('a.test', sampleResult('a.test', 250));
    expect(image()).toBe('tray-warning.png');
    expect(menuLabels()[1]).toContain('a.test: 250.0 ms ahead of this computer, WARNING');
    expect(notified()).toEqual(['a.test: WARNING']);

    await measure('a.test', sampleResult('a.test', 260));
    await measure('a.test', sampleResult('a.test', 270));
    expect(notified()).toEqual(['a.test: WARNING']);

    await measure('a.test', sampleResult('a.test', -2500));
    expect(image()).toBe('tray-critical.png');
    await measure('a.test', timeoutResult('a.test'));
    expect(image()).toBe('tray-unreachable.png');
    await measure('a.test', sampleResult('a.test', 1));
    expect(image()).toBe('tray-ok.png');
    expect(notified()).toEqual(['a.test: WARNING', 'a.test: CRITICAL', 'a.test: UNREACHABLE', 'a.test: OK']);
    expect(Notification.shown[2]!.options.body).toBe('No reply within 500 ms.');
    expect(Notification.shown[1]!.options.body).toContain('a.test is 2.500 s behind this computer');
  });

  it('shows the worst server, and paused distinctly', async () => {
    await start({ ...initial, servers: ['a.test', 'b.test'] }, undefined, { 'a.test': sampleResult('a.test', 1), 'b.test': sampleResult('b.test', 300) });
    await desktop!.monitor.checkNow();
    expect(image()).toBe('tray-warning.png');
    const pause = tray().menu.template.find((item: { label?: string }) => item.label === 'Pause');
    pause.click();
    expect(image()).toBe('tray-paused.png');
    expect(menuLabels()).toContain('Resume');
  });

  it('sends no notification when they are turned off', async () => {
    await start({ ...initial, notifications: false });
    await measure('a.test', sampleResult('a.test', 5));
    await measure('a.test', sampleResult('a.test', 5000));
    expect(image()).toBe('tray-critical.png');
    expect(notified()).toEqual([]);
  });

  it('opens the status window, where the drift shows, when a notification is clicked', async () => {
    await start();
    await measure('a.test', sampleResult('a.test', 5000));
    Notification.shown[0]!.emit('click');
    expect(BrowserWindow.instances).toHaveLength(1);
    expect(BrowserWindow.instances[0]!.loaded).toBe('/app/dist/renderer/status.html');
  });

  it('logs once, and keeps working, when notifications fail or are unsupported', async () => {
    await start();
    await measure('a.test', sampleResult('a.test', 5000));
    Notification.shown[0]!.emit('failed', {}, 'no daemon');
    await measure('a.test', sampleResult('a.test', 5));
    Notification.shown[1]!.emit('failed', {}, 'no daemon');
    Notification.supported = false;
    await measure('a.test', sampleResult('a.test', 5000));
    expect(logged.filter((line) => line.includes('notification'))).toEqual([
      'A desktop notification could not be shown (no daemon); state changes are shown in the tray only.',
    ]);
    expect(image()).toBe('tray-critical.png');
  });
});

describe('tray updates', () => {
  it('does not rebuild the menu when a poll changes only the time of the check', async () => {
    await start();
    await measure('a.test', sampleResult('a.test', 5));
    const menus = tray().menus.length;
    await desktop!.monitor.checkNow();
    await desktop!.monitor.checkNow();
    expect(tray().menus).toHaveLength(menus);
  });

  it('never rebuilds the menu while it is open, and applies the change when it closes', async () => {
    await start();
    await measure('a.test', sampleResult('a.test', 5));
    const menus = tray().menus.length;
    tray().menu.emit('menu-will-show');
    await measure('a.test', sampleResult('a.test', 5000));
    expect(image()).toBe('tray-critical.png');
    expect(tray().menus).toHaveLength(menus);
    tray().menu.emit('menu-will-close');
    expect(tray().menus).toHaveLength(menus + 1);
    expect(menuLabels()[1]).toBe('a.test: 5.000 s ahead of this computer, CRITICAL');
  });

  it('opens the main window, the status window, on a click on the Linux tray icon', async () => {
    await start();
    tray().emit('click');
    expect(BrowserWindow.instances).toHaveLength(1);
    expect(BrowserWindow.instances[0]!.loaded).toBe('/app/dist/renderer/status.html');
  });

  it('hides tray and windows at once, and a late result does not bring the icon back', async () => {
    await start();
    desktop!.openMainWindow();
    expect(desktop!.inspectTray()?.image).toEqual({ path: expect.stringMatching(/^\/app\/assets\/tray\/tray-[a-z]+\.png$/) });
    expect((desktop!.inspectTray()?.menu as unknown as MockMenu | undefined)?.template.at(-1)).toMatchObject({ label: 'Quit' });
    desktop!.hide();
    expect(desktop!.inspectTray()).toBeUndefined();
    expect(tray().destroyed).toBe(true);
    expect(BrowserWindow.instances[0]!.destroyed).toBe(true);
    await desktop!.monitor.checkNow();
    expect(Tray.instances).toHaveLength(1);
  });
});

describe('power events', () => {
  it('checks every server again on resume and on unlock', async () => {
    await start();
    await measure('a.test', sampleResult('a.test', 5));
    const before = queries.length;
    powerMonitor.emit('resume');
    await desktop!.monitor.checkNow();
    powerMonitor.emit('unlock-screen');
    await desktop!.monitor.checkNow();
    // Each event's check may coincide with the explicit one (one query in flight per server), so at least 2 more.
    expect(queries.length - before).toBeGreaterThanOrEqual(2);
    expect(queries.length - before).toBeLessThanOrEqual(4);
  });
});

describe('IPC from the settings window', () => {
  function windowEvent() {
    desktop!.openSettings();
    const window = BrowserWindow.instances.at(-1)!;
    return { sender: window.webContents, senderFrame: window.webContents.mainFrame };
  }

  it('saves valid settings: file written, scheduler and tray updated at once', async () => {
    const { path } = await start();
    const event = windowEvent();
    const saved = { ...initial, servers: ['b.test', 'c.test'] };
    expect(await ipcMain.invoke(SETTINGS_CHANNELS.save, event, saved)).toEqual({ ok: true, settings: saved });
    expect(JSON.parse(readFileSync(path, 'utf8')).servers).toEqual(['b.test', 'c.test']);
    expect(desktop!.monitor.statuses().map((s) => s.server)).toEqual(['b.test', 'c.test']);
    expect(menuLabels().slice(1, 3).map((label?: string) => label?.split(':')[0])).toEqual(['b.test', 'c.test']);
    expect(await ipcMain.invoke(SETTINGS_CHANNELS.load, event)).toEqual({ settings: saved, systemLanguage: 'en' });
  });

  it('rejects bad payloads with the problems and leaves the store unchanged', async () => {
    const { path } = await start();
    const before = readFileSync(path, 'utf8');
    const event = windowEvent();
    const response = await ipcMain.invoke(SETTINGS_CHANNELS.save, event, { ...initial, warningSeconds: 5, criticalSeconds: 1 });
    expect(response).toMatchObject({ ok: false, errors: [{ path: 'criticalSeconds', key: 'settings.critical-below-warning' }] });
    expect(await ipcMain.invoke(SETTINGS_CHANNELS.save, event, 'nonsense')).toMatchObject({ ok: false });
    expect(readFileSync(path, 'utf8')).toBe(before);
    expect(desktop!.settings()).toEqual(initial);
  });

  it('refuses requests from any other sender', async () => {
    const { path } = await start();
    const before = readFileSync(path, 'utf8');
    windowEvent();
    const stranger = new BrowserWindow({});
    const foreign = { sender: stranger.webContents, senderFrame: stranger.webContents.mainFrame };
    await expect(ipcMain.invoke(SETTINGS_CHANNELS.save, foreign, { ...initial, servers: ['evil.test'] })).rejects.toThrow(/settings window/);
    await expect(ipcMain.invoke(SETTINGS_CHANNELS.load, { sender: BrowserWindow.instances[0]!.webContents, senderFrame: null })).rejects.toThrow();
    expect(readFileSync(path, 'utf8')).toBe(before);
  });

  it('opens the CA file dialog in main for the settings window only, and gives back only what was picked', async () => {
    await start();
    const event = windowEvent();
    expect(await ipcMain.invoke(SETTINGS_CHANNELS.chooseCa, event)).toEqual({ ok: false, canceled: true });
    expect(dialog.openOptions[0]).toMatchObject({ title: 'Private CA for NTS (PEM file)', properties: ['openFile'], filters: [{ extensions: ['pem', 'crt', 'cer'] }] });
    dialog.openAnswer = { canceled: false, filePaths: ['/etc/ssl/ca.pem'] };
    expect(await ipcMain.invoke(SETTINGS_CHANNELS.chooseCa, event)).toEqual({ ok: true, file: '/etc/ssl/ca.pem' });
    desktop!.openMainWindow();
    const status = BrowserWindow.instances.find((w) => w.loaded === '/app/dist/renderer/status.html')!;
    await expect(ipcMain.invoke(SETTINGS_CHANNELS.chooseCa, { sender: status.webContents, senderFrame: status.webContents.mainFrame })).rejects.toThrow(/settings window/);
    expect(dialog.openOptions).toHaveLength(2);
  });

  it('closing the window with unsaved edits is held and the page asked; without them, or when quitting, it closes', async () => {
    await start();
    const event = windowEvent();
    const window = BrowserWindow.instances.at(-1)!;
    await ipcMain.invoke(SETTINGS_CHANNELS.unsaved, event, true);
    window.close();
    expect(window.destroyed).toBe(false);
    expect(window.webContents.sent).toEqual([[CLOSE_REQUEST_CHANNEL, null]]);
    // The page discarded (or saved) and says so, then asks main to close: it closes.
    await ipcMain.invoke(SETTINGS_CHANNELS.unsaved, event, false);
    await ipcMain.invoke(SETTINGS_CHANNELS.close, event);
    expect(window.destroyed).toBe(true);
    // Anything but true is "nothing unsaved": a bad payload never traps the user in the window.
    const again = windowEvent();
    const second = BrowserWindow.instances.at(-1)!;
    await ipcMain.invoke(SETTINGS_CHANNELS.unsaved, again, 'yes');
    second.close();
    expect(second.destroyed).toBe(true);
    // Quitting closes it whatever it holds.
    const third = (windowEvent(), BrowserWindow.instances.at(-1)!);
    await ipcMain.invoke(SETTINGS_CHANNELS.unsaved, { sender: third.webContents, senderFrame: third.webContents.mainFrame }, true);
    desktop!.hide();
    expect([third.destroyed, third.webContents.sent]).toEqual([true, []]);
  });

  it('tests a server on request', async () => {
    await start();
    next.set('x.test:4123', sampleResult('x.test', 7));
    expect(await ipcMain.invoke(SETTINGS_CHANNELS.test, windowEvent(), 'x.test:4123')).toMatchObject({ ok: true, result: { ok: true, sample: { offsetMs: 7 } } });
  });
});

describe('snoozed notifications (issue 24)', () => {

  it('from the tray: no notification while snoozed, the icon goes on, the tooltip says until when, kept across a restart', async () => {
    await start(initial, undefined, { 'a.test': sampleResult('a.test', 5) });
    await desktop!.monitor.checkNow();
    click('Snooze notifications for 1 hour');
    expect(menuLabels()).toContain('Turn notifications back on');
    expect(menuLabels()).not.toContain('Snooze notifications until tomorrow');
    // An hour from 23:00 ends on the next day, which the text then names (Mon 00:01).
    expect(tray().tooltip).toMatch(/\nNotifications snoozed until (?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) )?\d\d:\d\d; monitoring goes on\.\n/);
    await measure('a.test', sampleResult('a.test', 250));
    expect(image()).toBe('tray-warning.png');
    expect(notified()).toEqual([]);
    // The transition still reached the sample log: only the notification was held back.
    await vi.waitFor(() => expect(readFileSync(join(dir, 'logs', 'samples.log'), 'utf8')).toMatch(/transition server=a\.test from=ok to=warning/));

    await desktop!.stop();
    resetElectronMock();
    await start(initial, () => {});
    await desktop!.monitor.checkNow();
    expect(menuLabels()).toContain('Turn notifications back on');
    click('Turn notifications back on');
    expect(menuLabels()).toContain('Snooze notifications for 1 hour');
    await measure('a.test', sampleResult('a.test', -2500));
    expect(notified()).toEqual(['a.test: CRITICAL']);
  });

  it('from the status window: snoozes and ends through its channel, the view says until when, a bad request is refused', async () => {
    await start();
    desktop!.openMainWindow();
    const window = BrowserWindow.instances.find((w) => w.loaded === '/app/dist/renderer/status.html')!;
    const event = { sender: window.webContents, senderFrame: window.webContents.mainFrame };
    const before = Date.now();
    const snoozed = (await ipcMain.invoke(STATUS_CHANNELS.snooze, event, 'tomorrow')) as unknown as SnoozeResponse;
    const until = snoozed.ok ? snoozed.view.snoozedUntil! : 0;
    expect([new Date(until).getHours(), until > before]).toEqual([8, true]);
    expect(menuLabels()).toContain('Turn notifications back on');
    expect(await ipcMain.invoke(STATUS_CHANNELS.snooze, event, { until: 1e15 })).toEqual({
      ok: false,
      errors: [{ path: 'snooze', key: 'status.bad-snooze', params: { value: expect.any(String), accepted: '1h, tomorrow, off' } }],
    });
    const ended = (await ipcMain.invoke(STATUS_CHANNELS.snooze, event, 'off')) as unknown as SnoozeResponse;
    expect(ended.ok && ended.view).not.toHaveProperty('snoozedUntil');
    expect(ended.ok && ended.view.servers).toEqual([expect.objectContaining({ server: 'a.test' })]);
    await expect(ipcMain.invoke(STATUS_CHANNELS.snooze, { sender: {}, senderFrame: null }, '1h')).rejects.toThrow();
  });
});

describe('the status window', () => {
  const statusWindow = () => BrowserWindow.instances.find((w) => w.loaded === '/app/dist/renderer/status.html')!;
  const from = (window: InstanceType<typeof BrowserWindow>) => ({ sender: window.webContents, senderFrame: window.webContents.mainFrame });

  it('opens from "Status…" in the tray menu, hardened like the settings window', async () => {
    await start();
    tray().menu.template.find((i: { label?: string }) => i.label === 'Status…').click();
    expect(statusWindow()).toBeDefined();
    expect(statusWindow().options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, preload: '/app/dist/preload.cjs' });
    tray().menu.template.find((i: { label?: string }) => i.label === 'Status…').click();
    expect(BrowserWindow.instances.filter((w) => w.loaded === '/app/dist/renderer/status.html')).toHaveLength(1);
  });

  it('answers only the status window, and the settings window only on its own channels', async () => {
    await start();
    // The first poll (a burst, of one request here) has finished before the window asks.
    await desktop!.monitor.checkNow();
    desktop!.openMainWindow();
    desktop!.openSettings();
    const status = from(statusWindow());
    const settings = from(BrowserWindow.instances.find((w) => w.loaded === '/app/dist/renderer/settings.html')!);
    expect(await ipcMain.invoke(STATUS_CHANNELS.load, status)).toMatchObject({ servers: [{ server: 'a.test', state: 'ok', offsetMs: 5 }], warningMs: 100 });
    await expect(ipcMain.invoke(STATUS_CHANNELS.load, settings)).rejects.toThrow(/status window/);
    await expect(ipcMain.invoke(SETTINGS_CHANNELS.save, status, initial)).rejects.toThrow(/settings window/);
    await expect(ipcMain.invoke(STATUS_CHANNELS.series, { sender: statusWindow().webContents, senderFrame: null }, { range: '1h', width: 10 })).rejects.toThrow();
  });

  it('"Check now" from the header checks every server, from a row that server only, from the tray the same path; other names are refused', async () => {
    await start({ ...initial, servers: ['a.test', 'b.test'] }, undefined, { 'b.test': sampleResult('b.test', 3) });
    await desktop!.monitor.checkNow();
    desktop!.openMainWindow();
    const event = from(statusWindow());
    queries.length = 0;
    next.set('b.test', sampleResult('b.test', -2500));
    const one = (await ipcMain.invoke(STATUS_CHANNELS.checkNow, event, { server: 'b.test' })) as unknown as CheckResponse;
    expect(queries).toEqual(['b.test']);
    // The answer carries the view after the check, and main pushed it to the window too.
    expect(one.ok && one.view.servers.find((row) => row.server === 'b.test')).toMatchObject({ offsetMs: -2500, state: 'critical' });
    expect((statusWindow().webContents.sent.at(-1)![1] as StatusView).servers[1]).toMatchObject({ offsetMs: -2500 });
    queries.length = 0;
    expect(await ipcMain.invoke(STATUS_CHANNELS.checkNow, event, {})).toMatchObject({ ok: true });
    expect(queries.sort()).toEqual(['a.test', 'b.test']);
    queries.length = 0;
    desktop!.monitor.pause();
    click('Check now');
    await vi.waitFor(() => expect(queries.sort()).toEqual(['a.test', 'b.test']));
    expect(await ipcMain.invoke(STATUS_CHANNELS.checkNow, event, { server: 'evil.test' })).toEqual({
      ok: false,
      errors: [{ path: 'server', key: 'status.unknown-server', params: { server: 'evil.test', known: 'a.test, b.test' } }],
    });
    expect(await ipcMain.invoke(STATUS_CHANNELS.checkNow, event, 'a.test')).toMatchObject({ ok: false, errors: [{ key: 'status.bad-check' }] });
    expect(queries).toHaveLength(2);
    // A server that told us to go away (Kiss-o'-Death DENY) is not asked again, and the window hears why.
    next.set('b.test', failureResult('b.test', 'kod', 'DENY'));
    await ipcMain.invoke(STATUS_CHANNELS.checkNow, event, { server: 'b.test' });
    expect(await ipcMain.invoke(STATUS_CHANNELS.checkNow, event, { server: 'b.test' })).toEqual({
      ok: false,
      errors: [{ path: 'server', key: 'status.not-checked', params: { server: 'b.test' } }],
    });
    expect(queries.filter((q) => q === 'b.test')).toHaveLength(2);
    await expect(ipcMain.invoke(STATUS_CHANNELS.checkNow, { sender: statusWindow().webContents, senderFrame: null }, {})).rejects.toThrow(/status window/);
  });

  it('"Copy diagnostics" from the window and the tray puts the summary on the clipboard, with no secret in it', async () => {
    const secretUrl = 'https://user:hunter2@hooks.example/services/T000/B000/XOXOTOKEN?access_token=abc123';
    await start({ ...initial, webhookUrl: secretUrl, webhookFormat: 'dingtalk', webhookSecret: 'SECsigningsecret' }, undefined, { 'a.test': timeoutResult('a.test') });
    await desktop!.monitor.checkNow();
    desktop!.openMainWindow();
    const answer = (await ipcMain.invoke(STATUS_CHANNELS.copyDiagnostics, from(statusWindow()))) as unknown as { ok: true; text: string };
    expect(clipboard.text).toBe(answer.text);
    for (const secret of ['hunter2', 'user:', 'XOXOTOKEN', 'abc123', 'SECsigningsecret', 'T000']) expect(clipboard.text).not.toContain(secret);
    expect(clipboard.text).toContain('"webhookUrl": "https://hooks.example/[redacted]"');
    expect(clipboard.text).toMatch(/a\.test: UNREACHABLE/);
    expect(clipboard.text).toContain('last poll failed (timeout)');
    expect(clipboard.text).toContain('Verdict: This computer: no verdict');
    clipboard.text = '';
    click('Copy diagnostics');
    await vi.waitFor(() => expect(clipboard.text).toContain('NTP Monitor diagnostics'));
    expect(clipboard.text).not.toContain('SECsigningsecret');
  });

  it('pushes a new view after each poll, and charts and exports what the desktop recorded', async () => {
    await start();
    desktop!.openMainWindow();
    const event = from(statusWindow());
    // The history file is attached while the app starts: the view says when it is there.
    await vi.waitFor(() => expect(statusWindow().webContents.sent.at(-1)?.[1]).toMatchObject({ historyAvailable: true }));
    await measure('a.test', sampleResult('a.test', 250, Date.now()));
    const pushed = statusWindow().webContents.sent.filter(([channel]) => channel === STATUS_UPDATE_CHANNEL).map(([, view]) => view);
    expect(pushed.at(-1)).toMatchObject({ servers: [{ server: 'a.test', offsetMs: 250, state: 'warning' }], historyAvailable: true });
    // The desktop keeps its own history file when the settings name none.
    const series = (await ipcMain.invoke(STATUS_CHANNELS.series, event, { range: '1h', width: 300 })) as unknown as { ok: boolean; series: { buckets: { offsetMax: number }[] }[] };
    expect(series.ok && series.series[0]!.buckets.map((b) => b.offsetMax)).toContain(250);
    const file = join(dir, 'export.csv');
    dialog.saveAnswer = { canceled: false, filePath: file };
    expect(await ipcMain.invoke(STATUS_CHANNELS.exportCsv, event, { range: '1h' })).toMatchObject({ ok: true, file });
    const lines = readFileSync(file, 'utf8').trim().split('\r\n');
    expect(lines[0]).toBe(CSV_HEADER);
    expect(lines.some((line) => line.includes(',a.test,warning,250,'))).toBe(true);
    expect(dialog.saveOptions[0]).toMatchObject({ defaultPath: expect.stringMatching(/^ntp-monitor-.*\.csv$/) });
  });
});

describe('the status window shows the monitor\'s verdict', () => {
  it('pushes the verdict the monitor alarms on, and its falseticker marks, unchanged', async () => {
    const servers = ['a.test', 'b.test', 'c.test', 'liar.test'];
    const ahead = { 'a.test': 2500, 'b.test': 2500.1, 'c.test': 2499.95, 'liar.test': 900 };
    for (const [server, offset] of Object.entries(ahead)) next.set(server, sampleResult(server, offset, Date.now()));
    await start({ ...initial, servers });
    desktop!.openMainWindow();
    // A second round: every server has voted with the others' answers in, so the liar's own sample marked it.
    await desktop!.monitor.checkNow();
    for (const [server, offset] of Object.entries(ahead)) next.set(server, sampleResult(server, offset, Date.now()));
    await desktop!.monitor.checkNow();
    const sent = BrowserWindow.instances.find((w) => w.loaded === '/app/dist/renderer/status.html')!.webContents.sent;
    const pushed = sent.filter(([channel]) => channel === STATUS_UPDATE_CHANNEL).map(([, view]) => view as StatusView).at(-1)!;
    expect(pushed.verdict).toEqual(desktop!.monitor.verdict());
    expect(pushed.verdict).toMatchObject({ state: 'critical', agree: 3, voters: 4, total: 4, falsetickers: ['liar.test'], leap: 0 });
    expect(pushed.verdict.consensusOffsetMs).toBeCloseTo(2500, 0);
    expect(pushed.servers.map((row) => [row.server, row.selection, row.falseticker])).toEqual(
      desktop!.monitor.statuses().map((status) => [status.server, status.selection ?? undefined, status.falseticker]),
    );
    expect(pushed.servers.find((row) => row.server === 'liar.test')).toMatchObject({ selection: 'falseticker', falseticker: true });
  });
});

describe('damaged settings file', () => {
  it('starts with the defaults, keeps a backup and tells the user once', async () => {
    await start(initial, (path) => writeFileSync(path, '{ broken'));
    expect(desktop!.settings()).toEqual(initial);
    expect(notified()).toEqual(['Settings were reset']);
    expect(Notification.shown[0]!.options.body).toMatch(/not valid JSON.*config\.json\.bad-/);
    expect(logged.filter((line) => line.startsWith('Settings were reset'))).toHaveLength(1);
  });
});

describe('alert sinks', () => {
  it('writes the sample log in the logs folder, and the menu offers to open it once it exists', async () => {
    await start();
    await measure('a.test', sampleResult('a.test', 250));
    // The file is written in the background, never in the way of a poll.
    await vi.waitFor(() => {
      const lines = readFileSync(join(dir, 'logs', 'samples.log'), 'utf8').trim().split('\n');
      expect(lines.some((line) => / sample server=a\.test offset=\+250\.\d+ms .*state=warning/.test(line))).toBe(true);
      expect(lines.some((line) => / transition server=a\.test from=ok to=warning/.test(line))).toBe(true);
    });
    // The menu is rebuilt on each poll result: it offers the folder from the first one after the file exists.
    await desktop!.monitor.checkNow();
    const open = tray().menu.template.find((i: { label?: string }) => i.label === 'Open log folder');
    open.click();
    await vi.waitFor(() => expect(shell.opened).toEqual([join(dir, 'logs')]));
  });

  it('posts each alert to the webhook set in the window, at once', async () => {
    const received: { state: string; server: string }[] = [];
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        received.push(JSON.parse(body));
        response.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    try {
      await start();
      desktop!.openSettings();
      const window = BrowserWindow.instances.at(-1)!;
      const event = { sender: window.webContents, senderFrame: window.webContents.mainFrame };
      expect(await ipcMain.invoke(SETTINGS_CHANNELS.save, event, { ...initial, webhookUrl: url })).toMatchObject({ ok: true });
      await measure('a.test', sampleResult('a.test', 3000));
      await vi.waitFor(() => expect(received).toMatchObject([{ server: 'a.test', state: 'critical' }]));
    } finally {
      await desktop?.stop();
      desktop = undefined;
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('starts without the metrics endpoint, saying why, when its address is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = `127.0.0.1:${(blocker.address() as AddressInfo).port}`;
    try {
      await start({ ...initial, metricsListen: taken });
      expect(logged.some((line) => line.includes(taken))).toBe(true);
      expect(image()).toBeDefined();
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});

describe('menu actions', () => {
  it('Start at login toggles the setting and stores it', async () => {
    const { path } = await start();
    const item = () => tray().menu.template.find((i: { label?: string }) => i.label === 'Start at login');
    expect(item().checked).toBe(false);
    item().click();
    await vi.waitFor(() => expect(JSON.parse(readFileSync(path, 'utf8')).startAtLogin).toBe(true));
    await vi.waitFor(() => expect(item().checked).toBe(true));
  });

  it('Quit quits', async () => {
    await start();
    tray().menu.template.find((i: { label?: string }) => i.label === 'Quit').click();
    expect(logged).toContain('quit');
  });
});

describe('the time service in the app (issue 21)', () => {
  /** chronyd on 127.0.0.1:11323, believing the clock `beliefMs` off and following the server at 127.0.0.1. */
  const chrony = (beliefMs: number): DaemonRead => ({
    ok: true,
    view: { kind: 'chrony', synchronized: true, source: { address: '127.0.0.1', offsetMs: beliefMs }, stratum: 3, offsetMs: beliefMs, lastOffsetMs: 0, errorBoundMs: 0.5, lastUpdateAgeSeconds: 2, updateIntervalSeconds: 64 },
  });

  it('puts one line under the verdict in the tray, a panel in the status view, and notifies a change', async () => {
    let read: DaemonRead = chrony(5);
    readDaemon = async (choice) => ({ choice: choice as { kind: 'chrony'; host: string; port: number; family: 4 }, read });
    const servers = ['a.test', 'b.test', 'c.test'];
    // Fresh samples: they vote, so the daemon is cross-checked against their consensus.
    for (const server of servers) next.set(server, sampleResult(server, 5, Date.now()));
    // A long interval: the app reads the daemon once after its first round, and again when the settings change it.
    const { desktop: app } = await start({ ...initial, servers, daemon: 'chrony=127.0.0.1:11323' });
    await vi.waitFor(() => expect(menuLabels()).toContain('chronyd: synchronised to 127.0.0.1, agrees'));
    const labels = menuLabels();
    // Three servers share 127.0.0.1 and agree: which one it follows cannot be told, so its address is said.
    expect(labels.indexOf('chronyd: synchronised to 127.0.0.1, agrees')).toBe(1);
    // A first verdict that is OK is news to nobody.
    expect(notified().filter((title) => title?.startsWith('Time service'))).toEqual([]);
    expect(app.monitor.timeService()).toMatchObject({ verdict: 'agrees' });
    // The same daemon now unreachable: the next read (the setting changed, so it starts afresh) is told.
    read = { ok: false, failure: { kind: 'refused', how: 'chrony-501' } };
    await app.apply({ settings: { ...app.settings(), daemon: 'chrony=127.0.0.1:11324' }, addresses: app.monitor.addresses });
    await app.monitor.checkNow();
    await vi.waitFor(() => expect(notified()).toContain('Time service chronyd: UNKNOWN'));
    expect(Notification.shown.at(-1)!.options.body).toBe('chronyd refuses our questions on 127.0.0.1:11324 (501 Not authorised)');
    expect(menuLabels()).toContain('chronyd: unreachable');
  });
});

/// <reference lib="dom" />
/**
 * The status window in headless Chromium over a real history file: a day of generated samples for two servers (one
 * drifting through the warning and critical thresholds, one with a run of timeouts and a spike), read through main's
 * own status handlers. The canvas pixels, the bands, range switching, hover, drag-to-zoom and the CSV are checked.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VerdictView } from '../../main/consensus/clock-verdict.js';
import type { NtpMonitorApi, StatusView } from '../../main/contract.js';
import type { StatusHost } from '../../main/desktop/windows/status-handlers.js';
import { snoozeEnd } from '../../main/desktop/notifications/snooze.js';
import { statusView } from '../../main/desktop/windows/status-model.js';
import { CSV_HEADER } from '../../main/history/export.js';
import type { Series } from '../../main/contract.js';
import { HistoryReader, type ChartRange } from '../../main/history/reader.js';
import { HistoryStore } from '../../main/history/store.js';
import type { Language } from '../../main/i18n/translate.js';
import { FAILURE_KINDS, type QueryResult } from '../../main/ntp/result.js';
import type { ServerStatus } from '../../main/judging/events.js';
import { defaultSettings, type Settings } from '../../main/settings/settings.js';
import { formatOffset } from '../../main/i18n/offset-words.js';
import type { ServerState } from '../../main/judging/server-state.js';
import type { TimeServiceView } from '../../main/monitor/time-service.js';
import { failureResult, sampleResult } from '../support/results.js';
import { bundleWindow, launchChromium, openWindow, screenshotDir, SCREENSHOT_VARIANTS, TAKING_SCREENSHOTS, type MemoryStore } from './window-harness.js';

const DRIFT = 'drift.example';
const FLAKY = '192.0.2.7:123';
/** A third server that agrees with the flaky one, so the monitor's selection has a majority and marks the drifting one. */
const STABLE = 'stable.example';
/**
 * The monitor's view as monitor.verdict() and statuses() give it: the drifting server confirmed a falseticker, the
 * two others agreeing that this computer is 1.25 ms ahead (the servers' consensus is -1.25 ms).
 */
const VERDICT: VerdictView = { state: 'ok', consensusOffsetMs: -1.25, agree: 2, voters: 3, total: 3, falsetickers: [DRIFT], leap: 0 };
const JUDGED: Record<string, Pick<ServerStatus, 'selection' | 'falseticker' | 'jitterMs' | 'jitterPolls'>> = {
  [DRIFT]: { selection: 'falseticker', falseticker: true, jitterMs: 0.84, jitterPolls: 8 },
  // Back from its timeouts with one good poll so far: its jitter is not known yet.
  [FLAKY]: { selection: 'truechimer', falseticker: false, jitterMs: 0, jitterPolls: 1 },
  [STABLE]: { selection: 'truechimer', falseticker: false, jitterMs: 0.21, jitterPolls: 8 },
};
const HOUR = 3_600_000;
const settings: Settings = { ...defaultSettings([DRIFT, FLAKY, STABLE]), warningSeconds: 0.05, criticalSeconds: 0.2 };

let browser: Browser;
let bundle: string;
let dir: string;
let reader: HistoryReader;
/** When the data ends; samples sit 30 s + whole minutes before it, so a 1 h range made a few seconds later holds 60 each. */
let now: number;
const lastStatus = new Map<string, ServerStatus>();

/** Offset of the drifting server: flat at 2 ms, then a straight climb to 262 ms over the last 6 hours. */
const driftOffset = (at: number) => 2 + Math.max(0, (at - (now - 6 * HOUR)) / (6 * HOUR)) * 260 + Math.sin(at / 600_000);
/** The flaky server's timeouts, 40 to 30 minutes ago, and its one spike 20 minutes ago. */
const timedOut = (at: number) => at >= now - 40 * 60_000 && at < now - 30 * 60_000;
const SPIKE_AT = () => now - 20 * 60_000 - 30_000;

/** A sample with a delay that wanders, as a real path's does. */
function measured(server: string, offsetMs: number, at: number, baseDelayMs: number): QueryResult {
  const result = sampleResult(server, offsetMs, at);
  if (result.ok) result.sample.delayMs = baseDelayMs + 4 * Math.abs(Math.sin(at / 1_300_000));
  return result;
}

function record(store: HistoryStore, server: string, result: QueryResult, state: ServerState): void {
  const status: ServerStatus = { server, state, intervalSeconds: 60, refused: false, lastResult: result, lastCheckAt: result.ok ? result.sample.at : result.failure.at };
  if (result.ok) status.lastSample = result.sample;
  lastStatus.set(server, { ...lastStatus.get(server), ...status });
  store.onResult({ server, result, status, knownAt: status.lastCheckAt! });
}

async function generateHistory(file: string): Promise<void> {
  const store = await HistoryStore.open({ file, language: 'en', onTrouble: (message) => expect.fail(message) });
  // A week at 10-minute steps, then the last day every minute.
  for (let at = now - 7 * 24 * HOUR; at < now - 24 * HOUR; at += 600_000) {
    record(store, DRIFT, measured(DRIFT, driftOffset(at), at, 18), 'ok');
    record(store, FLAKY, measured(FLAKY, -4 + Math.cos(at / 900_000), at, 32), 'ok');
    record(store, STABLE, measured(STABLE, 1.5 + 0.3 * Math.sin(at / 700_000), at, 12), 'ok');
  }
  for (let at = now - 24 * HOUR + 30_000; at < now; at += 60_000) {
    const offset = driftOffset(at);
    const state: ServerState = offset >= 200 ? 'critical' : offset >= 50 ? 'warning' : 'ok';
    record(store, DRIFT, measured(DRIFT, offset, at, 18), state);
    if (timedOut(at)) record(store, FLAKY, failureResult(FLAKY, 'timeout', undefined, at), 'unreachable');
    else record(store, FLAKY, measured(FLAKY, at === SPIKE_AT() ? 120 : -4 + Math.cos(at / 900_000), at, 32), 'ok');
    record(store, STABLE, measured(STABLE, 1.5 + 0.3 * Math.sin(at / 700_000), at, 12), 'ok');
  }
  store.close();
}

interface Recorded {
  responses: Series[][];
  chosen: string[];
  snoozes: string[];
  /** Each "Check now" asked for: a server, or '*' for every one. */
  checks: string[];
  /** A check answers once this settles: a test holds it to see the window while the check runs. */
  gate: Promise<void>;
}

function host(view: () => StatusView, exportFile: string, recorded: Recorded): StatusHost {
  let snoozedUntil: number | undefined;
  return {
    view: () => ({ ...view(), ...(snoozedUntil !== undefined && { snoozedUntil }) }),
    snooze: (request) => {
      recorded.snoozes.push(request);
      snoozedUntil = request === 'off' ? undefined : snoozeEnd(request, Date.now());
    },
    servers: () => settings.servers,
    history: async () => ({
      rows: (range) => reader.rows(range),
      series: (range: ChartRange) => {
        const series = reader.series(range);
        recorded.responses.push(series);
        return series;
      },
    }),
    // The clock the data was made against (a few seconds on): under load the suite can reach the export test more
    // than 30 s after the data was written, and a real clock would then push the hour's oldest samples out of range.
    now: () => now + 5_000,
    chooseFile: async (name) => (recorded.chosen.push(name), exportFile),
    openSettings: () => {},
    check: async (server) => {
      recorded.checks.push(server ?? '*');
      await recorded.gate;
      return true;
    },
    copyDiagnostics: () => 'NTP Monitor diagnostics\nVersion: 0.1.0\nServers:\n',
  };
}

const memory = (): MemoryStore => ({ settings, saves: 0, closes: 0 });
const view = (language: Language = 'en') =>
  statusView({ statuses: settings.servers.map((s) => ({ ...lastStatus.get(s)!, ...JUDGED[s] })), verdict: VERDICT, settings, paused: false, language, historyAvailable: true });

async function openStatus(options: { language?: Language; colorScheme?: 'light' | 'dark'; exportFile?: string } = {}) {
  const recorded: Recorded = { responses: [], chosen: [], snoozes: [], checks: [], gate: Promise.resolve() };
  const language = options.language ?? 'en';
  const status = host(() => view(language), options.exportFile ?? join(dir, 'unused.csv'), recorded);
  const opened = await openWindow(browser, { store: memory(), page: 'status.html', status, colorScheme: options.colorScheme, viewport: { width: 1000, height: 900 } });
  await expect.poll(() => opened.page.locator('#charts').getAttribute('data-state')).toBe('drawn');
  return { ...opened, recorded };
}

/** Pixels of the offset chart's canvas counted by each predicate on r, g, b, a (one readback for all). */
function countPixels(page: Page, tests: string[]): Promise<number[]> {
  return page.evaluate((sources) => {
    const canvas = document.querySelector<HTMLCanvasElement>('#offset-chart canvas')!;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    return sources.map((source) => {
      const match = new Function('r', 'g', 'b', 'a', `return ${source};`) as (r: number, g: number, b: number, a: number) => boolean;
      let count = 0;
      for (let i = 0; i < data.length; i += 4) if (match(data[i]!, data[i + 1]!, data[i + 2]!, data[i + 3]!)) count++;
      return count;
    });
  }, tests);
}

const near = (channel: string, value: number, tolerance = 12) => `Math.abs(${channel} - ${value}) <= ${tolerance}`;

beforeAll(async () => {
  bundle = bundleWindow();
  dir = mkdtempSync(join(tmpdir(), 'ntp-monitor-status-'));
  now = Date.now();
  const file = join(dir, 'history.sqlite');
  await generateHistory(file);
  reader = await HistoryReader.open(file);
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  reader?.close();
  rmSync(bundle, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

describe('status window in Chromium', () => {
  it('lists every server with state word and tray icon, the last measurement and the failure cause', async () => {
    const { page, problems } = await openStatus();
    const driftRow = page.locator(`tr[data-server="${DRIFT}"]`);
    // 262 ms off, but a confirmed falseticker: WARNING, as check, the webhook and the metrics say (decision 28).
    expect(await driftRow.locator('td').first().textContent()).toBe('WARNING');
    const last = lastStatus.get(DRIFT)!.lastSample!;
    expect(await driftRow.locator('td').nth(2).textContent()).toBe(formatOffset(last.offsetMs));
    expect(await driftRow.locator('td').nth(5).textContent()).toBe('2');
    expect(await driftRow.locator('td').nth(6).textContent()).toBe('127.0.0.1');
    // Jitter across 8 polls; the flaky server has one reply per poll and one poll since its timeouts: unknown, not
    // 0.000 ms, and the reason on hover.
    expect(await driftRow.locator('td').nth(4).textContent()).toBe('0.840 ms');
    const flakyJitter = page.locator(`tr[data-server="${FLAKY}"] td`).nth(4);
    expect([await flakyJitter.textContent(), await flakyJitter.getAttribute('title')]).toEqual(['—', 'unknown: one sample so far']);
    // The last check with its date, so a stale row does not read as today's.
    const checked = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric' }).format(lastStatus.get(DRIFT)!.lastCheckAt!);
    expect(await driftRow.locator('td').nth(7).textContent()).toMatch(new RegExp(`^${checked}, \\d\\d:\\d\\d:\\d\\d$`));
    // The icon is the tray's own picture for the state, loaded under the CSP.
    const icon = driftRow.locator('td.state img');
    expect(await icon.getAttribute('src')).toBe('icons/tray-warning@2x.png');
    await expect.poll(() => icon.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    expect(await page.locator('th').allTextContents()).toEqual(['State', 'Server', 'Offset (server − this computer)', 'Delay', 'Jitter', 'Stratum', 'Reference ID', 'Last check', 'Selection']);
    // The monitor's marks: the drifting server disagrees with the two others, with the tray's warning icon beside the word.
    expect(await driftRow.locator('td').nth(8).textContent()).toBe('falseticker (outvoted)');
    expect(await driftRow.locator('td.falseticker img').getAttribute('src')).toBe('icons/tray-warning@2x.png');
    expect(await page.locator(`tr[data-server="${STABLE}"] td`).nth(8).textContent()).toBe('truechimer');
    // Above the table, the tray icon's state (the drifting falseticker is WARNING) beside the verdict in the tray's
    // words: the servers' consensus is 1.25 ms behind, so this computer is ahead.
    expect(await page.locator('#verdict-line').textContent()).toBe('WARNING This computer is 1.3 ms ahead (2 of 3 servers agree)');
    expect(await page.locator('#verdict-line img').getAttribute('src')).toBe('icons/tray-warning@2x.png');
    expect(await page.locator('#leap').isHidden()).toBe(true);
    const [verdictBox, tableBox] = [await page.locator('#verdict').boundingBox(), await page.locator('#servers').boundingBox()];
    expect(verdictBox!.y + verdictBox!.height).toBeLessThanOrEqual(tableBox!.y);
    expect(await page.title()).toBe('NTP Monitor status');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('draws the offset lines and the warning and critical bands on the canvas', async () => {
    const { page, problems, recorded } = await openStatus();
    // The default range, one hour, at the plot's width in pixels: main was asked for no more than it can draw.
    const widths = recorded.responses.at(-1)!.map((s) => s.buckets.length);
    const plotWidth = await page.locator('#offset-chart .u-over').evaluate((el) => el.clientWidth);
    expect(widths.every((n) => n > 0 && n <= plotWidth)).toBe(true);
    const [drift, flaky, amber, red] = await countPixels(page, [
      // The drifting server's line (#1a66d2) and the flaky one's (#c2410c).
      `a > 200 && ${near('r', 26)} && ${near('g', 102)} && ${near('b', 210)}`,
      `a > 200 && ${near('r', 194)} && ${near('g', 65)} && ${near('b', 12)}`,
      // Amber between warning and critical, red beyond critical: translucent fills.
      `a > 30 && a < 90 && ${near('r', 242)} && ${near('g', 169)} && b < 30`,
      `a > 30 && a < 90 && ${near('r', 217)} && ${near('g', 48)} && ${near('b', 37)}`,
    ]);
    expect(drift).toBeGreaterThan(100);
    expect(flaky).toBeGreaterThan(50);
    expect(amber).toBeGreaterThan(2000);
    expect(red).toBeGreaterThan(500);
    expect(await page.locator('#bands .key').allTextContents()).toEqual(['warning ±50.0 ms', 'critical ±200.0 ms', '▼ failed polls']);
    expect(await page.locator('#legend li').allTextContents()).toEqual([FLAKY, DRIFT, STABLE].sort());
    expect(problems).toEqual([]);
    // A second readback (Chromium then warns about readback speed, so after the page's problems were checked).
    // The flaky server's timeouts: marks in the strip above the plot (outside the critical band), in its colour.
    const flakyIndex = (await page.locator('#legend li').allTextContents()).indexOf(FLAKY);
    const [marks, elsewhere] = await page.evaluate((index) => {
      const canvas = document.querySelector<HTMLCanvasElement>('#offset-chart canvas')!;
      const top = parseFloat(document.querySelector<HTMLElement>('#offset-chart .u-over')!.style.top) * devicePixelRatio;
      const colour = getComputedStyle(document.querySelectorAll<HTMLElement>('#legend .swatch')[index]!).borderTopColor.match(/\d+/g)!.map(Number);
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, Math.floor(top)).data;
      let inColour = 0;
      let other = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3]! < 200) continue;
        if (colour.every((c, k) => Math.abs(data[i + k]! - c) <= 12)) inColour++;
        else other++;
      }
      return [inColour, other];
    }, flakyIndex);
    // Ten minutes of timeouts make a few marks of 14 x 11 px each; the strip holds nothing else but their outline.
    expect(marks).toBeGreaterThan(150);
    expect(elsewhere).toBeLessThan(marks);
    await page.context().close();
  });

  it('switches range: main is asked for the named range and the charts follow', async () => {
    const { page, recorded } = await openStatus();
    const before = recorded.responses.length;
    await page.getByRole('button', { name: '24 h' }).click();
    await expect.poll(() => page.locator('#charts').getAttribute('data-range')).toBe('24h');
    expect(await page.getByRole('button', { name: '24 h' }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByRole('button', { name: '1 h', exact: true }).getAttribute('aria-pressed')).toBe('false');
    const day = recorded.responses.at(-1)!;
    expect(recorded.responses.length).toBeGreaterThan(before);
    // A day of one-minute samples is 1440 per server: main downsampled it to the plot's width.
    const plotWidth = await page.locator('#offset-chart .u-over').evaluate((el) => el.clientWidth);
    for (const series of day) expect(series.buckets.length).toBeLessThanOrEqual(plotWidth);
    expect(day.find((s) => s.server === DRIFT)!.buckets.length).toBeGreaterThan(plotWidth / 2);
    // The spike survives: some bucket's max is the 120 ms sample.
    expect(Math.max(...day.find((s) => s.server === FLAKY)!.buckets.map((b) => b.offsetMax ?? -Infinity))).toBe(120);
    await page.getByRole('button', { name: '7 d' }).click();
    await expect.poll(() => page.locator('#charts').getAttribute('data-range')).toBe('7d');
    const week = recorded.responses.at(-1)!.find((s) => s.server === DRIFT)!;
    expect(week.buckets[0]!.at).toBeLessThan(now - 6 * 24 * HOUR);
    await page.context().close();
  });

  it('hover shows the exact values of the bucket under the pointer, failures with their reason', async () => {
    const { page, recorded } = await openStatus();
    const over = page.locator('#offset-chart .u-over');
    const box = (await over.boundingBox())!;
    await page.mouse.move(box.x + box.width - 3, box.y + box.height / 2);
    await expect.poll(() => page.locator('#readout').textContent()).toContain(`${DRIFT}: offset`);
    const lines = await page.locator('#readout > *').allTextContents();
    const driftLine = lines.find((line) => line.startsWith(`${DRIFT}:`))!;
    const buckets = recorded.responses.at(-1)!.find((s) => s.server === DRIFT)!.buckets;
    const texts = buckets.map((b) => (b.offsetMin === b.offsetMax ? formatOffset(b.offsetMin!) : `${formatOffset(b.offsetMin!)} … ${formatOffset(b.offsetMax!)}`));
    expect(texts).toContain(driftLine.match(/offset (.*), delay/)![1]);

    // 35 minutes ago the flaky server was timing out: its line says so instead of a value.
    const x = box.x + (box.width * (60 - 35)) / 60;
    await page.mouse.move(x, box.y + box.height / 2);
    await expect.poll(() => page.locator('#readout').textContent()).toMatch(new RegExp(`${FLAKY.replace(/\./g, '\\.')}: \\d+ failed \\(timeout\\)`));
    await page.context().close();
  });

  it('drag zooms in: main is asked for the dragged span, and Reset zoom returns to the range', async () => {
    const { page, recorded } = await openStatus();
    const box = (await page.locator('#offset-chart .u-over').boundingBox())!;
    const requests = recorded.responses.length;
    await page.mouse.move(box.x + box.width * 0.25, box.y + 40);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, box.y + 40, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => page.locator('#charts').getAttribute('data-range')).toBe('zoom');
    expect(recorded.responses.length).toBeGreaterThan(requests);
    const zoomed = recorded.responses.at(-1)!.flatMap((s) => s.buckets.map((b) => b.at));
    // About a quarter of an hour, from about 45 minutes ago.
    expect(Math.min(...zoomed)).toBeGreaterThan(now - 47 * 60_000);
    expect(Math.max(...zoomed)).toBeLessThan(now - 28 * 60_000);
    // Export saves the span on screen: the zoomed quarter hour of three servers, not the hour.
    await page.getByRole('button', { name: 'Export CSV…' }).click();
    await expect.poll(() => page.locator('#message').textContent()).toMatch(/^Saved \d+ rows/);
    const exported = Number((await page.locator('#message').textContent())!.match(/Saved (\d+) rows/)![1]);
    expect(exported).toBeGreaterThan(30);
    expect(exported).toBeLessThan(60);
    await page.getByRole('button', { name: 'Reset zoom' }).click();
    await expect.poll(() => page.locator('#charts').getAttribute('data-range')).toBe('1h');
    expect(await page.getByRole('button', { name: 'Reset zoom' }).isHidden()).toBe(true);
    await page.context().close();
  });

  it('exports the shown range as CSV through the save dialog: the right rows, header first', async () => {
    const file = join(dir, 'export.csv');
    const { page, recorded } = await openStatus({ exportFile: file });
    await page.getByRole('button', { name: 'Export CSV…' }).click();
    await expect.poll(() => page.locator('#message').textContent()).toBe(`Saved 180 rows to ${file}.`);
    expect(recorded.chosen[0]).toMatch(/^ntp-monitor-\d{8}T\d{4}-\d{8}T\d{4}\.csv$/);
    const lines = readFileSync(file, 'utf8').split('\r\n').filter((line) => line !== '');
    expect(lines[0]).toBe(CSV_HEADER);
    expect(lines).toHaveLength(181);
    const records = lines.slice(1).map((line) => line.split(','));
    expect(records.filter((r) => r[1] === DRIFT)).toHaveLength(60);
    expect(records.filter((r) => r[1] === FLAKY && r[7]!.startsWith('timeout'))).toHaveLength(10);
    expect(records.find((r) => r[1] === FLAKY && r[3] === '120')![0]).toBe(new Date(SPIKE_AT()).toISOString());
    const times = records.map((r) => Date.parse(r[0]!));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(now - HOUR);
    await page.context().close();
  });

  it('takes pushed views at once: the table, the verdict line, the leap second and the marks follow main', async () => {
    const { page, push, problems } = await openStatus();
    const next = view();
    // The drifting server agrees again but is still marked; the flaky one was outvoted once, not yet confirmed.
    next.servers = next.servers.map((row) =>
      row.server === DRIFT ? { ...row, state: 'ok', offsetMs: 1.5, selection: 'truechimer', falseticker: true } : row.server === FLAKY ? { ...row, selection: 'falseticker' } : row,
    );
    next.verdict = { state: 'critical', consensusOffsetMs: 2500, agree: 3, voters: 4, total: 5, falsetickers: [DRIFT], leap: 1, at: now };
    // Main computes the overall state (the tray's) from the same statuses and verdict.
    next.overall = 'critical';
    await push(next);
    const driftRow = page.locator(`tr[data-server="${DRIFT}"]`);
    await expect.poll(() => driftRow.locator('td').first().textContent()).toBe('OK');
    expect(await driftRow.locator('td').nth(2).textContent()).toBe(formatOffset(1.5));
    expect(await driftRow.locator('td').nth(8).textContent()).toBe('falseticker (outvoted)');
    expect(await page.locator(`tr[data-server="${FLAKY}"] td`).nth(8).textContent()).toBe('outvoted in the latest selection, not confirmed yet');
    // Servers 2.5 s ahead: this computer is 2.5 s behind, in the same words as the tray's first line.
    expect(await page.locator('#verdict-line').textContent()).toBe('CRITICAL This computer is 2.500 s behind (3 of 4 servers agree)');
    expect(await page.locator('#verdict-line img').getAttribute('src')).toBe('icons/tray-critical@2x.png');
    expect(await page.locator('#leap').textContent()).toBe('Leap second announced: inserted at the end of this month (UTC)');
    expect(await page.locator('#leap').isVisible()).toBe(true);
    // The monitor loses its verdict: the line says why and the leap line goes.
    await push({ ...next, verdict: { ...next.verdict, consensusOffsetMs: null, agree: 0, voters: 2, leap: 0 } });
    await expect.poll(() => page.locator('#verdict-line').textContent()).toBe('CRITICAL This computer: no verdict (2 answering, 3 needed)');
    expect(await page.locator('#leap').isHidden()).toBe(true);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('shows the time service panel main worded, coloured by its state, and a note when no daemon is read', async () => {
    const { page, push, problems } = await openStatus();
    expect(await page.locator('#time-service-heading').textContent()).toBe('Time service');
    expect(await page.locator('#time-service').textContent()).toBe('No time service is read (the Time service setting is none, or none was found on this computer).');
    const timeService: TimeServiceView = {
      kind: 'chrony', target: '127.0.0.1:323', verdict: 'follows-falseticker', agree: 2, at: now,
      check: {
        verdict: 'follows-falseticker', state: 'critical', failure: null, differenceMs: 1, followed: DRIFT, sourceFromConsensusMs: 260,
        view: { kind: 'chrony', synchronized: true, source: { address: '192.0.2.9', offsetMs: 262 }, stratum: 3, offsetMs: -0.25, lastOffsetMs: 0, errorBoundMs: 0.5, lastUpdateAgeSeconds: 12, updateIntervalSeconds: 64 },
      },
    };
    await push(statusView({ statuses: settings.servers.map((s) => ({ ...lastStatus.get(s)!, ...JUDGED[s] })), verdict: VERDICT, settings, paused: false, language: 'en', historyAvailable: true, timeService }));
    await expect.poll(() => page.locator('#time-service-line').textContent()).toBe(`CRITICAL chronyd: synchronised to ${DRIFT}, follows a falseticker`);
    expect(await page.locator('#time-service-line').getAttribute('class')).toBe('state critical');
    expect(await page.locator('#time-service-line img').getAttribute('src')).toBe('icons/tray-critical@2x.png');
    expect(await page.locator('#time-service p').allTextContents()).toEqual([
      'chronyd at 127.0.0.1:323',
      `CRITICAL chronyd: synchronised to ${DRIFT}, follows a falseticker`,
      `chronyd follows ${DRIFT}, 260.0 ms from the consensus of 2 servers`,
      'it believes this computer is 0.250 ms ahead (error bound 0.500 ms)',
      'last update 12.0 s ago, stratum 3',
    ]);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('snoozes notifications from the window and says until when under the headline; the snooze ending by itself clears it', async () => {
    const { page, push, problems, recorded } = await openStatus();
    expect(await page.locator('#snoozed').isHidden()).toBe(true);
    await page.locator('#snooze-1h').click();
    // An hour from 23:00 ends on the next day, which the text then names (Mon 00:01).
    await expect.poll(() => page.locator('#snoozed').textContent()).toMatch(/^Notifications snoozed until (?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) )?\d\d:\d\d; monitoring goes on\.$/);
    expect(await page.locator('#snooze-1h').isHidden()).toBe(true);
    expect(await page.locator('#snooze-tomorrow').isHidden()).toBe(true);
    await page.locator('#snooze-end').click();
    await expect.poll(() => page.locator('#snoozed').isHidden()).toBe(true);
    expect(await page.locator('#snooze-1h').isVisible()).toBe(true);
    await page.locator('#snooze-tomorrow').click();
    await expect.poll(() => page.locator('#snoozed').textContent()).toMatch(/until \w{3} 08:00;/);
    expect(recorded.snoozes).toEqual(['1h', 'off', 'tomorrow']);
    // Main's timer ends the snooze and pushes a view without it.
    await push(view());
    await expect.poll(() => page.locator('#snoozed').isHidden()).toBe(true);
    expect(await page.locator('#snooze-end').isHidden()).toBe(true);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('checks one server from its row and every server from the header, each button disabled while its check runs', async () => {
    const { page, problems, recorded } = await openStatus();
    let release = () => {};
    recorded.gate = new Promise((resolve) => (release = resolve));
    const flakyButton = page.locator(`tr[data-server="${FLAKY}"] button.check-row`);
    expect(await flakyButton.getAttribute('aria-label')).toBe(`Check ${FLAKY} now`);
    await flakyButton.click();
    await expect.poll(() => page.locator('#message').textContent()).toBe('Checking…');
    expect(await flakyButton.isDisabled()).toBe(true);
    expect(await page.locator(`tr[data-server="${STABLE}"] button.check-row`).isDisabled()).toBe(false);
    release();
    await expect.poll(() => page.locator('#message').textContent()).toBe('Checked.');
    expect(await flakyButton.isDisabled()).toBe(false);
    await page.locator('#check-now').click();
    await expect.poll(() => recorded.checks).toEqual([FLAKY, '*']);
    await expect.poll(() => page.locator('#message').textContent()).toBe('Checked.');
    await page.locator('#copy-diagnostics').click();
    await expect.poll(() => page.locator('#message').textContent()).toBe('Diagnostics copied to the clipboard (3 lines, secrets left out).');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('shows the overall state even when this computer is right: a headline never says OK above a CRITICAL row', async () => {
    const { page, push, problems } = await openStatus();
    const calm = view();
    calm.servers = calm.servers.map((row) => ({ ...row, state: 'ok', falseticker: false }));
    await push({ ...calm, overall: 'ok' });
    await expect.poll(() => page.locator('#verdict-line').textContent()).toBe('OK This computer is 1.3 ms ahead (2 of 3 servers agree)');
    // A server beyond the critical threshold that is no falseticker (nothing explains it): the headline says so.
    const alarming = view();
    alarming.servers = alarming.servers.map((row) => (row.server === DRIFT ? { ...row, state: 'critical', selection: 'truechimer', falseticker: false } : row));
    await push({ ...alarming, overall: 'critical' });
    await expect.poll(() => page.locator('#verdict-line').textContent()).toBe('CRITICAL This computer is 1.3 ms ahead (2 of 3 servers agree)');
    expect(await page.locator('#verdict-line').getAttribute('class')).toBe('state critical');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it.each(['en', 'zh-CN'] as const)('renders every failure kind with its own word (%s), and UNSYNCHRONIZED for an unsynchronized server', async (language) => {
    const { page, push, problems } = await openStatus({ language });
    const words = new Set<string>();
    for (const kind of FAILURE_KINDS) {
      const next = view(language);
      next.servers = next.servers.map((row) => (row.server === FLAKY ? { ...row, state: 'unreachable', failure: { kind, message: `message of ${kind}` } } : row));
      await push(next);
      const failureRow = page.locator(`tr[data-server="${FLAKY}"] + tr.failure td`);
      await expect.poll(() => failureRow.textContent()).toMatch(new RegExp(`^[^:：]+: message of ${kind}$`));
      const word = (await failureRow.textContent())!.replace(/: message of .*$/, '');
      expect(word).not.toMatch(/^status\.|undefined/);
      words.add(word);
      const state = await page.locator(`tr[data-server="${FLAKY}"] td`).first().textContent();
      expect(state).toBe(kind === 'unsynchronized' ? (language === 'en' ? 'UNSYNCHRONIZED' : '未同步') : language === 'en' ? 'UNREACHABLE' : '不可达');
    }
    expect(words.size).toBe(FAILURE_KINDS.length);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('speaks Chinese, and main refuses what it does not allow with a message', async () => {
    const { page, problems } = await openStatus({ language: 'zh-CN' });
    expect(await page.title()).toBe('NTP 监视器状态');
    expect(await page.locator('th').first().textContent()).toBe('状态');
    expect(await page.locator('#verdict-line').textContent()).toBe('警告 本机快 1.3 ms（3 台服务器中 2 台一致）');
    expect(await page.locator(`tr[data-server="${DRIFT}"] td`).nth(8).textContent()).toBe('异常（falseticker，被多数否决）');
    expect(await page.getByRole('button', { name: '30 天' }).count()).toBe(1);
    // A hostile page asking for an unconfigured server or an endless span gets problems, not data.
    const refused = await page.evaluate(() => {
      const status = (window as unknown as { ntpMonitor: NtpMonitorApi }).ntpMonitor.status;
      return Promise.all([
        status.series({ range: '1h', width: 500, servers: ['evil.example'] }),
        status.series({ from: 0, to: Date.now(), width: 500 }),
        status.series({ range: '1y' as never, width: 1e9 }),
      ]);
    });
    expect(refused.map((r) => r.ok)).toEqual([false, false, false]);
    expect(refused.flatMap((r) => (r.ok ? [] : r.errors.map((e) => e.key)))).toEqual(['status.unknown-server', 'status.bad-span', 'status.bad-range']);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});

describe.runIf(TAKING_SCREENSHOTS)('status screenshots for the README', () => {
  const out = screenshotDir();
  it.each(SCREENSHOT_VARIANTS)('status window, %s, %s theme', async (language, colorScheme) => {
    const { page } = await openStatus({ language, colorScheme });
    await page.getByRole('button', { name: language === 'en' ? '6 h' : '6 小时' }).click();
    await expect.poll(() => page.locator('#charts').getAttribute('data-range')).toBe('6h');
    const box = (await page.locator('#offset-chart .u-over').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.93, box.y + box.height / 2);
    await expect.poll(() => page.locator('#readout > *').count()).toBeGreaterThan(1);
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.setViewportSize({ width: 1000, height });
    await page.mouse.move(box.x + box.width * 0.93, box.y + box.height / 2);
    await page.screenshot({ path: `${out}status-${language}-${colorScheme}.png` });
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe(colorScheme === 'dark' ? 'rgb(30, 31, 34)' : 'rgb(246, 247, 249)');
    await page.context().close();
  });
});

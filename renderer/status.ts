/**
 * The status window: the live table, pushed by main after every poll, and the charts, which ask main for the chosen
 * range (or a dragged zoom) downsampled to the plot's width. Export saves the span on screen as CSV through main.
 */
import { API_NAME, CHART_RANGES, type ChartRangeName, type NtpMonitorApi, type SnoozeRequest, type StatusProblem, type StatusView } from '../main/contract.js';
import { verdictLines } from '../main/i18n/offset-words.js';
import { snoozeLine } from '../main/i18n/snooze-words.js';
import { printable } from '../main/i18n/display.js';
import { messageKey, translate, type Language, type MessageKey } from '../main/i18n/translate.js';
import { problemWords } from '../main/i18n/problem-words.js';
import { formatAmount } from '../main/i18n/offset-words.js';
import { LEGEND_DASHES, serverColour, StatusCharts } from './status-chart.js';
import { renderTable, stateLabel } from './status-table.js';
import { renderTimeService } from './status-time-service.js';

declare global {
  interface Window {
    [API_NAME]: NtpMonitorApi;
  }
}

const api = window[API_NAME].status;
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const table = $<HTMLTableElement>('servers');
const message = $<HTMLParagraphElement>('message');
const readoutBox = $<HTMLDivElement>('readout');
const dark = window.matchMedia('(prefers-color-scheme: dark)');

let view: StatusView;
let range: ChartRangeName = '1h';
/** The dragged span while zoomed in; undefined shows the whole range up to now. */
let zoom: { from: number; to: number } | undefined;
let charts: StatusCharts | undefined;
let loading = false;
/** Servers whose "Check now" is under way; ALL for the header's. */
const checking = new Set<string>();
const ALL = '';
let reloadAgain = false;

const lang = (): Language => view.language;
const t = (key: MessageKey, params?: Record<string, string | number>) => translate(lang(), key, params);

function say(text: string, kind: 'good' | 'bad' | '' = ''): void {
  message.textContent = text;
  message.className = kind;
}

const problemsText = (errors: StatusProblem[]) => errors.map((p) => problemWords(p, lang())).join(' ');

function applyLanguage(): void {
  document.documentElement.lang = lang();
  document.title = t('status.title');
  for (const node of Array.from(document.querySelectorAll<HTMLElement>('[data-i18n]'))) node.textContent = t(messageKey(node.dataset.i18n));
  for (const name of Object.keys(CHART_RANGES) as ChartRangeName[]) $(`range-${name}`).textContent = t(`status.range-${name}`);
}

function renderView(): void {
  renderTable(table, view, lang(), checking);
  $<HTMLButtonElement>('check-now').disabled = checking.has(ALL);
  $('no-servers').hidden = view.servers.length > 0;
  $('paused').hidden = !view.paused;
  renderVerdict();
  renderTimeService($('time-service'), view.timeService, lang());
  // What the chart's colours and marks mean, each with its swatch (drawn by status.css).
  const keys: [string, string][] = [
    ['warning', t('status.warning-band', { value: formatAmount(view.warningMs) })],
    ['critical', t('status.critical-band', { value: formatAmount(view.criticalMs) })],
    ['failures', t('status.failure-mark')],
  ];
  $('bands').replaceChildren(
    ...keys.map(([kind, text]) => {
      const span = document.createElement('span');
      span.className = `key ${kind}`;
      span.textContent = text;
      return span;
    }),
  );
}

/**
 * The headline: the overall state, as the tray icon shows it (a CRITICAL server makes it CRITICAL even when this
 * computer's clock is right), beside the verdict on this computer's clock worded as the tray's first lines.
 */
function renderVerdict(): void {
  const [line, ...leap] = verdictLines(view.verdict, lang());
  const verdictLine = $('verdict-line');
  verdictLine.className = `state ${view.overall}`;
  const text = document.createElement('span');
  text.textContent = ` ${line!}`;
  verdictLine.replaceChildren(stateLabel(view.overall, lang()), text);
  const leapLine = $('leap');
  leapLine.hidden = leap.length === 0;
  leapLine.replaceChildren(...(leap.length > 0 ? [stateLabel('warning', lang(), leap.join(' '))] : []));
  const until = view.snoozedUntil;
  $('snoozed').hidden = until === undefined;
  $('snoozed').textContent = until === undefined ? '' : snoozeLine(until, Date.now(), lang());
  $('snooze-1h').hidden = until !== undefined;
  $('snooze-tomorrow').hidden = until !== undefined;
  $('snooze-end').hidden = until === undefined;
}

/** Snoozes notifications (or turns them back on) through main, which answers with the view as it now is. */
async function snooze(request: SnoozeRequest): Promise<void> {
  let response;
  try {
    response = await api.snooze(request);
  } catch (error) {
    say(error instanceof Error ? error.message : String(error), 'bad');
    return;
  }
  if (!response.ok) return say(problemsText(response.errors), 'bad');
  view = response.view;
  renderView();
}

/** Checks every server (no name) or one through main; the view comes back once it has answered. */
async function checkNow(server: string | undefined): Promise<void> {
  const key = server ?? ALL;
  if (checking.has(key)) return;
  checking.add(key);
  renderView();
  say(t('status.checking'));
  let response;
  try {
    response = await api.checkNow(server === undefined ? {} : { server });
  } catch (error) {
    say(error instanceof Error ? error.message : String(error), 'bad');
    return;
  } finally {
    checking.delete(key);
    renderView();
  }
  if (!response.ok) return say(problemsText(response.errors), 'bad');
  view = response.view;
  renderView();
  say(t('status.checked'), 'good');
}

/** Main builds the summary (it knows the secrets to leave out) and puts it on the clipboard. */
async function copyDiagnostics(): Promise<void> {
  try {
    const response = await api.copyDiagnostics();
    say(t('status.copied', { lines: response.text.trimEnd().split('\n').length }), 'good');
  } catch (error) {
    say(error instanceof Error ? error.message : String(error), 'bad');
  }
}

function renderLegend(servers: string[]): void {
  const items = servers.map((server, i) => {
    const li = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    // CSSOM, not a style attribute: allowed under style-src 'self'.
    swatch.style.borderTopColor = serverColour(i, dark.matches);
    swatch.style.borderTopStyle = LEGEND_DASHES[i % LEGEND_DASHES.length]!;
    const name = document.createElement('span');
    name.textContent = printable(server);
    li.append(swatch, name);
    return li;
  });
  $('legend').replaceChildren(...items);
}

function buildCharts(): void {
  charts?.destroy();
  const style = getComputedStyle(document.body);
  charts = new StatusCharts($('offset-chart'), $('delay-chart'), {
    lang: lang(),
    theme: { dark: dark.matches, text: style.getPropertyValue('--text').trim(), grid: style.getPropertyValue('--grid').trim() },
    width: $('charts').clientWidth,
    warningMs: view.warningMs,
    criticalMs: view.criticalMs,
    onZoom: (from, to) => {
      zoom = { from, to };
      void loadSeries();
    },
    onHover: (lines) => {
      readoutBox.replaceChildren(
        ...lines.map((line, i) => {
          const p = document.createElement(i === 0 ? 'strong' : 'p');
          p.textContent = line;
          return p;
        }),
      );
    },
  });
}

/** Asks main for the current span; a request while one is under way is made once that one ends (no piling up). */
async function loadSeries(): Promise<void> {
  if (!view.historyAvailable || !charts) {
    $('charts').dataset.state = 'off';
    say(view.historyAvailable ? '' : t('status.no-history'));
    return;
  }
  if (loading) {
    reloadAgain = true;
    return;
  }
  loading = true;
  try {
    let response;
    try {
      response = await api.series({ ...(zoom ?? { range }), width: charts.plotWidth });
    } catch (error) {
      // Only the message crosses from main.
      say(error instanceof Error ? error.message : String(error), 'bad');
      return;
    }
    if (!response.ok) {
      say(problemsText(response.errors), 'bad');
      return;
    }
    renderLegend(response.series.map((s) => s.server));
    charts.show(response.series, response.from, response.to);
    const empty = response.series.every((s) => s.buckets.length === 0);
    $('no-data').hidden = !empty;
    $('reset-zoom').hidden = zoom === undefined;
    $('charts').dataset.state = 'drawn';
    $('charts').dataset.range = zoom ? 'zoom' : range;
  } finally {
    loading = false;
    if (reloadAgain) {
      reloadAgain = false;
      void loadSeries();
    }
  }
}

function chooseRange(name: ChartRangeName): void {
  range = name;
  zoom = undefined;
  for (const other of Object.keys(CHART_RANGES)) $(`range-${other}`).setAttribute('aria-pressed', String(other === name));
  void loadSeries();
}

async function exportCsv(): Promise<void> {
  // The span on screen: the dragged one, or the named range up to now.
  let response;
  try {
    response = await api.exportCsv(zoom ?? { range });
  } catch (error) {
    say(error instanceof Error ? error.message : String(error), 'bad');
    return;
  }
  if (response.ok) say(t('status.exported', { rows: response.rows, file: response.file }), 'good');
  else if (response.canceled) say('');
  else say(problemsText(response.errors), 'bad');
}

function refreshAll(): void {
  applyLanguage();
  renderView();
  buildCharts();
  void loadSeries();
}

async function start(): Promise<void> {
  view = await api.load();
  refreshAll();
  api.onUpdate((next) => {
    const rebuild = next.language !== view.language || next.warningMs !== view.warningMs || next.criticalMs !== view.criticalMs;
    view = next;
    if (rebuild) return refreshAll();
    renderView();
    // A new sample: the range up to now has grown. A zoomed span stays as the user chose it.
    if (!zoom) void loadSeries();
  });
  for (const name of Object.keys(CHART_RANGES) as ChartRangeName[]) $(`range-${name}`).addEventListener('click', () => chooseRange(name));
  $('reset-zoom').addEventListener('click', () => chooseRange(range));
  $('export').addEventListener('click', () => void exportCsv());
  $('open-settings').addEventListener('click', () => void api.openSettings());
  $('snooze-1h').addEventListener('click', () => void snooze('1h'));
  $('snooze-tomorrow').addEventListener('click', () => void snooze('tomorrow'));
  $('snooze-end').addEventListener('click', () => void snooze('off'));
  $('check-now').addEventListener('click', () => void checkNow(undefined));
  $('copy-diagnostics').addEventListener('click', () => void copyDiagnostics());
  table.addEventListener('click', (event) => {
    const button = (event.target as HTMLElement).closest('button.check-row');
    const server = button?.closest('tr')?.dataset.server;
    if (server !== undefined) void checkNow(server);
  });
  dark.addEventListener('change', refreshAll);
  new ResizeObserver(() => {
    const width = $('charts').clientWidth;
    if (charts && width > 0) charts.resize(width);
  }).observe($('charts'));
  document.body.dataset.ready = 'true';
}

void start();

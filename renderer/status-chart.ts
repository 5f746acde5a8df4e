/**
 * The status window's two charts (offset above, delay below) drawn with uPlot from main's min/max buckets: each
 * server is a band between its lowest and highest value per pixel column, so a spike survives downsampling; the
 * warning and critical bands, failure marks and a hover read-out with exact values are drawn around them.
 */
import uPlot from 'uplot';
import type { Series, SeriesBucket } from '../main/contract.js';
import { translate, type Language } from '../main/i18n/translate.js';
import { formatOffset } from '../main/i18n/offset-words.js';
import { failureKindWord } from '../main/i18n/state-words.js';
import { offsetLabel, offsetSplits } from './offset-axis.js';

/** Colours that read on light and dark backgrounds; each server also gets its own dash pattern (readable without colour). */
const LIGHT_COLOURS = ['#1a66d2', '#c2410c', '#15803d', '#7e22ce', '#0e7490', '#be123c'];
const DARK_COLOURS = ['#7aa9f7', '#fb923c', '#4ade80', '#c084fc', '#22d3ee', '#fb7185'];
const DASHES: number[][] = [[], [8, 4], [2, 3], [10, 3, 2, 3]];
/** The CSS border style that looks like each dash pattern, for the legend. */
export const LEGEND_DASHES = ['solid', 'dashed', 'dotted', 'double'];

/** The page's colours the charts draw their axes and grid in. */
export interface ChartTheme {
  dark: boolean;
  text: string;
  grid: string;
}

/** The colour of the index-th server's lines, for the current theme. */
export const serverColour = (index: number, dark: boolean) => (dark ? DARK_COLOURS : LIGHT_COLOURS)[index % LIGHT_COLOURS.length]!;
/** The dash pattern of the index-th server's lines (readable without colour). */
export const serverDash = (index: number) => DASHES[index % DASHES.length]!;

/** The series laid out on one time axis: x, then per server a max and a min column (null where it has no bucket). */
export interface ChartData {
  times: number[];
  servers: string[];
  buckets: (SeriesBucket | undefined)[][];
}

/** Puts every server's buckets on one shared, sorted time axis. */
export function alignSeries(series: Series[]): ChartData {
  const times = [...new Set(series.flatMap((s) => s.buckets.map((b) => b.at)))].sort((a, b) => a - b);
  const index = new Map(times.map((t, i) => [t, i]));
  const buckets = series.map((s) => {
    const row: (SeriesBucket | undefined)[] = new Array(times.length).fill(undefined);
    for (const bucket of s.buckets) row[index.get(bucket.at)!] = bucket;
    return row;
  });
  return { times, servers: series.map((s) => s.server), buckets };
}

type Field = 'offset' | 'delay';

function columns(data: ChartData, field: Field): uPlot.AlignedData {
  const pick = (key: keyof SeriesBucket) => (row: (SeriesBucket | undefined)[]) => row.map((b) => (b ? (b[key] as number | null) : null));
  const max = field === 'offset' ? 'offsetMax' : 'delayMax';
  const min = field === 'offset' ? 'offsetMin' : 'delayMin';
  return [data.times, ...data.buckets.flatMap((row) => [pick(max)(row), pick(min)(row)])] as uPlot.AlignedData;
}

/** What the charts need from the page. */
export interface ChartOptions {
  lang: Language;
  theme: ChartTheme;
  width: number;
  warningMs: number;
  criticalMs: number;
  /** Called with the dragged span (Unix ms): the caller asks main for that span at full resolution. */
  onZoom: (from: number, to: number) => void;
  /** Called with the read-out lines for the hovered time, or none when the pointer leaves. */
  onHover: (lines: string[]) => void;
}

/** Axis labels in the window's language: times within two days as hours, longer spans with the date. */
function timeAxis(lang: Language): (u: uPlot, splits: number[]) => string[] {
  const hours = new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', hour12: false });
  const days = new Intl.DateTimeFormat(lang, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });
  return (u, splits) => {
    const span = (u.scales.x!.max ?? 0) - (u.scales.x!.min ?? 0);
    const format = span <= 2 * 86_400_000 ? hours : days;
    return splits.map((ms) => format.format(ms));
  };
}

/** Fills |offset| between warning and critical amber, beyond critical red, with a dashed line at each threshold. */
function drawBands(u: uPlot, warningMs: number, criticalMs: number): void {
  const { ctx, bbox } = u;
  const y = (value: number) => u.valToPos(value, 'y', true);
  const clampY = (value: number) => Math.min(bbox.top + bbox.height, Math.max(bbox.top, y(value)));
  const fill = (from: number, to: number, colour: string) => {
    const top = clampY(Math.max(from, to));
    const bottom = clampY(Math.min(from, to));
    if (bottom - top > 0) {
      ctx.fillStyle = colour;
      ctx.fillRect(bbox.left, top, bbox.width, bottom - top);
    }
  };
  const far = 1e12;
  ctx.save();
  fill(warningMs, criticalMs, 'rgba(242, 169, 0, 0.22)');
  fill(-warningMs, -criticalMs, 'rgba(242, 169, 0, 0.22)');
  fill(criticalMs, far, 'rgba(217, 48, 37, 0.2)');
  fill(-criticalMs, -far, 'rgba(217, 48, 37, 0.2)');
  ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
  ctx.lineWidth = devicePixelRatio;
  for (const [value, colour] of [
    [warningMs, '#b07800'],
    [-warningMs, '#b07800'],
    [criticalMs, '#d93025'],
    [-criticalMs, '#d93025'],
  ] as const) {
    const at = y(value);
    if (at < bbox.top || at > bbox.top + bbox.height) continue;
    ctx.strokeStyle = colour;
    ctx.beginPath();
    ctx.moveTo(bbox.left, at);
    ctx.lineTo(bbox.left + bbox.width, at);
    ctx.stroke();
  }
  ctx.restore();
}

/** Half the width of a failed-poll mark, CSS pixels; it is 1.6 times as tall. */
const MARK_SIZE = 7;
/** One row of marks per server, in a strip above the plot (padding), so they never hide inside the critical band. */
const MARK_ROW = Math.ceil(MARK_SIZE * 1.6) + 3;
/** The strip's height for `servers` rows of marks (CSS pixels). */
const markStrip = (servers: number) => Math.max(1, servers) * MARK_ROW + 4;

/** A downward triangle in the strip above the plot at each bucket that had failed polls, one row per server. */
function drawFailures(u: uPlot, data: ChartData, dark: boolean): void {
  const { ctx, bbox } = u;
  const size = MARK_SIZE * devicePixelRatio;
  const rows = Math.max(1, data.servers.length);
  ctx.save();
  data.buckets.forEach((row, server) => {
    ctx.fillStyle = serverColour(server, dark);
    ctx.strokeStyle = dark ? '#000000' : '#ffffff';
    ctx.lineWidth = devicePixelRatio;
    const top = bbox.top - (rows - server) * MARK_ROW * devicePixelRatio;
    row.forEach((bucket, i) => {
      if (!bucket || bucket.failures === 0) return;
      const x = u.valToPos(data.times[i]!, 'x', true);
      if (x < bbox.left || x > bbox.left + bbox.width) return;
      ctx.beginPath();
      ctx.moveTo(x - size, top);
      ctx.lineTo(x + size, top);
      ctx.lineTo(x, top + size * 1.6);
      ctx.closePath();
      ctx.fill();
      ctx.stroke();
    });
  });
  ctx.restore();
}

const formatMs = (ms: number) => `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
const span = (min: number | null, max: number | null, format: (v: number) => string) =>
  min === null || max === null ? '—' : min === max ? format(min) : `${format(min)} … ${format(max)}`;

/** The read-out for bucket `i`: its time, then per server its exact min/max (one value when equal) and failures. */
export function readout(data: ChartData, i: number, lang: Language): string[] {
  const time = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'medium', hour12: false }).format(data.times[i]!);
  const lines = [time];
  data.buckets.forEach((row, s) => {
    const server = data.servers[s]!;
    const bucket = row[i];
    if (!bucket) {
      lines.push(translate(lang, 'status.readout-none', { server }));
      return;
    }
    if (bucket.samples > 0) {
      lines.push(
        translate(lang, 'status.readout-value', {
          server,
          offset: span(bucket.offsetMin, bucket.offsetMax, formatOffset),
          delay: span(bucket.delayMin, bucket.delayMax, formatMs),
        }),
      );
    }
    if (bucket.failures > 0) {
      const kinds = bucket.failureKinds.map((kind) => failureKindWord(kind, lang)).join(', ');
      lines.push(translate(lang, 'status.readout-failed', { server, count: bucket.failures, kinds }));
    }
  });
  return lines;
}

/** The offset and delay charts, sharing a cursor; rebuilt whole when the language, theme or thresholds change. */
export class StatusCharts {
  private readonly plots: uPlot[] = [];
  private data: ChartData = { times: [], servers: [], buckets: [] };

  constructor(
    private readonly offsetHost: HTMLElement,
    private readonly delayHost: HTMLElement,
    private readonly options: ChartOptions,
  ) {
    const sync = uPlot.sync(`ntp-monitor-${Math.random()}`);
    this.plots = [this.create(offsetHost, 'offset', sync, 260), this.create(delayHost, 'delay', sync, 160)];
  }

  /** The plot area's width in CSS pixels: what main is asked to downsample to. */
  get plotWidth(): number {
    return Math.max(1, Math.round(this.plots[0]!.bbox.width / devicePixelRatio));
  }

  show(series: Series[], from: number, to: number): void {
    const previous = this.data.servers.join('\n');
    this.data = alignSeries(series);
    if (previous !== this.data.servers.join('\n')) {
      // The servers changed: uPlot's series list is fixed at creation, so build the plots again.
      this.destroy();
      const sync = uPlot.sync(`ntp-monitor-${Math.random()}`);
      this.plots.push(this.create(this.offsetHost, 'offset', sync, 260), this.create(this.delayHost, 'delay', sync, 160));
    }
    for (const [plot, field] of [
      [this.plots[0]!, 'offset'],
      [this.plots[1]!, 'delay'],
    ] as const) {
      plot.batch(() => {
        plot.setData(columns(this.data, field), false);
        plot.setScale('x', { min: from, max: to });
      });
    }
  }

  resize(width: number): void {
    for (const plot of this.plots) plot.setSize({ width, height: plot.height });
  }

  destroy(): void {
    for (const plot of this.plots.splice(0)) plot.destroy();
  }

  private create(host: HTMLElement, field: Field, sync: uPlot.SyncPubSub, height: number): uPlot {
    const { lang, theme, warningMs, criticalMs } = this.options;
    const series: uPlot.Series[] = [{}];
    const bands: uPlot.Band[] = [];
    this.data.servers.forEach((server, s) => {
      const stroke = serverColour(s, theme.dark);
      const line = { stroke, width: 1.5, dash: serverDash(s), spanGaps: false, points: { show: false } };
      series.push({ ...line, label: `${server} max` }, { ...line, label: `${server} min` });
      bands.push({ series: [1 + 2 * s, 2 + 2 * s], fill: `${stroke}40` });
    });
    const axis = { stroke: theme.text, grid: { stroke: theme.grid, width: 1 }, ticks: { stroke: theme.grid, width: 1 } };
    const options: uPlot.Options = {
      width: this.options.width,
      height,
      ms: 1,
      // The offset chart keeps a strip above its plot for the failed-poll marks.
      ...(field === 'offset' && { padding: [markStrip(this.data.servers.length), null, null, null] as uPlot.Padding }),
      series,
      bands,
      legend: { show: false },
      cursor: { sync: { key: sync.key, setSeries: false }, drag: { x: true, y: false, setScale: false }, points: { show: false } },
      scales: {
        x: { time: true },
        y: {
          // The offset chart always shows the warning band's edge, so "how close to a warning" is visible at a glance.
          range: (_u, min, max) => {
            const low = field === 'offset' ? Math.min(min ?? 0, -warningMs * 1.15) : Math.min(min ?? 0, 0);
            const high = field === 'offset' ? Math.max(max ?? 0, warningMs * 1.15) : Math.max(max ?? 1, 1);
            const pad = (high - low) * 0.05;
            return [low - (field === 'offset' ? pad : 0), high + pad];
          },
        },
      },
      axes: [
        { ...axis, values: timeAxis(lang) },
        field === 'offset'
          ? { ...axis, size: 64, splits: (_u, _axis, min, max, step) => offsetSplits(min, max, step, warningMs), values: (_u, splits) => splits.map(offsetLabel) }
          : { ...axis, size: 64 },
      ],
      hooks: {
        drawClear: field === 'offset' ? [(u) => drawBands(u, warningMs, criticalMs)] : [],
        draw: field === 'offset' ? [(u) => drawFailures(u, this.data, theme.dark)] : [],
        setCursor: [
          (u) => {
            const i = u.cursor.idx;
            this.options.onHover(i === null || i === undefined || this.data.times[i] === undefined ? [] : readout(this.data, i, lang));
          },
        ],
        setSelect: [
          (u) => {
            if (u.select.width < 2) return;
            const from = Math.round(u.posToVal(u.select.left, 'x'));
            const to = Math.round(u.posToVal(u.select.left + u.select.width, 'x'));
            u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            this.options.onZoom(from, to);
          },
        ],
      },
    };
    host.replaceChildren();
    const plot = new uPlot(options, columns(this.data, field), host);
    host.setAttribute('role', 'img');
    host.setAttribute('aria-label', translate(lang, field === 'offset' ? 'status.offset-chart' : 'status.delay-chart'));
    return plot;
  }
}

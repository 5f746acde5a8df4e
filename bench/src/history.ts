/**
 * History store costs: writing one result (against what the sample log costs the polling thread for it), the time from opening a month of 10 servers polled every 64 s (about 400,000 rows) to chart-ready series,
 * exporting that month as CSV, and the file's size per server-month.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvRecord } from '../../main/history/export.js';
import { HistoryReader } from '../../main/history/reader.js';
import type { HistoryRow } from '../../main/history/rows.js';
import { HistoryStore } from '../../main/history/store.js';
import type { ResultEvent } from '../../main/judging/events.js';
import { SampleLog } from '../../main/sinks/sample-log.js';
import { sampleResult, status, timeoutResult } from '#fixtures/results.js';
import { seededRandom } from '#fixtures/seeded-random.js';
import { spread, type Spread } from './stats.js';

export interface HistoryBenchResult {
  /** Microseconds per result, each timed alone. */
  writeUs: Spread;
  /** The sample log's cost on the polling thread per result (its file is written in the background). */
  logLineUs: Spread;
  month: { servers: number; intervalSeconds: number; days: number; rows: number; fillSeconds: number };
  /** Milliseconds from opening the file to the chart series (budget 1000 points per server), 5 cold opens. */
  openToSeriesMs: Spread;
  /** The same, CPU time of this thread only: less sensitive than wall time to other programs on a busy machine. */
  openToSeriesCpuMs: Spread;
  seriesBuckets: number;
  /** Milliseconds to read every row of the month and format it as CSV. */
  exportMs: number;
  /** File size (WAL checkpointed on close) divided by servers. */
  bytesPerServerMonth: number;
}

const SERVERS = 10;
const INTERVAL_MS = 64_000;
const DAYS = 30;
const WRITES = 2_000;
const BUDGET = 1_000;

function row(at: number, server: string, random: () => number): HistoryRow {
  // About 1 % failures, as a monitor of healthy servers sees timeouts now and then.
  const failed = random() < 0.01;
  return {
    at, server, state: 'ok', ok: !failed, offsetMs: failed ? null : (random() - 0.5) * 4, delayMs: failed ? null : 20 + random() * 10,
    jitterMs: null, stratum: failed ? null : 2, errorKind: failed ? 'timeout' : null, errorMessage: failed ? `No reply from ${server} within 5000 ms.` : null,
    // Why (schema 2), as a monitor of ten agreeing servers records it: every column filled but a timeout's code.
    selection: failed ? null : 'truechimer', falseticker: false, authenticated: failed ? null : false, clockState: 'ok',
    consensusOffsetMs: (random() - 0.5) * 0.5, errorCode: null,
  };
}

/** The scheduler's event for a row, as the sample log receives it. */
function eventOf(r: HistoryRow): ResultEvent {
  const result = r.ok ? sampleResult(r.server, r.offsetMs!, r.at) : timeoutResult(r.server, r.at);
  return { server: r.server, result, status: status(r.server, r.state, result), knownAt: r.at };
}

/** CPU time (user + system) of this thread, µs: the bench runs on the main thread, and SQLite runs on it. */
function threadCpuUs(): number {
  const { user, system } = process.threadCpuUsage();
  return user + system;
}

function timeEach(times: number, work: (i: number) => void): Spread {
  const us: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    work(i);
    us.push((performance.now() - start) * 1000);
  }
  return spread(us);
}

export async function benchHistory(): Promise<HistoryBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'ntp-monitor-bench-history-'));
  try {
    const random = seededRandom(11);
    const servers = Array.from({ length: SERVERS }, (_, i) => `ntp${i}.example.net:123`);
    const end = Date.UTC(2026, 10, 1);
    const start = end - DAYS * 86_400_000;
    const file = join(dir, 'history.sqlite');
    const trouble = (message: string) => {
      throw new Error(message);
    };
    const store = await HistoryStore.open({ file, language: 'en', onTrouble: trouble, now: () => end });

    const fillStart = performance.now();
    let rows = 0;
    for (let at = start; at < end; at += INTERVAL_MS) {
      for (const [i, server] of servers.entries()) {
        store.record(row(at + i * 97, server, random));
        rows++;
      }
    }
    const fillSeconds = (performance.now() - fillStart) / 1000;
    // Measured on the full month: a monitor writes into a big file, not an empty one.
    const writeUs = timeEach(WRITES, (i) => store.record(row(end + i, servers[i % SERVERS]!, random)));
    store.close();
    // What the sample log costs the polling thread per result: the line is formatted and buffered here, and written
    // to its file in the background.
    const log = new SampleLog({ language: 'en', file: join(dir, 'samples.log') });
    const logLineUs = timeEach(WRITES, (i) => log.result(eventOf(row(end + i, servers[i % SERVERS]!, random))));
    await log.close();

    const opens: number[] = [];
    const cpu: number[] = [];
    let seriesBuckets = 0;
    for (let i = 0; i < 5; i++) {
      const begin = performance.now();
      const cpuBegin = threadCpuUs();
      const reader = await HistoryReader.open(file);
      const series = reader.series({ from: start, to: end, budget: BUDGET });
      opens.push(performance.now() - begin);
      cpu.push((threadCpuUs() - cpuBegin) / 1000);
      seriesBuckets = series.reduce((n, s) => n + s.buckets.length, 0);
      reader.close();
    }

    const exportStart = performance.now();
    const reader = await HistoryReader.open(file);
    let bytes = 0;
    for (const r of reader.rows({ from: start, to: end })) bytes += csvRecord(r).length;
    reader.close();
    const exportMs = performance.now() - exportStart;
    if (bytes === 0) throw new Error('the export read no rows');

    return {
      writeUs,
      logLineUs,
      month: { servers: SERVERS, intervalSeconds: INTERVAL_MS / 1000, days: DAYS, rows, fillSeconds },
      openToSeriesMs: spread(opens),
      openToSeriesCpuMs: spread(cpu),
      seriesBuckets,
      exportMs,
      bytesPerServerMonth: statSync(file).size / SERVERS,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

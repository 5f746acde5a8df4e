/**
 * `npm run bench`: accuracy against chronyd and python3-ntplib, cold start, bursts on a noisy path, poll cost and
 * scale, detection latency, footprint over time, NTS cost, history store costs, the cost of a time-service read. Prints tables and writes
 * bench/results.json. Sections can be named to run only those (a partial run replaces only them in the file):
 * `node bench/run.mjs accuracy bursts scale detection footprint nts history daemon`.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { benchAccuracy } from './accuracy.js';
import { benchBursts } from './bursts.js';
import { benchDaemon } from './daemon.js';
import { benchDetection } from './detection.js';
import { benchFootprint } from './footprint.js';
import { benchHistory } from './history.js';
import { machineInfo } from './machine.js';
import { benchNts } from './nts.js';
import { accuracyTable, burstTable, coldStartTable, daemonTable, detectionTable, footprintTable, historyTable, machineLine, ntsTable, scaleTable } from './report.js';
import { benchScale, scaleMonitorRole, scaleServersRole } from './scale.js';

const RESULTS = new URL('../results.json', import.meta.url);
const SECTIONS = ['accuracy', 'bursts', 'scale', 'detection', 'footprint', 'nts', 'history', 'daemon'] as const;

async function main(): Promise<void> {
  const role = process.argv[2];
  if (role === 'scale-servers') return scaleServersRole();
  if (role === 'scale-monitor') return scaleMonitorRole();

  const asked = process.argv.slice(2);
  const wanted = new Set(asked.length > 0 ? asked : SECTIONS);
  const unknown = [...wanted].filter((s) => !(SECTIONS as readonly string[]).includes(s));
  if (unknown.length > 0) {
    console.error(`bench: unknown section(s): ${unknown.join(', ')}. Known: ${SECTIONS.join(', ')} (none = all).`);
    process.exitCode = 2;
    return;
  }

  const machine = machineInfo();
  const results: Record<string, unknown> = { machine };
  const tables: string[] = [machineLine(machine)];
  const show = (text: string) => {
    tables.push(text);
    console.log(`\n${text}`);
  };
  console.log(tables[0]);

  const failed: string[] = [];
  // A section that cannot run (chronyd or python3-ntplib missing) says why; the others still run.
  const section = async (name: (typeof SECTIONS)[number], work: () => Promise<void>) => {
    if (!wanted.has(name)) return;
    try {
      await work();
    } catch (error) {
      failed.push(name);
      show(`${name}: not measured: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  await section('accuracy', async () => {
    const { accuracy, coldStart } = await benchAccuracy();
    Object.assign(results, { accuracy, coldStart });
    show(accuracyTable(accuracy));
    show(coldStartTable(coldStart));
  });
  await section('bursts', async () => {
    const bursts = await benchBursts();
    results.bursts = bursts;
    show(burstTable(bursts));
  });
  await section('scale', async () => {
    const scale = await benchScale();
    results.scale = scale;
    show(scaleTable(scale));
  });
  await section('detection', async () => {
    const detection = await benchDetection();
    results.detection = detection;
    show(detectionTable(detection));
  });
  await section('footprint', async () => {
    const footprint = await benchFootprint();
    results.footprint = footprint;
    show(footprintTable(footprint));
  });
  await section('nts', async () => {
    const nts = await benchNts();
    results.nts = nts;
    show(ntsTable(nts));
  });
  await section('history', async () => {
    const history = await benchHistory();
    results.history = history;
    show(historyTable(history));
  });
  await section('daemon', async () => {
    const daemon = await benchDaemon();
    results.daemon = daemon;
    show(daemonTable(daemon));
  });
  if (failed.length > 0) process.exitCode = 1;
  if (wanted.size < SECTIONS.length) {
    if (failed.length === wanted.size) return console.log('\nNothing measured: bench/results.json left as it was.');
    return mergePartialRun(results, tables.slice(1), [...wanted]);
  }
  results.tables = tables.join('\n\n');
  writeFileSync(RESULTS, JSON.stringify(results, null, 2) + '\n');
  console.log(`\nWrote ${RESULTS.pathname}`);
}

/**
 * A partial run replaces only its own sections in bench/results.json (keeping the other sections' full run), and
 * adds its tables under a line naming the machine and date of this run, so that no figure loses its provenance.
 */
function mergePartialRun(results: Record<string, unknown>, tables: string[], sections: string[]): void {
  const old = existsSync(RESULTS) ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as Record<string, unknown>) : {};
  const { machine, ...measured } = results;
  const partial = (old.partialRuns as Record<string, unknown> | undefined) ?? {};
  for (const name of sections) partial[name] = { machine, tables: tables.join('\n\n') };
  writeFileSync(RESULTS, JSON.stringify({ ...old, ...measured, partialRuns: partial }, null, 2) + '\n');
  console.log(`\nPartial run: ${sections.join(', ')} replaced in ${RESULTS.pathname}; the other sections are left as they were.`);
}

await main();

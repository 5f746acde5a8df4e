/** `ntp-monitor check`: query each server once, concurrently; print a table or JSON; exit as a monitoring plugin. */
import { parseArgs } from 'node:util';
import { printable } from '../i18n/display.js';
import { languageFromLocale, localeFromEnv, translate, type Language } from '../i18n/translate.js';
import { queryServer } from '../ntp/query.js';
import type { QueryResult } from '../sample/sample.js';
import { commandLineLayer, settingsFromLayers } from '../settings/config-file.js';
import { numeric } from '../settings/numbers.js';
import { defaultSettings } from '../settings/settings.js';
import { detectSystemServers } from '../settings/system-server.js';
import { classifyOffset } from '../state/classify.js';
import { formatOffset } from '../transitions/describe.js';
import { parseOrExplain } from './args.js';
import { EXIT, type CliIo } from './exit-codes.js';

export const CHECK_HELP = `Usage: ntp-monitor check [SERVER...] [--warning S] [--critical S] [--timeout MS] [--json]

Queries each SERVER once (all at the same time) and reports its clock offset from this computer.
With no SERVER, checks the time server this computer is configured to use (else time.cloudflare.com).

SERVER       host, host:port, IPv4 (192.0.2.1, 192.0.2.1:123), IPv6 (::1, [::1]:123)
--warning S  WARNING when |offset| >= S seconds (decimals allowed; default 0.1)
--critical S CRITICAL when |offset| >= S seconds (default 1; must be >= --warning)
--timeout MS wait at most MS milliseconds for each reply (100-60000; default 5000)
--json       print a JSON array, one object per server
--help       show this help

Offset is signed: positive when the server is ahead of this computer (as ntpdate prints it).
Exit status: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (a server could not be measured, or bad arguments).
The worst server decides: CRITICAL, then WARNING, then UNKNOWN, then OK.
`;

type CheckState = 'ok' | 'warning' | 'critical' | 'unknown';

export interface CheckRow {
  server: string;
  host: string | null;
  port: number | null;
  address: string | null;
  ok: boolean;
  offsetMs: number | null;
  delayMs: number | null;
  stratum: number | null;
  leap: number | null;
  refId: string | null;
  rootDelayMs: number | null;
  rootDispersionMs: number | null;
  version: number | null;
  state: CheckState;
  error: { kind: string; message: string; code?: string } | null;
  at: string;
}

const EXIT_PRIORITY: CheckState[] = ['critical', 'warning', 'unknown', 'ok'];

export async function runCheck(args: string[], io: CliIo): Promise<number> {
  const lang = languageFromLocale(localeFromEnv(io.env));
  const parsed = parseOrExplain('check', CHECK_HELP, io, () =>
    parseArgs({
      args,
      allowPositionals: true,
      options: {
        warning: { type: 'string' },
        critical: { type: 'string' },
        timeout: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }),
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const flags = commandLineLayer(
    { warningSeconds: numeric(values.warning), criticalSeconds: numeric(values.critical), timeoutMs: numeric(values.timeout) },
    { warningSeconds: '--warning', criticalSeconds: '--critical', timeoutMs: '--timeout' },
  );
  const validation = settingsFromLayers([flags], defaultSettings(), lang);
  if (!validation.ok) {
    for (const problem of validation.problems) io.stderr.write(`ntp-monitor check: ${problem}\n`);
    return EXIT.unknown;
  }
  const settings = validation.settings;
  const servers = positionals.length > 0 ? positionals : await detectSystemServers();
  const results = await Promise.all(servers.map((server) => queryServer(server, { timeoutMs: settings.timeoutMs, language: lang })));
  const rows = results.map((result) => toRow(result, settings));
  io.stdout.write(values.json ? JSON.stringify(rows, null, 2) + '\n' : renderText(rows, settings, lang));
  const worst = EXIT_PRIORITY.find((state) => rows.some((row) => row.state === state)) ?? 'unknown';
  return EXIT[worst];
}

function toRow(result: QueryResult, thresholds: { warningSeconds: number; criticalSeconds: number }): CheckRow {
  if (!result.ok) {
    const f = result.failure;
    return {
      server: f.server,
      host: f.host ?? null,
      port: f.port ?? null,
      address: f.address ?? null,
      ok: false,
      offsetMs: null,
      delayMs: null,
      stratum: null,
      leap: null,
      refId: null,
      rootDelayMs: null,
      rootDispersionMs: null,
      version: null,
      state: 'unknown',
      error: { kind: f.kind, message: f.message, ...(f.code ? { code: f.code } : {}) },
      at: new Date(f.at).toISOString(),
    };
  }
  const s = result.sample;
  return {
    server: s.server,
    host: s.host,
    port: s.port,
    address: s.address,
    ok: true,
    offsetMs: round(s.offsetMs),
    delayMs: round(s.delayMs),
    stratum: s.stratum,
    leap: s.leap,
    refId: s.refId,
    rootDelayMs: round(s.rootDelayMs),
    rootDispersionMs: round(s.rootDispersionMs),
    version: s.version,
    state: classifyOffset(s.offsetMs, thresholds) as CheckState,
    error: null,
    at: new Date(s.at).toISOString(),
  };
}

/** Microsecond resolution is all an NTP exchange over a network can honestly claim. */
function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** Every cell and error line is made printable: a server name holding a newline must not forge a row. */
function renderText(rows: CheckRow[], settings: { warningSeconds: number; criticalSeconds: number }, lang: Language): string {
  const header = ['SERVER', 'STATE', 'OFFSET', 'DELAY', 'STRATUM', 'REFID', 'ADDRESS'];
  const cells = rows.map((r) => [
    r.server,
    translate(lang, `state.${r.state}`),
    r.offsetMs === null ? '-' : formatOffset(r.offsetMs),
    r.delayMs === null ? '-' : `${r.delayMs.toFixed(3)} ms`,
    r.stratum === null ? '-' : String(r.stratum),
    r.refId ?? '-',
    r.address ?? '-',
  ]);
  const table = cells.map((row) => row.map(printable));
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => displayWidth(row[i]!))));
  const line = (cells: string[]) => cells.map((c, i) => c + ' '.repeat(widths[i]! - displayWidth(c))).join('  ').trimEnd();
  const errors = rows.filter((r) => r.error).map((r) => `  ${printable(r.server)}: ${printable(r.error!.message)}`);
  const thresholds = `warning ${settings.warningSeconds} s, critical ${settings.criticalSeconds} s`;
  return [line(header), ...table.map(line), ...(errors.length ? ['', ...errors] : []), '', `(${thresholds})`, ''].join('\n');
}

/** CJK characters take two terminal columns. */
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return width;
}

/**
 * Windows Time's state, read by running `w32tm /query /status /verbose` and parsed by line position and value shape
 * rather than by label, since the labels are translated. Written from Microsoft's documented output and tested
 * against a stand-in w32tm; never run against a real Windows.
 */
import type { DaemonFailure, Parsed } from './daemon-failure.js';
import { toolFailure, toolRunner, type RunTool } from './run-tool.js';

export interface W32tmStatus {
  /** 0-3; 3 is "not synchronized". */
  leap: 0 | 1 | 2 | 3;
  /** 0 is "unspecified": not synchronised. */
  stratum: number;
  rootDelayS: number;
  rootDispersionS: number;
  /**
   * The time source: a server name (w32tm's ",0x9"-style flags removed), or "Local CMOS Clock" / "Free-running
   * System Clock" when it has none.
   */
  source: string;
  /** Poll interval as log2 seconds. */
  pollLog2: number;
  /** /verbose only: "Phase Offset" (s); its sign is not documented, so it is kept as printed. */
  phaseOffsetS: number | null;
  /** /verbose only: "Time since Last Good Sync Time" (s). */
  sinceLastGoodSyncS: number | null;
}

/** A read's status, or why it failed. */
export type W32tmRead = { ok: true; status: W32tmStatus } | { ok: false; failure: DaemonFailure };

/** w32tm's status is about a kilobyte; the parser refuses more than this anyway. */
const MAX_OUTPUT = 16 * 1024;
const ARGS = ['/query', '/status', '/verbose'];
const COMMAND = 'w32tm /query /status /verbose';

/**
 * Windows' error codes, which w32tm prints in every language: the Windows Time service is not started
 * (ERROR_SERVICE_NOT_ACTIVE), or this user may not ask it (E_ACCESSDENIED).
 */
const NOT_STARTED = /0x80070426\b/i;
const ACCESS_DENIED = /0x80070005\b/i;

/** Runs w32tm (default: the real one, found on PATH) and parses its status; never throws. */
export async function readW32time(options: { timeoutMs: number; run?: RunTool }): Promise<W32tmRead> {
  const run = options.run ?? toolRunner(MAX_OUTPUT);
  let stdout: string;
  try {
    stdout = await run('w32tm', ARGS, options.timeoutMs);
  } catch (error) {
    const printed = error as { stdout?: unknown; stderr?: unknown };
    return { ok: false, failure: w32tmError(`${printed.stdout ?? ''}${printed.stderr ?? ''}`) ?? toolFailure(error, 'w32tm', COMMAND) };
  }
  // A status first: a ReferenceId may look like an error code (0x80070005 is also the address 128.7.0.5).
  const parsed = parseW32tmStatus(stdout);
  if (!parsed.ok) return { ok: false, failure: w32tmError(stdout) ?? { kind: 'invalid-reply', command: COMMAND, check: parsed.check } };
  // /verbose was asked for: without its phase offset there is no belief to check.
  if (parsed.value.phaseOffsetS === null) return { ok: false, failure: { kind: 'invalid-reply', command: COMMAND, check: 'phase-offset' } };
  return { ok: true, status: parsed.value };
}

/** The failure w32tm's own error message names, by its code (the words are translated, the codes are not). */
function w32tmError(text: string): DaemonFailure | null {
  if (NOT_STARTED.test(text)) return { kind: 'not-running' };
  if (ACCESS_DENIED.test(text)) return { kind: 'refused', how: 'w32time-denied' };
  return null;
}

/** Most lines the output may have; w32tm prints 17. */
const MAX_LINES = 64;
/** A seconds value: digits with either decimal separator, then "s". */
const SECONDS = /^(-?\d+(?:[.,]\d+)?)s\b/;

/** Sources Windows names when it follows no server (English names; a translated one still reads as a source). */
const NO_SOURCE = /^(Local CMOS Clock|Free-running System Clock)$/i;

function seconds(value: string | undefined): number | undefined {
  const m = SECONDS.exec(value ?? '');
  return m ? Number(m[1]!.replace(',', '.')) : undefined;
}

/** The status, or the check that failed (the first value that does not have its expected shape). */
export function parseW32tmStatus(text: string): Parsed<W32tmStatus> {
  if (text.length > MAX_OUTPUT) return { ok: false, check: 'size' };
  // "Label: value" lines, blank lines dropped; a full-width colon is accepted for East Asian translations.
  const values = text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => /^[^:\uFF1A]+[:\uFF1A]\s*(.*)$/.exec(line)?.[1]?.trim());
  if (values.length < 9 || values.length > MAX_LINES || values.some((v) => v === undefined)) return { ok: false, check: 'lines' };
  const [leapText, stratumText, , delayText, dispersionText, , , source, pollText, phaseText, , , , , , sinceText] = values as string[];
  const leap = /^([0-3])\b/.exec(leapText!)?.[1];
  if (leap === undefined) return { ok: false, check: 'leap' };
  const stratum = /^(\d{1,2})\b/.exec(stratumText!)?.[1];
  if (stratum === undefined || Number(stratum) > 16) return { ok: false, check: 'stratum' };
  const rootDelayS = seconds(delayText);
  if (rootDelayS === undefined || rootDelayS < 0) return { ok: false, check: 'root-delay' };
  const rootDispersionS = seconds(dispersionText);
  if (rootDispersionS === undefined || rootDispersionS < 0) return { ok: false, check: 'root-dispersion' };
  if (!source) return { ok: false, check: 'source' };
  // "time.windows.com,0x9": the flags w32tm configured the peer with are not part of its name.
  const sourceName = source.replace(/,0x[0-9a-f]+$/i, '');
  const poll = /^(-?\d{1,2})\b/.exec(pollText!)?.[1];
  if (poll === undefined) return { ok: false, check: 'poll-interval' };
  const phaseOffsetS = phaseText === undefined ? null : (seconds(phaseText) ?? null);
  const sinceLastGoodSyncS = sinceText === undefined ? null : (seconds(sinceText) ?? null);
  return { ok: true, value: { leap: Number(leap) as 0 | 1 | 2 | 3, stratum: Number(stratum), rootDelayS, rootDispersionS, source: sourceName, pollLog2: Number(poll), phaseOffsetS, sinceLastGoodSyncS } };
}

/** Windows follows a time source: leap not 3, a stratum, and a source that is not the local clock. */
export function w32tmSynchronized(status: W32tmStatus): boolean {
  return status.leap !== 3 && status.stratum > 0 && status.stratum < 16 && !NO_SOURCE.test(status.source);
}

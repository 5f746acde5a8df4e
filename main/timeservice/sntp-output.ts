/**
 * macOS's timed as far as it can be read without privileges: it has no query interface and its state file is
 * root's, so the reader measures the server timed follows with `sntp HOST` (without -s: it only measures) and parses
 * the result. Written from sntp's documented output (ntp 4.2.8's sntp, which macOS ships) and tested against a
 * stand-in sntp; never run on a real Mac.
 */
import type { DaemonFailure, Parsed } from './daemon-failure.js';
import { toolFailure, toolRunner, type RunTool } from './run-tool.js';

/** One server sntp measured: its offset (s) with RFC 5905's sign (positive when the server is ahead), and error. */
export interface SntpLine {
  offsetS: number;
  errorS: number;
  host: string;
  address: string;
  stratum: number | null;
  /** "no-leap", "add-leap", "del-leap" or "unsync" (sntp's words), null when not printed. */
  leap: string | null;
}

/** A read: the server timed follows as sntp measured it just now, or why it failed. */
export type TimedRead = { ok: true; line: SntpLine } | { ok: false; failure: DaemonFailure };

/** sntp prints a line per address; the parser refuses more than this anyway. */
const MAX_OUTPUT = 16 * 1024;
/** Where macOS keeps the server set in System Settings (`server time.apple.com.`), readable by every user. */
const NTP_CONF = '/etc/ntp.conf';
/** macOS's default server, when that file names none. */
export const DEFAULT_TIMED_SERVER = 'time.apple.com';
/** A host name or address, never an option: sntp takes what starts with "-" as one. */
const HOST = /^[A-Za-z0-9][A-Za-z0-9.:-]{0,252}$/;

/** The server timed follows: the first `server` line of ntp.conf (its trailing dot dropped), else Apple's. */
async function timedServer(confPath = NTP_CONF): Promise<string> {
  // Loaded here: every `check` carries this reader, and node:fs/promises costs about 1 ms of its start (issue 19).
  const { readFile } = await import('node:fs/promises');
  const text = await readFile(confPath, 'latin1').catch(() => '');
  const named = /^\s*server\s+(\S+)/m.exec(text.slice(0, 64 * 1024))?.[1]?.replace(/\.$/, '');
  return named !== undefined && HOST.test(named) ? named : DEFAULT_TIMED_SERVER;
}

/** Runs `sntp SERVER` (default: the real one, found on PATH) and takes its first result; never throws. */
export async function readTimed(options: { timeoutMs: number; run?: RunTool; confPath?: string }): Promise<TimedRead> {
  const run = options.run ?? toolRunner(MAX_OUTPUT);
  const server = await timedServer(options.confPath);
  const command = `sntp ${server}`;
  let stdout: string;
  try {
    stdout = await run('sntp', [server], options.timeoutMs);
  } catch (error) {
    return { ok: false, failure: toolFailure(error, 'sntp', command) };
  }
  const parsed = parseSntpOutput(stdout);
  return parsed.ok ? { ok: true, line: parsed.value[0]! } : { ok: false, failure: { kind: 'invalid-reply', command, check: parsed.check } };
}

/** A result line: an optional date and zone, then "+0.003192 +/- 0.021149 host address [sN] [leap]". */
const LINE = /(?:^|\s)([+-]\d+\.\d+) \+\/- (\d+\.\d+) (\S+) (\S+)(?: s(\d{1,2}))?(?: (no-leap|add-leap|del-leap|unsync))?\s*$/;

/** Every result line; lines that are not results (sntp's banner, "sntp 4.2.8p..." ) are skipped; none at all fails. */
export function parseSntpOutput(text: string): Parsed<SntpLine[]> {
  if (text.length > MAX_OUTPUT) return { ok: false, check: 'size' };
  const lines: SntpLine[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = LINE.exec(line);
    if (!m) continue;
    const stratum = m[5] === undefined ? null : Number(m[5]);
    if (stratum !== null && stratum > 16) return { ok: false, check: 'stratum' };
    lines.push({ offsetS: Number(m[1]), errorS: Number(m[2]), host: m[3]!, address: m[4]!, stratum, leap: m[6] ?? null });
  }
  return lines.length > 0 ? { ok: true, value: lines } : { ok: false, check: 'no-result' };
}

/**
 * Reads systemd-timesyncd's state from org.freedesktop.timesync1 on the system bus through `busctl --json=short`
 * (systemd's own client, present wherever timesyncd is): the server, its poll interval and the last NTP message.
 * The output is bounded in time and size and every value is checked; never throws.
 */
import { existsSync } from 'node:fs';
import type { DaemonFailure, Parsed } from './daemon-failure.js';
import { ipFamily } from '../ntp/ip-literal.js';
import { toolFailure, toolRunner } from './run-tool.js';

/** The last NTP exchange as timesyncd kept it (NTPMessage): µs and µs since the Unix epoch, RFC 5905 fields. */
export interface TimesyncMessage {
  leap: 0 | 1 | 2 | 3;
  stratum: number;
  rootDelayUs: number;
  rootDispersionUs: number;
  /** Origin, receive, transmit and destination timestamps (µs since the Unix epoch; 0 before the first sync). */
  t1Us: number;
  t2Us: number;
  t3Us: number;
  t4Us: number;
  /** timesyncd ignored this sample as a spike. */
  spike: boolean;
  packetCount: number;
  jitterUs: number;
}

/** What one read found: the server timesyncd uses, its poll interval (s) and its last NTP exchange. */
export interface TimesyncdReport {
  serverName: string;
  /** The server's address; null when it has none yet. */
  serverAddress: string | null;
  pollIntervalS: number;
  message: TimesyncMessage;
}

/** A read's report, or why it failed. */
export type TimesyncdRead = { ok: true; report: TimesyncdReport } | { ok: false; failure: DaemonFailure };

/** Runs a program; rejects like execFile (code ENOENT when missing, `killed` on timeout, stderr attached). */
export type RunBusctl = (args: string[], timeoutMs: number) => Promise<string>;

/** busctl's output for four properties is a few hundred bytes; more is not timesyncd. */
const MAX_OUTPUT = 16 * 1024;

const PROPERTIES = ['ServerName', 'ServerAddress', 'PollIntervalUSec', 'NTPMessage'] as const;
const TYPES = ['s', '(iay)', 't', '(uuuuittayttttbtt)'] as const;

/** The real busctl (through the readers' one tool runner); `busAddress` (tests) replaces the system bus. */
export function runBusctl(busAddress?: string): RunBusctl {
  const run = toolRunner(MAX_OUTPUT);
  return (args, timeoutMs) => run('busctl', [...(busAddress ? [`--address=${busAddress}`] : ['--system']), ...args], timeoutMs);
}

/** Where the system bus listens (D-Bus's default), unless DBUS_SYSTEM_BUS_ADDRESS says otherwise. */
const SYSTEM_BUS_SOCKETS = ['/run/dbus/system_bus_socket', '/var/run/dbus/system_bus_socket'];

/**
 * Reads timesyncd through `run` (default: busctl on the system bus). With no system bus at all (a container, a CI
 * machine) it says not running without spawning busctl: `auto` asks on every check, and a spawn costs ~50 ms.
 */
export async function readTimesyncd(options: { timeoutMs: number; run?: RunBusctl }): Promise<TimesyncdRead> {
  if (!options.run && !process.env.DBUS_SYSTEM_BUS_ADDRESS && !SYSTEM_BUS_SOCKETS.some((path) => existsSync(path))) return { ok: false, failure: { kind: 'not-running' } };
  const run = options.run ?? runBusctl();
  let stdout: string;
  try {
    stdout = await run(['--json=short', 'get-property', 'org.freedesktop.timesync1', '/org/freedesktop/timesync1', 'org.freedesktop.timesync1.Manager', ...PROPERTIES], options.timeoutMs);
  } catch (error) {
    return { ok: false, failure: busctlFailure(error) };
  }
  return parseBusctlOutput(stdout);
}

/** What a failed busctl run means: a failed run as every tool's, then what its (C locale) message says. */
export function busctlFailure(error: unknown): DaemonFailure {
  const failure = toolFailure(error, 'busctl', 'get-property');
  if (failure.kind !== 'status') return failure;
  const stderr = typeof (error as { stderr?: unknown }).stderr === 'string' ? (error as { stderr: string }).stderr : '';
  if (/access denied|accessdenied|not allowed|permission denied/i.test(stderr)) return { kind: 'refused', how: 'dbus-denied' };
  // No owner of the name (timesyncd not running), or no system bus at all (a container, a machine without systemd).
  if (/not provided by any|ServiceUnknown|was not found|Unit .* not found|Failed to (connect|create bus)|No such file or directory|Connection refused/i.test(stderr)) return { kind: 'not-running' };
  return failure;
}

/** busctl's four lines, one JSON value with its D-Bus type per property, checked type by type and field by field. */
export function parseBusctlOutput(stdout: string): TimesyncdRead {
  const bad = (check: string): TimesyncdRead => ({ ok: false, failure: { kind: 'invalid-reply', command: 'get-property', check } });
  if (stdout.length > MAX_OUTPUT) return bad('size');
  const lines = stdout.split('\n').filter((line) => line.trim() !== '');
  if (lines.length !== PROPERTIES.length) return bad('property-count');
  const data: unknown[] = [];
  for (const [i, line] of lines.entries()) {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return bad('json');
    }
    const typed = value as { type?: unknown; data?: unknown } | null;
    if (typeof typed !== 'object' || typed === null || typed.type !== TYPES[i]) return bad(`type-${PROPERTIES[i]}`);
    data.push(typed.data);
  }
  const [name, address, poll, message] = data;
  if (typeof name !== 'string' || name.length > 255) return bad('ServerName');
  const serverAddress = addressOf(address);
  if (!serverAddress.ok) return bad(serverAddress.check);
  if (!isCount(poll) || poll === 0) return bad('PollIntervalUSec');
  const decoded = messageOf(message);
  if (!decoded.ok) return bad(decoded.check);
  return { ok: true, report: { serverName: name, serverAddress: serverAddress.value, pollIntervalS: poll / 1e6, message: decoded.value } };
}

function isCount(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
}

function isByte(x: unknown): x is number {
  return Number.isInteger(x) && (x as number) >= 0 && (x as number) <= 255;
}

/** ServerAddress (iay): AF_INET 2 with 4 bytes, AF_INET6 10 with 16, or nothing yet. */
function addressOf(x: unknown): Parsed<string | null> {
  if (!Array.isArray(x) || x.length !== 2 || !Array.isArray(x[1]) || !x[1].every(isByte)) return { ok: false, check: 'ServerAddress' };
  const [family, bytes] = x as [unknown, number[]];
  if (bytes.length === 0) return { ok: true, value: null };
  if (family === 2 && bytes.length === 4 && ipFamily(bytes.join('.')) === 4) return { ok: true, value: bytes.join('.') };
  if (family === 10 && bytes.length === 16) {
    const groups = Array.from({ length: 8 }, (_, i) => ((bytes[2 * i]! << 8) | bytes[2 * i + 1]!).toString(16));
    const text = groups.join(':');
    if (ipFamily(text) === 6) return { ok: true, value: text };
  }
  return { ok: false, check: 'ServerAddress' };
}

/** NTPMessage (uuuuittayttttbtt). */
function messageOf(x: unknown): Parsed<TimesyncMessage> {
  const bad = { ok: false as const, check: 'NTPMessage' };
  if (!Array.isArray(x) || x.length !== 15) return bad;
  const [leap, version, mode, stratum, precision, rootDelayUs, rootDispersionUs, reference, t1Us, t2Us, t3Us, t4Us, spike, packetCount, jitterUs] = x as unknown[];
  if (!isCount(leap) || leap > 3) return { ok: false, check: 'NTPMessage-leap' };
  if (!isCount(version) || version > 7 || !isCount(mode) || mode > 7) return bad;
  if (!isCount(stratum) || stratum > 16) return { ok: false, check: 'NTPMessage-stratum' };
  if (!Number.isInteger(precision) || Math.abs(precision as number) > 64) return bad;
  if (!Array.isArray(reference) || reference.length !== 4 || !reference.every(isByte)) return bad;
  const counts = [rootDelayUs, rootDispersionUs, t1Us, t2Us, t3Us, t4Us, packetCount, jitterUs];
  if (!counts.every(isCount) || typeof spike !== 'boolean') return bad;
  return {
    ok: true,
    value: { leap: leap as 0 | 1 | 2 | 3, stratum, rootDelayUs: rootDelayUs as number, rootDispersionUs: rootDispersionUs as number, t1Us: t1Us as number, t2Us: t2Us as number, t3Us: t3Us as number, t4Us: t4Us as number, spike, packetCount: packetCount as number, jitterUs: jitterUs as number },
  };
}

/**
 * The kernel's clock discipline state (adjtimex with no modes: a read, no privileges) as printed by `adjtimex
 * --print` or ntpsec's/ntp's `ntptime`: Node has no adjtimex and the user's machine no compiler, so one of those
 * programs is run when present. Parsers are strict; the read never throws.
 */
import type { DaemonFailure, Parsed } from './daemon-failure.js';
import { toolFailure, toolRunner, type RunTool } from './run-tool.js';

/** STA_UNSYNC (timex.h): the kernel's own "not synchronised" bit, set until a daemon clears it. */
export const STA_UNSYNC = 0x40;
/** STA_NANO: adjtimex's offset is in ns instead of µs. */
const STA_NANO = 0x2000;
/** The kernel pins maxerror here (NTP_PHASE_LIMIT, 16 s) when no daemon has updated it for hours. */
export const MAXERROR_LIMIT_US = 16_000_000;

/** The kernel's discipline state, µs as adjtimex keeps it. */
export interface KernelState {
  /** adjtimex's return: 0 TIME_OK, 1 INS, 2 DEL, 3 OOP, 4 WAIT, 5 TIME_ERROR (unsynchronised). */
  clockState: number;
  status: number;
  /** The remaining offset the kernel is slewing away (µs), positive when the clock is being advanced. */
  offsetUs: number;
  maxErrorUs: number;
  estErrorUs: number;
  /** The program that printed it. */
  tool: 'adjtimex' | 'ntptime';
}

/** A read's state, or why it failed. */
export type KernelRead = { ok: true; state: KernelState } | { ok: false; failure: DaemonFailure };

/** Either program prints well under a kilobyte. */
const MAX_OUTPUT = 8 * 1024;

/** `adjtimex --print` first (the Debian package of that name), then `ntptime` (installed with ntpd or ntpsec). */
export async function readKernel(options: { timeoutMs: number; run?: RunTool }): Promise<KernelRead> {
  const run = options.run ?? toolRunner(MAX_OUTPUT);
  for (const [tool, args, parse] of [
    ['adjtimex', ['--print'], parseAdjtimexPrint],
    ['ntptime', [], parseNtptime],
  ] as const) {
    let stdout: string;
    try {
      stdout = await run(tool, [...args], options.timeoutMs);
    } catch (error) {
      // One program missing is not the end: the other may be installed.
      if ((error as { code?: unknown }).code === 'ENOENT') continue;
      return { ok: false, failure: toolFailure(error, tool, tool) };
    }
    const parsed = parse(stdout);
    return parsed.ok ? { ok: true, state: parsed.value } : { ok: false, failure: { kind: 'invalid-reply', command: tool, check: parsed.check } };
  }
  return { ok: false, failure: { kind: 'tool-missing', tool: 'adjtimex or ntptime' } };
}

function int(text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined || !/^-?\d{1,12}$/.test(text)) return undefined;
  const value = Number(text);
  return value >= min && value <= max ? value : undefined;
}

/** `adjtimex --print`: "name: value" lines, and "return value = N". */
export function parseAdjtimexPrint(text: string): Parsed<KernelState> {
  if (text.length > MAX_OUTPUT) return { ok: false, check: 'size' };
  const field = (name: string) => new RegExp(`^\\s*${name}:\\s*(-?\\d+)\\s*$`, 'm').exec(text)?.[1];
  const status = int(field('status'), 0, 0xffff);
  if (status === undefined) return { ok: false, check: 'status' };
  const rawOffset = int(field('offset'), -1e12, 1e12);
  if (rawOffset === undefined) return { ok: false, check: 'offset' };
  const maxErrorUs = int(field('maxerror'), 0, 1e10);
  if (maxErrorUs === undefined) return { ok: false, check: 'maxerror' };
  const estErrorUs = int(field('esterror'), 0, 1e10);
  if (estErrorUs === undefined) return { ok: false, check: 'esterror' };
  const clockState = int(/^\s*return value = (-?\d+)\s*$/m.exec(text)?.[1], 0, 5);
  if (clockState === undefined) return { ok: false, check: 'return-value' };
  const offsetUs = status & STA_NANO ? rawOffset / 1000 : rawOffset;
  return { ok: true, value: { clockState, status, offsetUs, maxErrorUs, estErrorUs, tool: 'adjtimex' } };
}

/** `ntptime` with no options (read only): the ntp_adjtime() block. */
export function parseNtptime(text: string): Parsed<KernelState> {
  if (text.length > MAX_OUTPUT) return { ok: false, check: 'size' };
  const block = text.split(/^ntp_adjtime\(\) returns code /m)[1];
  const clockState = int(/^(\d+)/.exec(block ?? '')?.[1], 0, 5);
  if (block === undefined || clockState === undefined) return { ok: false, check: 'return-value' };
  const status = /status 0x([0-9a-f]{1,4})\b/i.exec(block)?.[1];
  if (status === undefined) return { ok: false, check: 'status' };
  const offset = /offset (-?\d+(?:\.\d+)?) (us|ns)/.exec(block);
  if (!offset) return { ok: false, check: 'offset' };
  const errors = /maximum error (\d{1,11}) us, estimated error (\d{1,11}) us/.exec(block);
  if (!errors) return { ok: false, check: 'maxerror' };
  const offsetUs = offset[2] === 'ns' ? Number(offset[1]) / 1000 : Number(offset[1]);
  return { ok: true, value: { clockState, status: parseInt(status, 16), offsetUs, maxErrorUs: Number(errors[1]), estErrorUs: Number(errors[2]), tool: 'ntptime' } };
}

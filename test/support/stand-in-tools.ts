/**
 * Stand-ins for programs the time-service readers run (w32tm, sntp), made as small shell scripts in a directory
 * put first on PATH: they print a documented sample, hang, print garbage or flood, and record their arguments.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** How a stand-in behaves: print this text (exit status too), hang, or flood stdout with 10 MB. */
export type StandInBehaviour = { prints: string; exitStatus?: number } | 'hangs' | 'floods';

/** A directory holding one stand-in program; `path` is PATH with it first. */
export interface StandIn {
  dir: string;
  path: string;
  /** The argument lines the stand-in was run with, one run a line. */
  args(): string[];
  remove(): void;
}

/** Writes `name` into a fresh directory, behaving as told. */
export function standInTool(name: string, behaviour: StandInBehaviour): StandIn {
  const dir = mkdtempSync(join(tmpdir(), `stand-in-${name}-`));
  const record = join(dir, 'args');
  writeFileSync(record, '');
  const body =
    behaviour === 'hangs'
      ? // Deaf to SIGTERM, which is what execFile's own timeout sends: the reader's deadline must not wait for it.
        'trap "" TERM\nwhile :; do sleep 1; done'
      : behaviour === 'floods'
        ? 'head -c 10485760 /dev/zero | tr "\\000" "x"'
        : `cat "${join(dir, 'output')}"\nexit ${behaviour.exitStatus ?? 0}`;
  if (typeof behaviour === 'object') writeFileSync(join(dir, 'output'), behaviour.prints);
  writeFileSync(join(dir, name), `#!/bin/sh\necho "$@" >> "${record}"\n${body}\n`, { mode: 0o755 });
  return {
    dir,
    path: `${dir}${delimiter}${process.env.PATH ?? ''}`,
    args: () => readFileSync(record, 'utf8').split('\n').filter((line) => line !== ''),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Runs `body` with PATH starting at the stand-in's directory (the readers' runner looks programs up in it). */
export async function withPath<T>(path: string, body: () => Promise<T>): Promise<T> {
  const saved = process.env.PATH;
  process.env.PATH = path;
  try {
    return await body();
  } finally {
    process.env.PATH = saved;
  }
}

/** `w32tm /query /status /verbose` synchronised to a domain controller (Windows Server docs' shape), CRLF as printed. */
export const W32TM_SYNCED = `Leap Indicator: 0(no warning)
Stratum: 4 (secondary reference - syncd by (S)NTP)
Precision: -23 (119.209ns per tick)
Root Delay: 0.0156250s
Root Dispersion: 0.0312500s
ReferenceId: 0x0A000001 (source IP:  10.0.0.1)
Last Successful Sync Time: 3/14/2023 10:19:43 AM
Source: DC01.contoso.com,0x9
Poll Interval: 10 (1024s)

Phase Offset: -0.0000107s
ClockRate: 0.0156250s
State Machine: 2 (Sync)
Time Source Flags: 0 (None)
Server Role: 576 (Reliable Time Service)
Last Sync Error: 0 (The command completed successfully.)
Time since Last Good Sync Time: 153.4706010s
`.replace(/\n/g, '\r\n');

/** The same Windows never synchronised: leap 3, stratum 0, its CMOS clock as source. */
export const W32TM_UNSYNCED = W32TM_SYNCED.replace('Leap Indicator: 0(no warning)', 'Leap Indicator: 3(not synchronized)')
  .replace(/Stratum: 4 [^\r]*/, 'Stratum: 0 (unspecified)')
  .replace('Source: DC01.contoso.com,0x9', 'Source: Local CMOS Clock');

/** sntp's result for the host it is given ($1), with its banner (ntp 4.2.8's sntp, as macOS ships it). */
export function sntpSample(offset: string, host: string): string {
  return `sntp 4.2.8p10@1.3728-o Tue Mar 21 14:36:42 UTC 2017 (136.200.1~2544)\n2023-03-14 10:19:43.123456 (+0100) ${offset} +/- 0.021149 ${host} 127.0.0.1 s1 no-leap\n`;
}

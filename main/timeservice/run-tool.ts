/**
 * Runs a program a time-service reader reads (ntptime, w32tm, sntp): in the C locale, bounded in output, and given up
 * at the deadline whatever the program left behind; plus what a failed run means, the same for every reader.
 */
import { execFile } from 'node:child_process';
import type { DaemonFailure } from './daemon-failure.js';

/** Runs a program with arguments; rejects as execFile does (code ENOENT when it is missing), stdout attached. */
export type RunTool = (file: string, args: string[], timeoutMs: number) => Promise<string>;

/** A runner that keeps at most `maxOutput` bytes of stdout (more kills the program) and stops at the deadline. */
export function toolRunner(maxOutput: number): RunTool {
  return (file, args, timeoutMs) =>
    new Promise((resolve, reject) => {
      const child = execFile(file, args, { maxBuffer: maxOutput, windowsHide: true, env: { ...process.env, LC_ALL: 'C' } }, (error, stdout, stderr) => {
        clearTimeout(timer);
        if (error) reject(Object.assign(error, { stdout, stderr }));
        else resolve(stdout);
      });
      // Our own deadline rather than execFile's `timeout`: that one sends SIGTERM and then waits for the program to
      // exit, which one that ignores SIGTERM never does (seen with a stand-in); ours answers at the deadline.
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(Object.assign(new Error(`${file} did not finish within ${timeoutMs} ms`), { killed: true }));
      }, timeoutMs);
    });
}

/** What a failed run means: not installed, too much output, no answer by the deadline, or its exit status. */
export function toolFailure(error: unknown, tool: string, command: string): DaemonFailure {
  const e = error as { code?: unknown; killed?: boolean };
  if (e.code === 'ENOENT') return { kind: 'tool-missing', tool };
  // Checked before `killed`: execFile kills a program whose output overflows.
  if (e.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return { kind: 'invalid-reply', command, check: 'size' };
  if (e.killed) return { kind: 'no-reply' };
  return { kind: 'status', status: typeof e.code === 'number' ? e.code : -1, command };
}

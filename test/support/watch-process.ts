/** `ntp-monitor watch` as a user runs it: the built CLI in its own process, its output read line by line. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CLI, NODE } from './cli.js';

export interface WatchProcess {
  child: ChildProcess;
  /** stdout, one entry per complete line. */
  lines: string[];
  stderr(): string;
  /** The first line from index `from` on that matches; rejects if the process ends first. */
  waitForLine(pattern: RegExp, from?: number): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * The test-only switch (cli/test-time-scale.ts `testTimeScale`) that scales every wait between polls by 0.1: two rounds of a
 * 15 s interval in 1.5 s. For tests that need several polls; give it as startWatch's env.
 */
export const FAST_POLLS: NodeJS.ProcessEnv = { NODE_ENV: 'test', NTP_MONITOR_TEST_TIME_SCALE: '0.1' };

/**
 * Starts `watch` with `args`; `--daemon none` is added unless the args name a daemon, so that no test depends on the
 * time service the machine running it happens to have (a chronyd on port 323 would add its own alarms).
 */
export function startWatch(args: string[], env: NodeJS.ProcessEnv = {}): WatchProcess {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm test does).`);
  const daemon = args.includes('--daemon') ? [] : ['--daemon', 'none'];
  const child = spawn(NODE, [CLI, 'watch', ...daemon, ...args], { env: { PATH: process.env.PATH, LANG: 'C', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let partial = '';
  let stderr = '';
  const waiters = new Set<() => void>();
  child.stdout!.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString()).split('\n');
    partial = parts.pop()!;
    lines.push(...parts);
    for (const wake of waiters) wake();
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk));
  let ended = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => {
      ended = true;
      for (const wake of waiters) wake();
      resolve({ code, signal });
    }),
  );
  const waitForLine = (pattern: RegExp, from = 0) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const found = lines.slice(from).find((line) => pattern.test(line));
        if (found !== undefined || ended) waiters.delete(check);
        if (found !== undefined) resolve(found);
        else if (ended) reject(new Error(`watch ended without a line matching ${pattern}.\nstdout:\n${lines.join('\n')}\nstderr:\n${stderr}`));
      };
      waiters.add(check);
      check();
    });
  return { child, lines, stderr: () => stderr, waitForLine, exited };
}

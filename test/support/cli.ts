/** Runs the built CLI as a user would: the bundled program (package.json's bin), a separate process on the project's pinned Node. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const CLI = resolve('dist/cli/ntp-monitor.cjs');
export const NODE = existsSync(resolve('node_modules/.bin/node')) ? resolve('node_modules/.bin/node') : process.execPath;

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * A spawned `check` sends its default burst 20 ms apart instead of 2 s (cli/test-time-scale.ts, a switch only a test
 * environment reaches): the burst is still sent and filtered, and the suite does not wait 6 s a check.
 */
export const FAST_CHECK: NodeJS.ProcessEnv = { NODE_ENV: 'test', NTP_MONITOR_TEST_TIME_SCALE: '0.01' };

/** `as`: a command that runs the rest as someone else, e.g. `['setpriv', '--reuid=65534', ...]`. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, as: string[] = []): Promise<CliRun> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm test does).`);
  const [command, ...rest] = [...as, NODE, CLI, ...args];
  return new Promise((done) => {
    const child = spawn(command!, rest, { env: { PATH: process.env.PATH, ...(args[0] === 'check' && FAST_CHECK), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c));
    child.stderr.on('data', (c: Buffer) => (stderr += c));
    child.on('close', (code, signal) => done({ code, signal, stdout, stderr }));
  });
}

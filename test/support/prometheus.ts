/** Debian's Prometheus and Alertmanager for the tests: started on free loopback ports, with files of the test's own. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeTcpPort, httpGet } from '../sinks/helpers.js';

/** The first of `names` that runs (`--version`), or undefined: Debian names Alertmanager prometheus-alertmanager. */
export function findProgram(...names: string[]): string | undefined {
  return names.find((name) => spawnSync(name, ['--version'], { stdio: 'ignore' }).status === 0);
}

export const PROMTOOL = findProgram('promtool');
export const PROMETHEUS = findProgram('prometheus');
export const ALERTMANAGER = findProgram('prometheus-alertmanager', 'alertmanager');
export const AMTOOL = findProgram('amtool');

/** Why the tests that need these programs cannot run here, or undefined when they can. */
export function missingPrograms(wanted: Record<string, string | undefined>): string | undefined {
  const missing = Object.entries(wanted).filter(([, path]) => path === undefined).map(([name]) => name);
  return missing.length === 0 ? undefined : `${missing.join(', ')} not installed: run \`bash scripts/install-test-deps.sh\` (Debian: prometheus, prometheus-alertmanager)`;
}

export interface Server {
  /** http://127.0.0.1:PORT */
  url: string;
  /** What it printed so far, for a failing test's message. */
  log(): string;
  stop(): Promise<void>;
}

/** Writes `files` into a fresh folder, runs `program` with `args(dir, port)` there and waits for /-/ready. */
async function startServer(program: string, files: Record<string, string>, args: (dir: string, port: number) => string[]): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), 'ntp-monitor-prom-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const port = await freeTcpPort();
  const child: ChildProcess = spawn(program, args(dir, port), { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.on('data', (chunk: Buffer) => (log += chunk));
  child.stderr!.on('data', (chunk: Buffer) => (log += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const server: Server = {
    url: `http://127.0.0.1:${port}`,
    log: () => log,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
  for (const deadline = Date.now() + 15_000; Date.now() < deadline && child.exitCode === null; ) {
    const ready = await httpGet(`${server.url}/-/ready`).catch(() => undefined);
    if (ready?.status === 200) return server;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await server.stop();
  throw new Error(`${program} did not become ready:\n${log}`);
}

/** Prometheus with `config` as prometheus.yml and each of `files` beside it (rule files), its data in the folder. */
export function startPrometheus(config: string, files: Record<string, string> = {}): Promise<Server> {
  return startServer(PROMETHEUS!, { ...files, 'prometheus.yml': config }, (dir, port) => [
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=warn',
  ]);
}

/** Alertmanager with `config` as alertmanager.yml; clustering off, so it listens on the one loopback port only. */
export function startAlertmanager(config: string): Promise<Server> {
  return startServer(ALERTMANAGER!, { 'alertmanager.yml': config }, (dir, port) => [
    `--config.file=${join(dir, 'alertmanager.yml')}`,
    `--storage.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--cluster.listen-address=',
    '--log.level=warn',
  ]);
}

/** GET a Prometheus or Alertmanager API path; rejects unless the answer is 200 with status "success" (Prometheus). */
export async function api<T>(server: Server, path: string): Promise<T> {
  const answer = await httpGet(`${server.url}${path}`);
  const body = JSON.parse(answer.body) as { status?: string; data?: T };
  if (answer.status !== 200 || (body.status !== undefined && body.status !== 'success')) throw new Error(`GET ${path}: ${answer.status} ${answer.body}`);
  return (body.data ?? body) as T;
}

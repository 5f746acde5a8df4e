/**
 * `npm start` where no Electron runtime can be had: scripts/start-check.mjs, spawned as npm runs it, says what failed
 * and how to fix it within seconds, before the build. This machine has no runtime in node_modules/electron/dist,
 * so the download is really attempted, from a mirror on loopback that refuses it (no traffic leaves the machine).
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ELECTRON_PACKAGE, electronExecutable, electronVersion } from '../../scripts/electron-runtime.mjs';
import { NODE } from '../support/cli.js';

const home = mkdtempSync(join(tmpdir(), 'ntp-monitor-start-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a command with only PATH (Node 22 first, as npm puts it), a fresh HOME and Electron cache, and `env`. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  const started = performance.now();
  const path = `${resolve('node_modules/.bin')}:${process.env.PATH}`;
  return new Promise((done) => {
    const child = spawn(command, args, { env: { PATH: path, HOME: home, electron_config_cache: join(home, 'cache'), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c));
    child.stderr.on('data', (c: Buffer) => (stderr += c));
    child.on('close', (code) => done({ code, stdout, stderr, ms: performance.now() - started }));
  });
}

/** A loopback port nothing listens on: taken, then given back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as { port: number };
  await new Promise((closed) => server.close(closed));
  return port;
}

const version = electronVersion()!;
const HOW_TO_FIX = ['ELECTRON_MIRROR=', 'ELECTRON_OVERRIDE_DIST_PATH=', 'ELECTRON_GET_USE_PROXY=1 HTTPS_PROXY='];
const installed = electronExecutable({}) !== undefined;
if (installed) console.warn('SKIPPED: the download tests need a machine without node_modules/electron/dist (this one has a runtime).');

describe.runIf(process.platform === 'linux')('npm start without an Electron runtime', () => {
  it.skipIf(installed)('tries the download, and when it fails says what failed and the three ways out, in seconds', async () => {
    const port = await closedPort();
    const result = await run(NODE, ['scripts/start-check.mjs'], { ELECTRON_MIRROR: `http://127.0.0.1:${port}/` });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(`npm start: no Electron runtime yet; downloading Electron ${version} from http://127.0.0.1:${port}/ (once)...\n`);
    expect(result.stderr.split('\n')[0]).toBe(
      `npm start: cannot start NTP Monitor: no Electron runtime (downloading Electron ${version} from http://127.0.0.1:${port}/ failed: TypeError: fetch failed (connect ECONNREFUSED 127.0.0.1:${port})).`,
    );
    for (const fix of HOW_TO_FIX) expect(result.stderr).toContain(fix);
    expect(result.ms).toBeLessThan(15_000);
    // Nothing half-installed is left in the shared electron package.
    expect(existsSync(join(ELECTRON_PACKAGE, 'dist'))).toBe(false);
  }, 30_000);

  it.skipIf(installed)('npm start itself stops there: the build never starts', async () => {
    const port = await closedPort();
    const result = await run('npm', ['start'], { ELECTRON_MIRROR: `http://127.0.0.1:${port}/` });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`npm start: cannot start NTP Monitor: no Electron runtime (downloading Electron ${version}`);
    expect(result.stdout).toContain('> node scripts/start-check.mjs && npm run build && electron .');
    expect(result.stdout).not.toContain('> tsc -p tsconfig.json');
    expect(result.stdout + result.stderr).not.toMatch(/^TypeError: fetch failed/m);
    expect(result.ms).toBeLessThan(30_000);
  }, 60_000);

  it('never downloads past an ELECTRON_OVERRIDE_DIST_PATH that holds no runtime, and starts none that is there', async () => {
    const empty = mkdtempSync(join(home, 'empty-'));
    const refused = await run(NODE, ['scripts/start-check.mjs'], { ELECTRON_OVERRIDE_DIST_PATH: empty });
    expect(refused).toMatchObject({ code: 1, stdout: '' });
    expect(refused.stderr.split('\n')[0]).toBe(`npm start: cannot start NTP Monitor: no Electron runtime (ELECTRON_OVERRIDE_DIST_PATH is ${empty}, which holds no Electron executable).`);
    for (const fix of HOW_TO_FIX) expect(refused.stderr).toContain(fix);

    const unpacked = mkdtempSync(join(home, 'unpacked-'));
    writeFileSync(join(unpacked, 'electron'), '#!/bin/sh\nexit 9\n');
    chmodSync(join(unpacked, 'electron'), 0o755);
    expect(await run(NODE, ['scripts/start-check.mjs'], { ELECTRON_OVERRIDE_DIST_PATH: unpacked })).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });
});

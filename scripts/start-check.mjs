// `npm start`'s first step, before the build: an Electron runtime must be installed or downloadable. Without this,
// a machine that cannot download it (offline, behind a proxy) built for 40 s and then printed `TypeError: fetch
// failed` from the `electron` command; now it is told at once what failed and how to point at a mirror, an
// unpacked Electron or a proxy, and the exit status is 1.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ELECTRON_PACKAGE, electronExecutable, electronVersion } from './electron-runtime.mjs';

/** Where @electron/get downloads from when no mirror is set. */
const DEFAULT_MIRROR = 'https://github.com/electron/electron/releases/download/';

/**
 * The runtime `electron .` will start, downloading it first (the `electron` package's own installer, which honours
 * ELECTRON_MIRROR, its cache and ELECTRON_GET_USE_PROXY) when none is installed; or what failed.
 * @param {NodeJS.ProcessEnv} env
 * @param {(line: string) => void} say progress, for a download that may take a while
 * @returns {{ ok: true, executable: string } | { ok: false, failed: string }}
 */
export function ensureRuntime(env, say) {
  const found = electronExecutable(env);
  if (found) return { ok: true, executable: found };
  const version = electronVersion();
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  // `electron` then starts only what is there: a download would not be used.
  if (override) return { ok: false, failed: `ELECTRON_OVERRIDE_DIST_PATH is ${override}, which holds no Electron executable` };
  const installer = join(ELECTRON_PACKAGE, 'install.js');
  if (!version || !existsSync(installer)) return { ok: false, failed: 'the electron package is not installed (node_modules/electron): run npm install' };
  const from = mirrorOf(env);
  say(`npm start: no Electron runtime yet; downloading Electron ${version} from ${from} (once)...`);
  const run = spawnSync(process.execPath, [installer], { env, stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  const installed = electronExecutable(env);
  if (run.status === 0 && installed) return { ok: true, executable: installed };
  const reason = firstLine(run.stderr) ?? run.error?.message ?? (run.signal ? `stopped by ${run.signal}` : `exit status ${run.status}`);
  return { ok: false, failed: `downloading Electron ${version} from ${from} failed: ${reason}` };
}

/** What to do about it: each way of giving `electron .` a runtime, then the command line, which needs none. */
export function advice(failed, version = electronVersion() ?? '') {
  return [
    `npm start: cannot start NTP Monitor: no Electron runtime (${failed}).`,
    'Give it one, then run npm start again:',
    '  - a mirror this machine can reach:  ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/ npm start',
    `  - an Electron ${version} unpacked here:  ELECTRON_OVERRIDE_DIST_PATH=/path/to/electron-folder npm start`,
    '  - a proxy:  ELECTRON_GET_USE_PROXY=1 HTTPS_PROXY=http://proxy.example:3128 npm start',
    'The command line needs no Electron: npm run build, then node dist/cli/ntp-monitor.cjs check|watch|history.',
  ].join('\n');
}

/** The download's base URL, as @electron/get chooses it (the variables npm and the environment give). */
function mirrorOf(env) {
  return env.npm_config_electron_mirror || env.NPM_CONFIG_ELECTRON_MIRROR || env.ELECTRON_MIRROR || DEFAULT_MIRROR;
}

/** The installer prints a stack; its first line says what failed (`TypeError: fetch failed`, an HTTP status). */
function firstLine(text) {
  return text?.split('\n').map((line) => line.trim()).find((line) => line !== '');
}

/**
 * Why a fetch failed, which the installer's `TypeError: fetch failed` leaves out (offline, a name that does not
 * resolve, a refused connection): asked again of the same address, directly. Not through a proxy the installer was
 * told to use (the answer would be about another path), and never for longer than a few seconds.
 * @returns {Promise<string | undefined>}
 */
async function fetchCause(env) {
  if (env.ELECTRON_GET_USE_PROXY) return undefined;
  try {
    await fetch(mirrorOf(env), { method: 'HEAD', signal: AbortSignal.timeout(5_000) });
    return undefined;
  } catch (error) {
    const cause = error?.cause;
    return cause?.message ?? cause?.code ?? error?.message;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = ensureRuntime(process.env, (line) => console.log(line));
  if (!result.ok) {
    const cause = /fetch failed$/.test(result.failed) ? await fetchCause(process.env) : undefined;
    console.error(advice(cause ? `${result.failed} (${cause})` : result.failed));
    process.exitCode = 1;
  }
}

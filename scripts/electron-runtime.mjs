// Where an Electron runtime is installed, if anywhere, without downloading one (requiring `electron` would): the one
// lookup that `npm start` (scripts/start-check.mjs) and the end-to-end tests (test/e2e/electron-runtime.ts) share.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The `electron` package, whose `dist/` holds the runtime once it is downloaded. */
export const ELECTRON_PACKAGE = fileURLToPath(new URL('../node_modules/electron', import.meta.url));

/** The executable inside an unpacked Electron, per platform; Electron is built for no other. */
const BINARY = {
  linux: 'electron',
  win32: 'electron.exe',
  darwin: 'Electron.app/Contents/MacOS/Electron',
};

/**
 * The runtime `electron .` starts: the one in ELECTRON_OVERRIDE_DIST_PATH when that is set (the `electron` package
 * then looks nowhere else), else the one in node_modules/electron/dist. Undefined when that place holds none.
 * @param {NodeJS.ProcessEnv} [env]
 * @param {string} [electronPackage] the `electron` package's folder (the tests give a temporary one)
 * @returns {string | undefined}
 */
export function electronExecutable(env = process.env, electronPackage = ELECTRON_PACKAGE) {
  const binary = BINARY[/** @type {keyof typeof BINARY} */ (process.platform)];
  if (!binary) return undefined;
  const path = join(env.ELECTRON_OVERRIDE_DIST_PATH || join(electronPackage, 'dist'), binary);
  return existsSync(path) ? path : undefined;
}

/**
 * The version of Electron the project pins (package.json of the installed `electron` package), for messages.
 * @param {string} [electronPackage]
 * @returns {string | undefined}
 */
export function electronVersion(electronPackage = ELECTRON_PACKAGE) {
  try {
    return JSON.parse(readFileSync(join(electronPackage, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

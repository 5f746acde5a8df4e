/** Where an Electron runtime is installed, if anywhere: never downloads (requiring `electron` from Node would). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

const BINARY: Partial<Record<NodeJS.Platform, string>> = {
  linux: 'electron',
  win32: 'electron.exe',
  darwin: 'Electron.app/Contents/MacOS/Electron',
};

export function electronExecutable(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const binary = BINARY[process.platform];
  if (!binary) return undefined;
  const dirs = [env.ELECTRON_OVERRIDE_DIST_PATH, join(root, 'node_modules', 'electron', 'dist')].filter((d): d is string => !!d);
  return dirs.map((dir) => join(dir, binary)).find((path) => existsSync(path));
}

/** Why the end-to-end suite cannot run here, or undefined when it can. */
export function whyNoElectron(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (!electronExecutable(env)) {
    return 'no Electron runtime (set ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron, or run `npx install-electron` to fill node_modules/electron/dist)';
  }
  if (process.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return 'no display (run under xvfb-run, or on a desktop)';
  return undefined;
}

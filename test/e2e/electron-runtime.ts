/** Whether the end-to-end suite can start Electron here: the runtime lookup `npm start` uses, and a display. */
import { electronExecutable } from '../../scripts/electron-runtime.mjs';

export { electronExecutable };

/** Why the end-to-end suite cannot run here, or undefined when it can. */
export function whyNoElectron(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (!electronExecutable(env)) {
    return 'no Electron runtime (set ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron, or run `npx install-electron` to fill node_modules/electron/dist)';
  }
  if (process.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return 'no display (run under xvfb-run, or on a desktop)';
  return undefined;
}

/** Start at login on Linux: an XDG autostart desktop entry (Electron's setLoginItemSettings is macOS/Windows only). */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { LoginState } from './autostart-sync.js';

export interface AutostartTarget {
  name: string;
  /** The program to run: the AppImage when there is one, else the Electron executable. */
  exec: string;
  args: string[];
}

export function autostartPath(env: NodeJS.ProcessEnv = process.env): string {
  const configHome = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(configHome, 'autostart', 'ntp-monitor.desktop');
}

/** Quotes one Exec argument as the Desktop Entry Specification asks ("The Exec key"); % is always doubled. */
export function quoteExecArg(arg: string): string {
  if (!/[\s"'`$\\><~|&;*?#()%]/.test(arg) && arg !== '') return arg;
  return `"${arg.replace(/["`$\\]/g, (c) => `\\${c}`).replace(/%/g, '%%')}"`;
}

export function autostartEntry(target: AutostartTarget): string {
  // The key file's own string escaping doubles every backslash once more.
  const exec = [target.exec, ...target.args].map(quoteExecArg).join(' ').replace(/\\/g, '\\\\');
  return ['[Desktop Entry]', 'Type=Application', `Name=${target.name}`, `Exec=${exec}`, 'Terminal=false', 'X-GNOME-Autostart-enabled=true', ''].join('\n');
}

export async function setLinuxAutostart(enabled: boolean, target: AutostartTarget, path = autostartPath()): Promise<void> {
  if (!enabled) {
    await rm(path, { force: true });
    return;
  }
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, autostartEntry(target));
}

/** 'disabled' when the entry is there but turned off (GNOME's Startup Applications writes one of these keys). */
export async function linuxAutostartState(path = autostartPath()): Promise<LoginState> {
  const text = await readFile(path, 'utf8').catch(() => null);
  if (text === null) return 'absent';
  return /^Hidden\s*=\s*true/m.test(text) || /^X-GNOME-Autostart-enabled\s*=\s*false/m.test(text) ? 'disabled' : 'enabled';
}

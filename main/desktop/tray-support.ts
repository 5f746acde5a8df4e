/**
 * Whether this Linux session can show a tray icon at all. Electron's Linux tray is a StatusNotifierItem, shown only
 * when some process owns org.kde.StatusNotifierWatcher on the session bus (KDE, XFCE, Ubuntu's GNOME; vanilla GNOME
 * only with the AppIndicator extension). Asked with the desktop's own tools, gdbus or dbus-send; no Electron here.
 */
import { execFile } from 'node:child_process';

export const STATUS_NOTIFIER_WATCHER = 'org.kde.StatusNotifierWatcher';

/** 'unknown' when neither tool could ask: the app then assumes a tray, as it always did. */
export type TraySupport = 'present' | 'absent' | 'unknown';

/** Runs a program and resolves its stdout; rejects when it cannot run or fails. Injected by the tests. */
export type RunProgram = (file: string, args: string[]) => Promise<string>;

const runProgram: RunProgram = (file, args) =>
  new Promise((resolve, reject) => {
    execFile(file, args, { timeout: 3000 }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
  });

/** org.freedesktop.DBus.NameHasOwner, asked with each tool in turn; the answer is read from either's output. */
const PROBES: { file: string; args: string[]; owned: RegExp; free: RegExp }[] = [
  {
    file: 'gdbus',
    args: ['call', '--session', '--dest', 'org.freedesktop.DBus', '--object-path', '/org/freedesktop/DBus', '--method', 'org.freedesktop.DBus.NameHasOwner', STATUS_NOTIFIER_WATCHER],
    owned: /^\(true,\)/,
    free: /^\(false,\)/,
  },
  {
    file: 'dbus-send',
    args: ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', `string:${STATUS_NOTIFIER_WATCHER}`],
    owned: /boolean true/,
    free: /boolean false/,
  },
];

export async function linuxTraySupport(run: RunProgram = runProgram): Promise<TraySupport> {
  for (const probe of PROBES) {
    const output = await run(probe.file, probe.args).catch(() => null);
    if (output === null) continue;
    const text = output.trim();
    if (probe.owned.test(text)) return 'present';
    if (probe.free.test(text)) return 'absent';
  }
  return 'unknown';
}

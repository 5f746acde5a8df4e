/**
 * Whether this Linux session can show a tray icon, asked the way Chromium decides (status_icon_linux_dbus.cc): a
 * StatusNotifierItem only when org.kde.StatusNotifierWatcher has an owner and its IsStatusNotifierHostRegistered
 * property is true; otherwise Electron falls back to a GtkStatusIcon, which only an X11 XEmbed tray shows. Asked with
 * the desktop's own tools, gdbus or dbus-send; no Electron here.
 */
import { execFile } from 'node:child_process';

export const STATUS_NOTIFIER_WATCHER = 'org.kde.StatusNotifierWatcher';
export const STATUS_NOTIFIER_WATCHER_PATH = '/StatusNotifierWatcher';
export const HOST_REGISTERED = 'IsStatusNotifierHostRegistered';

/** 'unknown' when it cannot be told: the app then assumes a tray, as it always did. */
export type TraySupport = 'present' | 'absent' | 'unknown';

/** What the session bus says about StatusNotifierItems: usable, no watcher, a watcher with no host, or no answer. */
export type StatusNotifierState = 'ready' | 'no-watcher' | 'no-host' | 'cannot-ask';

/** Runs a program and resolves its stdout; rejects when it cannot run or fails. Injected by the tests. */
export type RunProgram = (file: string, args: string[]) => Promise<string>;

const runProgram: RunProgram = (file, args) =>
  new Promise((resolve, reject) => {
    execFile(file, args, { timeout: 3000 }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
  });

/** Each tool's way to ask NameHasOwner and Properties.Get, and to read a boolean from its output. */
const TOOLS: { file: string; owner: string[]; host: string[]; yes: RegExp; no: RegExp }[] = [
  {
    file: 'gdbus',
    owner: ['call', '--session', '--dest', 'org.freedesktop.DBus', '--object-path', '/org/freedesktop/DBus', '--method', 'org.freedesktop.DBus.NameHasOwner', STATUS_NOTIFIER_WATCHER],
    host: ['call', '--session', '--dest', STATUS_NOTIFIER_WATCHER, '--object-path', STATUS_NOTIFIER_WATCHER_PATH, '--method', 'org.freedesktop.DBus.Properties.Get', STATUS_NOTIFIER_WATCHER, HOST_REGISTERED],
    yes: /^\(<?true>?,\)/,
    no: /^\(<?false>?,\)/,
  },
  {
    file: 'dbus-send',
    owner: ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', `string:${STATUS_NOTIFIER_WATCHER}`],
    host: ['--session', '--print-reply', `--dest=${STATUS_NOTIFIER_WATCHER}`, STATUS_NOTIFIER_WATCHER_PATH, 'org.freedesktop.DBus.Properties.Get', `string:${STATUS_NOTIFIER_WATCHER}`, `string:${HOST_REGISTERED}`],
    yes: /boolean true/,
    no: /boolean false/,
  },
];

/** Asks both of Chromium's questions with the first tool that can answer. */
export async function statusNotifierState(run: RunProgram = runProgram): Promise<StatusNotifierState> {
  for (const tool of TOOLS) {
    const owner = (await run(tool.file, tool.owner).catch(() => '')).trim();
    if (tool.no.test(owner)) return 'no-watcher';
    if (!tool.yes.test(owner)) continue;
    // A watcher that fails the Get (or lacks the property) fails Chromium's check too.
    const host = (await run(tool.file, tool.host).catch(() => '')).trim();
    return tool.yes.test(host) ? 'ready' : 'no-host';
  }
  return 'cannot-ask';
}

/**
 * What the state means for this session. Without a usable StatusNotifierItem the icon is a GtkStatusIcon: nothing
 * shows one in a Wayland session, while on X11 an XEmbed tray (i3bar, polybar, MATE, LXDE, older XFCE panels) may,
 * which the bus cannot tell us.
 */
export function traySupportOf(state: StatusNotifierState, env: NodeJS.ProcessEnv = process.env): TraySupport {
  if (state === 'ready') return 'present';
  if (state === 'cannot-ask') return 'unknown';
  return env.WAYLAND_DISPLAY || env.XDG_SESSION_TYPE === 'wayland' ? 'absent' : 'unknown';
}

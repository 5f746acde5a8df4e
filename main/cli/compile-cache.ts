/** Where the command line keeps V8's compiled code between runs, so that a cron or Nagios start skips compiling. */
import { mkdirSync, statSync } from 'node:fs';
import { enableCompileCache } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * The user's own cache folder, not Node's default (os.tmpdir()/node-compile-cache): a folder in a shared /tmp can be
 * made by another user, and the cache holds code this process runs. NODE_COMPILE_CACHE still overrides it.
 */
export function compileCacheDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, home: () => string): string {
  const base =
    platform === 'win32'
      ? env.LOCALAPPDATA || join(home(), 'AppData', 'Local')
      : platform === 'darwin'
        ? join(home(), 'Library', 'Caches')
        : env.XDG_CACHE_HOME || join(home(), '.cache');
  return join(base, 'ntp-monitor', 'compile-cache');
}

/**
 * Makes `dir` one level at a time; false when it cannot be made. Not mkdirSync's `recursive` (nor enableCompileCache's
 * own mkdir): on Node 22.23 both loop forever where mkdir answers ENOENT under a parent that exists, as in /proc.
 */
export function makeDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    const parent = dirname(dir);
    if (parent === dir || !makeDirectory(parent)) return false;
    try {
      mkdirSync(dir);
      return true;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EEXIST' && statSync(dir).isDirectory();
    }
  }
}

/** Turns the cache on for the modules loaded after this call. Never throws: without a cache the CLI is only slower. */
export function startCompileCache(): void {
  try {
    const dir = process.env.NODE_COMPILE_CACHE || compileCacheDir(process.env, process.platform, homedir);
    if (makeDirectory(dir)) enableCompileCache(dir);
  } catch {
    // An unusable home (no passwd entry, unreadable): run uncached.
  }
}

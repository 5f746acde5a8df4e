/** Where the command line keeps V8's compiled code between runs, so that a cron or Nagios start skips compiling. */
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

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

/**
 * The user's home, as os.homedir() finds it: $HOME on Linux and macOS, read here without loading node:os (0.26 ms of
 * every start, issue 19); the passwd entry (or USERPROFILE on Windows) through os.homedir() otherwise.
 */
function homeDirectory(): string {
  return (process.platform !== 'win32' && process.env.HOME) || process.getBuiltinModule('node:os').homedir();
}

/** The cache folder for this run, or null: set by startCompileCache(), read by loadBundle(). */
let cacheDir: string | null = null;

/** Finds (and makes) the cache folder for the bundles loaded after this call. Never throws: uncached is only slower. */
export function startCompileCache(): void {
  try {
    const dir = process.env.NODE_COMPILE_CACHE || compileCacheDir(process.env, process.platform, homeDirectory);
    if (makeDirectory(dir)) cacheDir = dir;
  } catch {
    // An unusable home (no passwd entry, unreadable): run uncached.
  }
}

/**
 * Runs a command's CommonJS bundle (`require()` semantics) with V8's code cache, and returns its exports. Not Node's
 * module.enableCompileCache(): that cache is taken right after compiling, so it holds only the top level, and every
 * function was compiled again on each run (3 ms of `check`'s start). This cache is taken when the process exits, so
 * it holds every function the run compiled. `buildHash` (the bundle's SHA-256, written in by scripts/bundle.mjs) and
 * the file's size and time name the cache file: V8 itself checks only the source's length. The file is one function
 * expression, `(function (exports, require, module, __filename, __dirname) {...})`, as scripts/bundle.mjs writes it.
 */
export function loadBundle(file: string, buildHash: string): unknown {
  const source = readFileSync(file, 'utf8');
  const cacheFile = cacheDir === null ? null : join(cacheDir, cacheName(file, buildHash));
  let cachedData: Buffer | undefined;
  try {
    if (cacheFile !== null) cachedData = readFileSync(cacheFile);
  } catch {
    // Not cached yet (or unreadable): compiled from source, cached at exit.
  }
  // The bundle is written as the function Node wraps a CommonJS file in (scripts/bundle.mjs), so its text is compiled
  // as read: joining a wrapper here would copy it once more.
  const script = new Script(source, { filename: file, cachedData });
  if (cacheFile !== null && (cachedData === undefined || script.cachedDataRejected)) process.once('exit', () => saveCache(script, cacheFile));
  const module = { exports: {} as unknown };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, require, module, file, dirname(file));
  return module.exports;
}

function cacheName(file: string, buildHash: string): string {
  const { size, mtimeMs } = statSync(file);
  return `${basename(file, '.cjs')}-${buildHash}-${size}-${Math.trunc(mtimeMs)}.v8`;
}

/**
 * Written beside and renamed, so that a run starting meanwhile reads a whole cache or none; then the caches of older
 * builds of the same bundle are removed (this runs once per build, so they never pile up). Never throws.
 */
function saveCache(script: Script, cacheFile: string): void {
  const partial = `${cacheFile}.${process.pid}.tmp`;
  try {
    writeFileSync(partial, script.createCachedData());
    renameSync(partial, cacheFile);
    removeOlderCaches(cacheFile);
  } catch {
    try {
      unlinkSync(partial);
    } catch {
      // Nothing was written.
    }
  }
}

function removeOlderCaches(cacheFile: string): void {
  const dir = dirname(cacheFile);
  const bundle = basename(cacheFile).split('-')[0]!;
  for (const name of readdirSync(dir)) {
    if (name !== basename(cacheFile) && name.startsWith(`${bundle}-`) && name.endsWith('.v8')) {
      try {
        unlinkSync(join(dir, name));
      } catch {
        // Another run removed it, or it is not ours to remove: harmless.
      }
    }
  }
}

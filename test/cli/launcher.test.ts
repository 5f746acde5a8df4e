/** The installed program (dist/cli/ntp-monitor.cjs): the Node-version guard, the bundles' contents, the compile cache. */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileCacheDir, makeDirectory } from '../../main/cli/compile-cache.js';
import { MINIMUM_NODE, nodeVersionProblem } from '../../main/cli/node-version.js';
import { CLI, NODE, runCli } from '../support/cli.js';

const scratch = mkdtempSync(join(tmpdir(), 'ntp-monitor-launcher-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('nodeVersionProblem', () => {
  it.each(['22.13.0', '22.13.1', '22.23.3', '23.0.0', '24.1.0', '100.0.0'])('accepts Node %s', (version) => {
    expect(nodeVersionProblem(version, '/usr/bin/node')).toBeNull();
  });

  it.each(['22.12.9', '22.1.0', '20.20.2', '18.19.0', '0.10.48', '', 'garbage'])('refuses Node "%s" in one line', (version) => {
    const line = nodeVersionProblem(version, '/opt/old/node');
    expect(line).toContain(`needs Node.js ${MINIMUM_NODE.join('.')} or newer`);
    expect(line).toContain(`/opt/old/node is Node.js ${version}`);
    expect(line).not.toContain('\n');
  });
});

describe('the bundled program', () => {
  const bundles = readdirSync(dirname(CLI)).filter((name) => name.endsWith('.cjs'));

  it('is package.json\'s bin, one launcher plus one bundle per command and one of texts for help and mistakes', () => {
    const bin = (JSON.parse(readFileSync('package.json', 'utf8')) as { bin: Record<string, string> }).bin['ntp-monitor'];
    expect(join(process.cwd(), bin!)).toBe(CLI);
    expect(bundles.sort()).toEqual(['check.cjs', 'history.cjs', 'ntp-monitor.cjs', 'usage.cjs', 'watch.cjs']);
  });

  it('the launcher holds no texts: a command\'s start does not load the usage or the dictionaries (issue 19)', () => {
    const launcher = readFileSync(CLI, 'utf8');
    expect(launcher).not.toContain('Usage: ntp-monitor');
    expect(launcher).not.toContain('main/i18n/en.ts');
    expect(readFileSync(join(dirname(CLI), 'usage.cjs'), 'utf8')).toContain('main/i18n/en.ts');
    expect(launcher.length).toBeLessThan(20_000);
  });

  it('loads no ES modules and nothing outside Node: no electron, no node_modules', () => {
    for (const name of bundles) {
      const code = readFileSync(join(dirname(CLI), name), 'utf8');
      const required = [...code.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]!);
      // isBuiltin knows the node:-only modules (node:sqlite) that builtinModules leaves out on Node 22.
      const outside = required.filter((id) => !isBuiltin(id) && !/^\.\/\w+\.cjs$/.test(id));
      expect(outside).toEqual([]);
      expect(required).not.toContain('electron');
      expect(code).not.toMatch(/^\s*(import|export)\s/m);
    }
  });

  it('each command is one function expression of plain ASCII: compiled as read, held a byte a character (issue 19)', () => {
    for (const name of bundles.filter((n) => n !== 'ntp-monitor.cjs')) {
      const code = readFileSync(join(dirname(CLI), name), 'utf8');
      expect(code.startsWith('(function (exports, require, module, __filename, __dirname) {\n'), name).toBe(true);
      expect(code.trimEnd().endsWith('})'), name).toBe(true);
      // A single character beyond ASCII (a comment or a regular expression in Chinese) makes V8 hold the whole text
      // two bytes a character: twice the reading and the memory of every start.
      expect(code.match(/[^\x00-\x7f]/g) ?? [], name).toEqual([]);
    }
  });

  it('a check loads none of the modules it can do without: node:dns, node:os (issue 19)', () => {
    // Each costs a fresh process 0.3-1 ms: dgram loads dns for the lookup of an address already resolved, and the
    // compile cache's folder is under $HOME, which os.homedir() only reads.
    const recorder = join(scratch, 'record-modules.cjs');
    const loaded = join(scratch, 'modules.json');
    writeFileSync(recorder, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(loaded)}, JSON.stringify(process.moduleLoadList)));\n`);
    const run = spawnSync(NODE, ['-r', recorder, CLI, 'check', '--daemon', 'none', '-t', '1', '127.0.0.1:1'], { encoding: 'utf8' });
    expect(run.stdout).toMatch(/^NTP CRITICAL: 127\.0\.0\.1:1: /);
    const modules = JSON.parse(readFileSync(loaded, 'utf8')) as string[];
    expect(modules).toContain('NativeModule dgram');
    expect(modules).not.toContain('NativeModule dns');
    expect(modules).not.toContain('NativeModule os');
  });

  it('check loads neither watch nor the sinks', () => {
    const check = readFileSync(join(dirname(CLI), 'check.cjs'), 'utf8');
    expect(check).not.toContain('prom-client');
    expect(check).not.toContain('watch.cjs');
  });

  // A real old Node when the machine has one (Debian's nodejs package is 20 here); the unit tests above cover the rule.
  const oldNode = ['/usr/bin/node', '/usr/local/bin/node'].find((path) => {
    if (!existsSync(path)) return false;
    const version = spawnSync(path, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim();
    return nodeVersionProblem(version, path) !== null;
  });
  it.runIf(oldNode)(`refuses a real old Node (${oldNode ?? 'none on this machine'}) with one line and exit 3`, () => {
    const run = spawnSync(oldNode!, [CLI, 'check', '127.0.0.1'], { encoding: 'utf8' });
    expect(run.status).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain(`needs Node.js ${MINIMUM_NODE.join('.')} or newer`);
  });
  if (!oldNode) console.warn('launcher.test: no Node older than 22.13 on this machine; the guard is tested as a function only.');
});

describe('compile cache', () => {
  it('lives in the user\'s cache folder, per platform', () => {
    const home = () => '/home/u';
    expect(compileCacheDir({}, 'linux', home)).toBe('/home/u/.cache/ntp-monitor/compile-cache');
    expect(compileCacheDir({ XDG_CACHE_HOME: '/var/cache/x' }, 'linux', home)).toBe('/var/cache/x/ntp-monitor/compile-cache');
    expect(compileCacheDir({}, 'darwin', home)).toBe('/home/u/Library/Caches/ntp-monitor/compile-cache');
    expect(compileCacheDir({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32', home)).toContain('ntp-monitor');
  });

  it('is written where asked, and the program still works from it', async () => {
    const cache = join(scratch, 'xdg');
    for (let i = 0; i < 2; i++) {
      const run = await runCli(['check', '--help'], { XDG_CACHE_HOME: cache });
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
    }
    expect(readdirSync(join(cache, 'ntp-monitor', 'compile-cache')).length).toBeGreaterThan(0);
  });

  it('holds each command\'s code once run, and a changed bundle never runs with an older one\'s code', async () => {
    // A copy of the program, so that its check.cjs can be edited; its help text edited to the same length, since
    // V8's own check of a code cache compares only the source's length.
    const copy = join(scratch, 'copy');
    mkdirSync(copy);
    for (const name of readdirSync(dirname(CLI)).filter((n) => n.endsWith('.cjs'))) copyFileSync(join(dirname(CLI), name), join(copy, name));
    const cache = join(scratch, 'xdg-copy');
    const run = (env: NodeJS.ProcessEnv) => spawnSync(NODE, [join(copy, 'ntp-monitor.cjs'), 'check', '--help'], { encoding: 'utf8', env: { PATH: process.env.PATH, ...env } });
    expect(run({ XDG_CACHE_HOME: cache }).status).toBe(0);
    const folder = join(cache, 'ntp-monitor', 'compile-cache');
    const cached = readdirSync(folder).filter((name) => /^check-[0-9a-f]{16}-\d+-\d+\.v8$/.test(name));
    expect(cached).toHaveLength(1);
    // Taken at exit, it holds more than the top level: bigger than the code cache V8 makes right after compiling.
    expect(statSync(join(folder, cached[0]!)).size).toBeGreaterThan(20_000);
    expect(run({ XDG_CACHE_HOME: cache }).stdout).toContain('Usage: ntp-monitor check');

    const source = readFileSync(join(copy, 'check.cjs'), 'utf8');
    writeFileSync(join(copy, 'check.cjs'), source.replace('Usage: ntp-monitor check', 'Usage: ntp-monitor CHECK'));
    const edited = run({ XDG_CACHE_HOME: cache });
    expect(edited.status).toBe(0);
    expect(edited.stdout).toContain('Usage: ntp-monitor CHECK');
    // The new build's cache replaces the old one: caches never pile up, one per bundle.
    const after = readdirSync(folder).filter((name) => name.startsWith('check-'));
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(cached[0]);
  });

  // mkdir -p of Node 22.23 (and enableCompileCache's own) loops forever on ENOENT under /proc: this must not hang.
  it.each(['/proc/no-such-dir', 'a-file', '/sys'])('is skipped quietly when %s cannot hold it', async (where) => {
    const file = join(scratch, 'a-file');
    writeFileSync(file, 'x');
    const run = await runCli(['check', '--help'], { XDG_CACHE_HOME: where === 'a-file' ? file : where });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: ntp-monitor check');
    expect(run.stderr).toBe('');
  });

  it('makeDirectory makes missing levels and says false where it cannot', () => {
    expect(makeDirectory(join(scratch, 'a', 'b', 'c'))).toBe(true);
    expect(existsSync(join(scratch, 'a', 'b', 'c'))).toBe(true);
    expect(makeDirectory('/proc/no-such-dir/x')).toBe(false);
    writeFileSync(join(scratch, 'plain'), '');
    expect(makeDirectory(join(scratch, 'plain', 'x'))).toBe(false);
  });
});

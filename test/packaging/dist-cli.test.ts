/** scripts/dist-cli.mjs: the executable and the deb a monitoring host installs, run against chronyd with no Node. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfigFile } from '../../main/settings/config-file.js';
import { startChronyd, type Chronyd } from '../support/chronyd.js';
import { NODE } from '../support/cli.js';

const version = JSON.parse(readFileSync('package.json', 'utf8')).version as string;
const missing = [
  ...['dpkg-deb', 'strip'].filter((tool) => spawnSync(tool, ['--version']).error),
  ...(existsSync('node_modules/postject/dist/cli.js') ? [] : ['postject (npm install)']),
];
if (missing.length > 0) console.warn(`dist-cli.test: SKIPPED, missing ${missing.join(', ')} (apt-get install dpkg binutils, or bash scripts/install-test-deps.sh)`);

const scratch = mkdtempSync(join(tmpdir(), 'ntp-monitor-dist-'));
const out = join(scratch, 'release');
const extracted = join(scratch, 'root');
const binary = join(out, 'ntp-monitor-linux-x64');
const deb = join(out, `ntp-monitor_${version}_amd64.deb`);
// This machine has Node in /usr/bin, so "no Node on PATH" is a PATH of an empty folder; HOME is ours to inspect.
const home = join(scratch, 'home');
const noNode = { PATH: join(scratch, 'empty-bin'), HOME: home, LANG: 'C' };
let chronyd: Chronyd;

beforeAll(async () => {
  if (missing.length > 0) return;
  mkdirSync(noNode.PATH, { recursive: true });
  mkdirSync(home);
  const build = spawnSync(NODE, ['scripts/dist-cli.mjs', '--out', out], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`dist-cli failed (${build.status}): ${build.stderr}`);
  spawnSync('dpkg-deb', ['-x', deb, extracted]);
  chronyd = await startChronyd();
}, 120_000);
afterAll(async () => {
  await chronyd?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

function run(program: string, args: string[]) {
  return spawnSync(program, args, { env: noNode, cwd: scratch, encoding: 'utf8', timeout: 10_000 });
}

/** What a monitoring host runs: `check` of a real server, the help and the version. */
function behavesAsTheCommandLine(program: string) {
  const check = run(program, ['check', chronyd.server]);
  expect(check.stderr).toBe('');
  expect(check.stdout).toMatch(/^NTP OK: /);
  expect(check.status).toBe(0);
  const help = run(program, ['--help']);
  expect(help.stdout).toMatch(/^Usage: ntp-monitor <command>/);
  expect(help.status).toBe(0);
  const shown = run(program, ['check', '--version']);
  expect(shown.stdout).toBe(`ntp-monitor check ${version}\n`);
  expect(shown.status).toBe(0);
  expect(run(program, ['--version']).stdout).toBe(`ntp-monitor ${version}\n`);
  // The executable starts from a snapshot taken when it was built (decision 42): what it reads of its environment must
  // be this run's, not the build's. The language comes from LANG at run time.
  const chinese = spawnSync(program, ['check', '--samples', '1', chronyd.server], { env: { ...noNode, LANG: 'zh_CN.UTF-8' }, cwd: scratch, encoding: 'utf8', timeout: 10_000 });
  expect(chinese.stdout).toMatch(/^NTP OK: 127\.0\.0\.1:\d+ (比本机|与本机)/);
  // Its clock is as right as the Node path's: each run's offset keeps RFC 5905's half-delay bound (decision 41).
  for (let i = 0; i < 3; i++) {
    const row = JSON.parse(run(program, ['check', '--samples', '1', '--json', '--daemon', 'none', chronyd.server]).stdout).servers[0];
    expect(Math.abs(row.offsetMs), JSON.stringify(row)).toBeLessThanOrEqual(row.delayMs / 2 + 0.1);
  }
  // watch and history are not in the snapshot: they load when asked for.
  expect(run(program, ['watch', '--help']).stdout).toMatch(/^Usage: ntp-monitor watch /);
  expect(run(program, ['history', '--help']).stdout).toMatch(/^Usage: ntp-monitor history /);
}

describe.skipIf(missing.length > 0)('npm run dist:cli', () => {
  it('the environment the programs run in has no node', () => {
    expect(spawnSync('/bin/sh', ['-c', 'command -v node'], { env: noNode }).status).not.toBe(0);
  });

  it('release/ntp-monitor-linux-x64 runs check against chronyd with no Node, and writes no code cache anywhere', () => {
    behavesAsTheCommandLine(binary);
    expect(readdirSync(out).sort()).toEqual(['ntp-monitor-linux-x64', `ntp-monitor_${version}_amd64.deb`]);
    expect(readdirSync(home)).toEqual([]);
  });

  it('the deb says what it is', () => {
    const info = spawnSync('dpkg-deb', ['--info', deb], { encoding: 'utf8' }).stdout;
    expect(info).toMatch(/^ Package: ntp-monitor$/m);
    expect(info).toMatch(new RegExp(`^ Version: ${version.replaceAll('.', '\\.')}$`, 'm'));
    expect(info).toMatch(/^ Architecture: amd64$/m);
    expect(info).toMatch(/^ Depends: libc6/m);
  });

  it('the deb holds the program, the unit, the example config.ini and the command definition, owned by root', () => {
    const listing = spawnSync('dpkg-deb', ['--contents', deb], { encoding: 'utf8' }).stdout;
    const files = listing
      .split('\n')
      .filter((line) => line.startsWith('-'))
      .map((line) => line.split(/\s+/))
      .map((f) => `${f[0]} ${f[1]} ${f[5]}`);
    expect(files.sort()).toEqual([
      '-rw-r--r-- root/root ./usr/lib/systemd/system/ntp-monitor-watch.service',
      '-rw-r--r-- root/root ./usr/share/doc/ntp-monitor/config.ini',
      '-rw-r--r-- root/root ./usr/share/doc/ntp-monitor/copyright',
      '-rw-r--r-- root/root ./usr/share/doc/ntp-monitor/ntp-monitor.cfg',
      '-rwxr-xr-x root/root ./usr/bin/ntp-monitor',
    ]);
    expect(listing).toMatch(/^drwxr-xr-x root\/root .* \.\/$/m);
  });

  it('the extracted /usr/bin/ntp-monitor runs check against chronyd with no Node', () => {
    behavesAsTheCommandLine(join(extracted, 'usr/bin/ntp-monitor'));
  });

  it("the unit starts the deb's program, and the docs are the repository's, the README's definition among them", async () => {
    const unit = readFileSync(join(extracted, 'usr/lib/systemd/system/ntp-monitor-watch.service'), 'utf8');
    expect(unit).toMatch(/^ExecStart=\/usr\/bin\/ntp-monitor watch --config \/etc\/ntp-monitor\/config.ini /m);
    expect(unit).toBe(readFileSync('docs/systemd/ntp-monitor-watch.service', 'utf8'));
    const doc = join(extracted, 'usr/share/doc/ntp-monitor');
    const definition = readFileSync(join(doc, 'ntp-monitor.cfg'), 'utf8');
    expect(definition).toBe(readFileSync('deploy/nagios/ntp-monitor.cfg', 'utf8'));
    const block = definition.slice(definition.indexOf('define command {'));
    expect(block).toContain('command_line    /usr/bin/ntp-monitor check ');
    expect(readFileSync('README.md', 'utf8').split(block).length).toBeGreaterThanOrEqual(3);
    const config = await readConfigFile(resolve(doc, 'config.ini'));
    expect(config.ok).toBe(true);
  });
});

// Builds the command line as one Linux executable that needs no Node: a Node single executable application made from
// the project's pinned Node (node_modules/.bin/node) and one bundle of every command (decision 35).
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { cliCommon } from './cli-bundle-options.mjs';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('..', import.meta.url));
// The Node whose binary becomes the program, and which must also make the blob: the blob is read only by the same
// version. Not process.execPath, which may be another Node on PATH.
const pinnedNode = realpathSync(join(root, 'node_modules/.bin/node'));
// Where `node --experimental-sea-config` (Node 22) expects the blob: a resource of this name, found by this fuse.
const RESOURCE = 'NODE_SEA_BLOB';
const FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

/**
 * Writes the executable to `binary`. `options.script`, a CommonJS file that sets a main function for the snapshot,
 * replaces the program: the bench builds one that does nothing, to measure the executable's own bare start.
 */
export async function buildSea(binary, options = {}) {
  const work = mkdtempSync(join(tmpdir(), 'ntp-monitor-sea-'));
  try {
    // sea-main.ts is the entry: the router and every command in one script (each import() of a command is bundled in
    // as a require()), run once here to make the startup snapshot each run starts from (decision 42).
    const script = options.script ?? join(work, 'ntp-monitor.cjs');
    if (!options.script) await build({ ...cliCommon, absWorkingDir: root, entryPoints: ['main/cli/sea-main.ts'], outfile: script, target: 'node22' });
    const blob = join(work, 'sea.blob');
    const config = join(work, 'sea-config.json');
    // The snapshot holds the heap the script built (`check` and the texts loaded, see sea-main.ts): no run compiles
    // or loads them again, and none writes a cache of its own.
    writeFileSync(config, JSON.stringify({ main: script, output: blob, disableExperimentalSEAWarning: true, useSnapshot: true }));
    // Both steps run quiet unless they fail (the error then carries their output): Node announces the blob, and
    // postject's ELF library warns about each of Node's many note sections.
    execFileSync(pinnedNode, ['--experimental-sea-config', config], { stdio: 'pipe' });
    copyFileSync(pinnedNode, binary);
    chmodSync(binary, 0o755);
    // The npm package's Node keeps its debug information: 125 MB, of which a monitoring host needs none.
    execFileSync('strip', [binary]);
    execFileSync(pinnedNode, [require.resolve('postject/dist/cli.js'), binary, RESOURCE, blob, '--sentinel-fuse', FUSE], { stdio: 'pipe' });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}


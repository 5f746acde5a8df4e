// Post-tsc build step: bundles the command line (dist/cli/), type-checks the browser side (renderer + preload), then
// bundles the preload into one CommonJS file (a sandboxed preload cannot load other files) and each window (settings,
// status) into one classic script with the engine code it needs inside, and copies their HTML, CSS and icons.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { BUNDLE_HEAD, BUNDLE_TAIL, cliCommon } from './cli-bundle-options.mjs';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
// `--out DIR` puts the bundles elsewhere (tests running side by side each use their own); default: dist.
const outIndex = process.argv.indexOf('--out');
const out = outIndex > 0 ? process.argv[outIndex + 1] : 'dist';

// The command line starts thousands of times a day from cron and monitoring agents (issue 9, decision 21): CommonJS
// bundles, since loading ~35 ES modules through the ESM loader cost more than the command's own work.
// ntp-monitor.cjs is the installed program: the launcher (refuses an old Node, so it is lowered to syntax an old Node
// parses; finds the code cache folder) and the router. Each command is its own bundle, loaded on demand, so `check`
// neither reads nor compiles `watch` and its sinks.
// The bundles are the modules the router import()s: each command, and usage.ts (help, version and mistakes, whose
// texts a command's start should not load); a new command gets its own bundle without an edit here.
const commands = [...readFileSync('main/cli/ntp-monitor.ts', 'utf8').matchAll(/import\('\.\/(\w+)\.js'\)/g)].map((m) => m[1]);
// Each command's bundle is loaded by compile-cache.ts's loadBundle, which keeps V8's code for it across runs; the
// bundle's hash names that cache, so a rebuilt bundle never runs with the code of an older one.
// Each is written as the function Node wraps a CommonJS file in, so that loadBundle compiles the file's text as read:
// joining the wrapper at run time copied the whole bundle once more, a young-generation allocation as big as the file.
await build({
  ...cliCommon,
  entryPoints: Object.fromEntries(commands.map((c) => [c, `main/cli/${c}.ts`])),
  outdir: `${out}/cli`,
  outExtension: { '.js': '.cjs' },
  target: 'node22',
  banner: { js: BUNDLE_HEAD },
  footer: { js: BUNDLE_TAIL },
});
const commandsCached = {
  name: 'commands-cached',
  setup(b) {
    b.onResolve({ filter: new RegExp(`^\\./(${commands.join('|')})\\.js$`) }, (args) => ({ path: args.path.slice(2, -3), namespace: 'command' }));
    b.onLoad({ filter: /.*/, namespace: 'command' }, (args) => {
      const hash = createHash('sha256').update(readFileSync(`${out}/cli/${args.path}.cjs`)).digest('hex').slice(0, 16);
      const loader = JSON.stringify(fileURLToPath(new URL('../main/cli/compile-cache.ts', import.meta.url)));
      return { contents: `module.exports = require(${loader}).loadBundle(__dirname + "/${args.path}.cjs", "${hash}");`, loader: 'js', resolveDir: root };
    });
  },
};
await build({ ...cliCommon, entryPoints: ['main/cli/launch.ts'], outfile: `${out}/cli/ntp-monitor.cjs`, target: 'node12', plugins: [commandsCached] });
chmodSync(`${out}/cli/ntp-monitor.cjs`, 0o755);

execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'renderer/tsconfig.json'], { stdio: 'inherit' });

// Syntax that both Electron 45's Chromium and the Chromium of the browser tests run.
const target = 'chrome120';

await build({
  entryPoints: ['main/desktop/windows/preload.ts'],
  outfile: `${out}/preload.cjs`,
  bundle: true,
  format: 'cjs',
  platform: 'browser',
  target,
  external: ['electron'],
  logLevel: 'warning',
});

mkdirSync(`${out}/renderer/icons`, { recursive: true });
// Each window is one classic script (no eval: uPlot needs none, so script-src 'self' holds).
for (const name of ['settings', 'status']) {
  await build({
    entryPoints: [`renderer/${name}.ts`],
    outfile: `${out}/renderer/${name}.js`,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target,
    logLevel: 'warning',
  });
}
for (const file of ['settings.html', 'status.html', 'style.css', 'status.css']) copyFileSync(`renderer/${file}`, `${out}/renderer/${file}`);
// uPlot's stylesheet as a file of its own (style-src 'self'), and the tray's state icons for the table.
copyFileSync(require.resolve('uplot/dist/uPlot.min.css'), `${out}/renderer/uPlot.min.css`);
for (const icon of readdirSync('assets/tray').filter((f) => /^tray-[a-z]+@2x\.png$/.test(f))) copyFileSync(`assets/tray/${icon}`, `${out}/renderer/icons/${icon}`);

// Post-tsc build step: makes the CLI executable, type-checks the browser side (renderer + preload), then bundles the
// preload into one CommonJS file (a sandboxed preload cannot load other files) and each window (settings, status)
// into one classic script with the engine code it needs inside, and copies their HTML, CSS and icons.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
// `--out DIR` puts the bundles elsewhere (tests running side by side each use their own); default: dist.
const outIndex = process.argv.indexOf('--out');
const out = outIndex > 0 ? process.argv[outIndex + 1] : 'dist';

const cli = 'dist/main/cli/ntp-monitor.js';
if (existsSync(cli)) chmodSync(cli, 0o755);

execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'renderer/tsconfig.json'], { stdio: 'inherit' });

// Syntax that both Electron 45's Chromium and the Chromium of the browser tests run.
const target = 'chrome120';

await build({
  entryPoints: ['main/desktop/preload.ts'],
  outfile: `${out}/preload.cjs`,
  bundle: true,
  format: 'cjs',
  platform: 'browser',
  target,
  external: ['electron'],
  logLevel: 'warning',
});

// The engine's address parser needs only isIP from node:net; the window gets a browser twin checked against Node's.
const nodeNetShim = {
  name: 'node-net-shim',
  setup(b) {
    b.onResolve({ filter: /^node:net$/ }, () => ({ path: fileURLToPath(new URL('../renderer/shims/node-net.ts', import.meta.url)) }));
  },
};

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
    plugins: [nodeNetShim],
    logLevel: 'warning',
  });
}
for (const file of ['index.html', 'status.html', 'style.css', 'status.css']) copyFileSync(`renderer/${file}`, `${out}/renderer/${file}`);
// uPlot's stylesheet as a file of its own (style-src 'self'), and the tray's state icons for the table.
copyFileSync(require.resolve('uplot/dist/uPlot.min.css'), `${out}/renderer/uPlot.min.css`);
for (const icon of readdirSync('assets/tray').filter((f) => /^tray-[a-z]+@2x\.png$/.test(f))) copyFileSync(`assets/tray/${icon}`, `${out}/renderer/icons/${icon}`);

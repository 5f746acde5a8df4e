// Post-tsc build step: makes the CLI executable, type-checks the browser side (renderer + preload), then bundles the
// preload into one CommonJS file (a sandboxed preload cannot load other files) and the settings window into one
// classic script with the engine's validation inside, and copies its HTML and CSS.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync } from 'node:fs';
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

mkdirSync(`${out}/renderer`, { recursive: true });
await build({
  entryPoints: ['renderer/settings.ts'],
  outfile: `${out}/renderer/settings.js`,
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target,
  plugins: [nodeNetShim],
  logLevel: 'warning',
});
for (const file of ['index.html', 'style.css']) copyFileSync(`renderer/${file}`, `${out}/renderer/${file}`);

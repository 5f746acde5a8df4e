// `npm run bench`: bundles the TypeScript bench (engine sources and the shared chronyd launcher included) and runs it.
import { build } from 'esbuild';

const outfile = new URL('./.build/bench.mjs', import.meta.url);
await build({
  entryPoints: [new URL('./src/main.ts', import.meta.url).pathname],
  outfile: outfile.pathname,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  packages: 'external',
  sourcemap: 'inline',
  logLevel: 'warning',
});
await import(outfile.href);

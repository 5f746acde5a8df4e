// esbuild options every command-line bundle shares: scripts/bundle.mjs (dist/cli/) and scripts/sea.mjs (the binary).
import { readFileSync } from 'node:fs';

// The version is written in (`check -V`): a standalone binary has no package.json beside it to read.
export const version = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;

// import() becomes require(): no trip through the ESM loader.
export const cliCommon = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  logLevel: 'warning',
  supported: { 'dynamic-import': false },
  define: { 'process.env.NTP_MONITOR_VERSION': JSON.stringify(version) },
};

// `npm run dist:cli`: the command line for a monitoring host, as release/ntp-monitor-linux-x64 (runs without Node) and
// release/ntp-monitor_<version>_amd64.deb. `--out DIR` writes them elsewhere (the tests use a folder of their own).
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildDeb } from './deb.mjs';
import { buildSea } from './sea.mjs';

const outIndex = process.argv.indexOf('--out');
const out = resolve(outIndex > 0 ? process.argv[outIndex + 1] : new URL('../release', import.meta.url).pathname);
mkdirSync(out, { recursive: true });
const binary = join(out, 'ntp-monitor-linux-x64');
await buildSea(binary);
const deb = buildDeb(binary, out);
console.log(`dist:cli: wrote ${binary} and ${deb}`);

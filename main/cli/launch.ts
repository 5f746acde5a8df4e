#!/usr/bin/env node
/**
 * The `ntp-monitor` program as installed (bundled to dist/cli/ntp-monitor.cjs): refuses a too-old Node in one line,
 * turns on the compile cache, then loads the bundled commands (dist/cli/commands.cjs), which the cache then covers.
 */
import { startCompileCache } from './compile-cache.js';
import { EXIT } from './exit-codes.js';
import { nodeVersionProblem } from './node-version.js';

const problem = nodeVersionProblem(process.versions.node, process.execPath);
if (problem) {
  process.stderr.write(problem + '\n');
  process.exitCode = EXIT.unknown;
} else {
  startCompileCache();
  void import('./ntp-monitor.js');
}

#!/usr/bin/env node
/**
 * The `ntp-monitor` program as installed (bundled to dist/cli/ntp-monitor.cjs): refuses a too-old Node in one line,
 * finds the code cache folder, then routes to the command, whose bundle (dist/cli/<command>.cjs) loads through that cache.
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
  void import('./ntp-monitor.js').then((program) => program.runProgram());
}

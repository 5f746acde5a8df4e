/**
 * The single executable's program. It runs once, when the executable is built (`useSnapshot`, scripts/sea.mjs): it
 * loads `check` and the texts, and V8's startup snapshot keeps that heap, so each run starts with them loaded and
 * only calls runProgram (decision 42). The executable carries its own Node, so no version check is needed.
 */
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { startupSnapshot } from 'node:v8';
import { loadCheck, main, runProgram } from './ntp-monitor.js';

// util loads its argument parser on first use: once here, into the snapshot, rather than on every run.
parseArgs({ args: [] });
/**
 * One check of an address it refuses, its report written nowhere: its arguments, settings, judging and report run
 * once, so their functions are compiled into the snapshot (about 1.5 ms of each run). No packet is sent and the
 * clock is never read, so no socket, anchor or time of the build is kept.
 */
const rehearsal = () => {
  const nowhere = new Writable({ write: (_chunk, _encoding, done) => done() });
  return main(['check', '--daemon', 'none', 'not-a-server!'], { stdout: nowhere, stderr: nowhere, env: {} });
};
void loadCheck()
  .then(rehearsal)
  .then(() => startupSnapshot.setDeserializeMainFunction(runProgram));

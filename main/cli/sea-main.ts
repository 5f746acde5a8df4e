/**
 * The single executable's program. It runs once, when the executable is built (`useSnapshot`, scripts/sea.mjs): it
 * loads every command and the texts, and V8's startup snapshot keeps that heap, so each run starts with them loaded
 * and only calls runProgram (decision 42). The executable carries its own Node, so no version check is needed.
 */
import { parseArgs } from 'node:util';
import { startupSnapshot } from 'node:v8';
import { loadCheck, runProgram } from './ntp-monitor.js';

// util loads its argument parser on first use: once here, into the snapshot, rather than on every run.
parseArgs({ args: [] });
void loadCheck().then(() => startupSnapshot.setDeserializeMainFunction(runProgram));

// Post-tsc build step: makes the CLI executable. The desktop build (preload, renderer) adds its bundles here.
import { chmodSync, existsSync } from 'node:fs';

const cli = 'dist/main/cli/ntp-monitor.js';
if (existsSync(cli)) chmodSync(cli, 0o755);

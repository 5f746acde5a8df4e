import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { electronExecutable, whyNoElectron } from './electron-runtime.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe.runIf(process.platform === 'linux')('finding an Electron runtime for the end-to-end suite', () => {
  it('uses ELECTRON_OVERRIDE_DIST_PATH when it holds an electron binary', () => {
    const dir = mkdtempSync(join(tmpdir(), 'electron-dist-'));
    dirs.push(dir);
    const binary = join(dir, 'electron');
    mkdirSync(dirname(binary), { recursive: true });
    writeFileSync(binary, '#!/bin/sh\n');
    chmodSync(binary, 0o755);
    expect(electronExecutable({ ELECTRON_OVERRIDE_DIST_PATH: dir })).toBe(binary);
    expect(whyNoElectron({ ELECTRON_OVERRIDE_DIST_PATH: dir, DISPLAY: ':0' })).toBeUndefined();
    expect(whyNoElectron({ ELECTRON_OVERRIDE_DIST_PATH: dir })).toMatch(/no display/);
  });

  it('says why when there is none', () => {
    const empty = mkdtempSync(join(tmpdir(), 'electron-none-'));
    dirs.push(empty);
    const env = { ELECTRON_OVERRIDE_DIST_PATH: empty, DISPLAY: ':0' };
    // node_modules/electron/dist may exist on a developer's machine; only then is a runtime found.
    if (electronExecutable(env)) expect(electronExecutable(env)).toMatch(/node_modules\/electron\/dist\/electron$/);
    else expect(whyNoElectron(env)).toMatch(/no Electron runtime/);
  });
});

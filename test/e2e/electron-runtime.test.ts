import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { electronVersion } from '../../scripts/electron-runtime.mjs';
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

  it('says why when there is none: an override holding none is not passed over, as the electron package does not', () => {
    const empty = mkdtempSync(join(tmpdir(), 'electron-none-'));
    dirs.push(empty);
    const env = { ELECTRON_OVERRIDE_DIST_PATH: empty, DISPLAY: ':0' };
    expect(electronExecutable(env)).toBeUndefined();
    expect(whyNoElectron(env)).toMatch(/no Electron runtime/);
  });

  it('finds the runtime an electron package downloaded into its dist folder, when no override is set', () => {
    const pkg = mkdtempSync(join(tmpdir(), 'electron-package-'));
    dirs.push(pkg);
    expect(electronExecutable({}, pkg)).toBeUndefined();
    mkdirSync(join(pkg, 'dist'));
    writeFileSync(join(pkg, 'dist', 'electron'), '#!/bin/sh\n');
    writeFileSync(join(pkg, 'package.json'), '{"version":"45.4.1"}');
    expect(electronExecutable({}, pkg)).toBe(join(pkg, 'dist', 'electron'));
    expect(electronVersion(pkg)).toBe('45.4.1');
  });
});

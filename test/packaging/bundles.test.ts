import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleWindow } from '../renderer/window-harness.js';

let out: string;
const read = (path: string) => readFileSync(join(out, path), 'utf8');

beforeAll(() => void (out = bundleWindow()), 120_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('browser-side bundles', () => {
  it('the preload is one CommonJS file that loads nothing but electron (a sandboxed preload can load no more)', () => {
    const preload = read('preload.cjs');
    expect([...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1])).toEqual(['electron']);
    expect(preload).not.toMatch(/^\s*(import|export)\s/m);
    expect(preload).toContain('ntp-monitor:save');
    expect(preload).toContain('exposeInMainWorld');
  });

  it('the window script is a classic script with the engine validation inside and no Node modules', () => {
    const script = read('renderer/settings.js');
    expect(script).not.toMatch(/\brequire\(/);
    expect(script).not.toMatch(/^\s*(import|export)\s/m);
    expect(script).toContain('settings.critical-below-warning');
    const html = read('renderer/settings.html');
    expect(html).toContain('<script src="settings.js" defer></script>');
    expect(html).not.toMatch(/<script>|\son[a-z]+=/);
  });
});

/**
 * Only main/desktop/ may load `electron` or `electron-store`: the engine and the CLI run under plain Node, where
 * loading either fails (or, worse, pulls a 100 MB runtime into `npm install -g`).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI } from '../support/cli.js';

/**
 * Every module specifier in `import ... from`, `export ... from`, `import(...)` and `require(...)`, and the command
 * bundles the built launcher runs through its code cache (`loadBundle(__dirname + "/check.cjs", ...)`).
 */
function specifiers(source: string): string[] {
  const found = source.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)["']([^"']+)["']/gm);
  const bundles = source.matchAll(/\bloadBundle\(__dirname \+ "\/([\w.-]+)"/g);
  return [...[...found].map((m) => m[1]!), ...[...bundles].map((m) => `./${m[1]!}`)];
}

const ELECTRON = /^electron(-store)?(\/|$)/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|cts|js|mjs|cjs)$/.test(name) ? [path] : [];
  });
}

/** The files the built CLI can load: its entry point and every relative import from there, static or dynamic. */
function reachable(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of specifiers(readFileSync(file, 'utf8'))) {
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec));
    }
  };
  visit(entry);
  return [...seen];
}

describe('the electron boundary', () => {
  it('the finder sees every form of import (else the checks below could pass by missing one)', () => {
    const source = `import a from 'electron';\nimport 'electron-store';\nexport { b } from "electron/main";\nconst c = await import('electron');\nconst d = require("electron-store");`;
    expect(specifiers(source)).toEqual(['electron', 'electron-store', 'electron/main', 'electron', 'electron-store']);
  });

  it('no source file outside main/desktop/ imports electron or electron-store', () => {
    const offenders = sourceFiles(resolve('main'))
      .filter((file) => !relative(resolve('main'), file).startsWith(`desktop`))
      .filter((file) => specifiers(readFileSync(file, 'utf8')).some((spec) => ELECTRON.test(spec)))
      .map((file) => relative(process.cwd(), file));
    expect(offenders).toEqual([]);
  });

  it('no engine file imports from main/desktop/: the engine is what the desktop wires, never the other way', () => {
    const offenders = sourceFiles(resolve('main'))
      .filter((file) => !relative(resolve('main'), file).startsWith('desktop'))
      .filter((file) => specifiers(readFileSync(file, 'utf8')).some((spec) => spec.startsWith('.') && resolve(dirname(file), spec).startsWith(resolve('main', 'desktop'))))
      .map((file) => relative(process.cwd(), file));
    expect(offenders).toEqual([]);
  });

  it('the built CLI loads neither, through any chain of imports', () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm test does).`);
    const files = reachable(CLI);
    expect(files.length).toBeGreaterThan(3);
    const offenders = files.filter((file) => specifiers(readFileSync(file, 'utf8')).some((spec) => ELECTRON.test(spec)));
    expect(offenders.map((file) => relative(process.cwd(), file))).toEqual([]);
  });
});

/**
 * The data path reads top to bottom in the folder names (docs/architecture.md): a folder imports only folders below
 * it. Each import that still points up is listed below with why, so that a new one fails here and an old one fixed
 * makes its line go (decision 34).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Lower numbers sit lower on the data path; a folder may import its own rank and below. */
export const RANKS: Record<string, number> = {
  'main/ntp': 0,
  'main/ntp/nts': 0,
  'main/files': 0,
  'main/sample': 1,
  'main/settings': 2,
  'main/judging': 3,
  'main/consensus': 4,
  'main/timeservice': 5,
  'main/scheduler': 5,
  'main/monitor': 6,
  'main/i18n': 7,
  main: 8,
  'main/sinks': 9,
  'main/sinks/formats': 9,
  'main/history': 9,
  'main/engine': 10,
  'main/cli': 11,
  'main/desktop': 11,
  'main/desktop/tray': 11,
  'main/desktop/windows': 11,
  'main/desktop/notifications': 11,
  'main/desktop/platform': 11,
  renderer: 11,
};

/** Imports that still point up, folder to folder: what is left of issue 18, each with its reason. */
const KNOWN_UPWARD: Record<string, string> = {};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** Every relative import of these files, as [importing file, imported source file]. */
function fileImports(files: string[]): [string, string][] {
  return files.flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*)'(\.[^']+)'/g)].map(
      (match): [string, string] => [file, normalize(join(dirname(file), match[1]!)).replace(/\.js$/, '.ts')],
    ),
  );
}

/** Every folder-to-folder import in main/ and renderer/, with one file-level example each. */
function folderImports(): Map<string, string> {
  const found = new Map<string, string>();
  for (const [file, target] of fileImports([...sources('main'), ...sources('renderer')])) {
    const edge = `${dirname(file)} -> ${dirname(target)}`;
    if (dirname(file) !== dirname(target) && !found.has(edge)) found.set(edge, `${relative('.', file)} imports ${relative(dirname(file), target)}`);
  }
  return found;
}

describe('layers', () => {
  const imports = folderImports();
  const upward = [...imports.keys()].filter((edge) => {
    const [from, to] = edge.split(' -> ') as [string, string];
    return RANKS[to]! > RANKS[from]!;
  });

  it('every folder has a rank (a new folder says where it sits on the data path)', () => {
    const folders = new Set([...imports.keys()].flatMap((edge) => edge.split(' -> ')));
    expect([...folders].filter((folder) => RANKS[folder] === undefined)).toEqual([]);
  });

  it('no import points up the data path beyond the known ones, and every known one still exists', () => {
    const unknown = upward.filter((edge) => !(edge in KNOWN_UPWARD)).map((edge) => `${edge}: ${imports.get(edge)}`);
    expect(unknown).toEqual([]);
    expect(Object.keys(KNOWN_UPWARD).filter((edge) => !upward.includes(edge))).toEqual([]);
  });

  it('the windows import only the contract, the texts, the settings model and the address parser', () => {
    const allowed = /^(?:renderer\/[^/]+|main\/contract\.ts|main\/i18n\/[^/]+|main\/settings\/[^/]+|main\/ntp\/address\.ts)$/;
    const outside = fileImports(sources('renderer')).filter(([, target]) => !allowed.test(target));
    expect(outside.map(([file, target]) => `${file} imports ${target}`)).toEqual([]);
  });
});

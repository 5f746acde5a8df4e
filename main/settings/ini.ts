/**
 * An INI reader that reads a config.ini as the original script did, with Python's configparser: the same lines
 * become the same sections, keys and values, and what configparser refuses (duplicate sections or keys, a key
 * without a value, text before the first section) is refused here too, with the line number.
 *
 * Equivalent to `ConfigParser(inline_comment_prefixes=('#', ';'), interpolation=None)` reading the file as UTF-8:
 * - comment lines start with `#` or `;`; after a value, `#` or `;` starts a comment only when whitespace precedes
 *   it, so `https://host/hook#x` and `a;b` stay whole (the `ini` package cut them);
 * - `key = value` and `key: value`; keys are lower-cased; section names keep their case;
 * - a line indented deeper than its key continues the value (joined with a newline; blank lines inside are kept);
 * - `[DEFAULT]` holds values every section inherits;
 * - `%` is literal (no interpolation), since webhook URLs are full of `%20`.
 * Sections and keys live in Maps, so a key named `__proto__` or `constructor` is an ordinary key.
 */
import type { ProblemKey, ProblemParams } from './problem.js';

/** One value and the line its key is on. */
export interface IniEntry {
  value: string;
  line: number;
}

export type IniSection = Map<string, IniEntry>;

export interface IniDocument {
  /** The `[DEFAULT]` section's keys, which every other section inherits. */
  defaults: IniSection;
  /** Every other section, by name as written, in file order. */
  sections: Map<string, IniSection>;
}

/** A line configparser would refuse, with the message saying why. */
export interface IniProblem {
  line: number;
  key: ProblemKey;
  params: ProblemParams;
}

/** A refused file still carries the lines that were understood, so that their values can be checked in the same run. */
export type IniParse = { ok: true; document: IniDocument } | { ok: false; problems: IniProblem[]; document: IniDocument };

/** The section whose keys every other section inherits, as configparser names it. */
export const DEFAULT_SECTION = 'DEFAULT';

/** Python's str.isspace() set, which configparser strips and indents by (JavaScript's \s differs: \x1c-\x1f, \x85, \ufeff). */
const PY_SPACE = '\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const IS_SPACE = new RegExp(`^[${PY_SPACE}]$`);
const LEADING = new RegExp(`^[${PY_SPACE}]+`);
const TRAILING = new RegExp(`[${PY_SPACE}]+$`);
const NON_SPACE = new RegExp(`[^${PY_SPACE}]`);
/** configparser's SECTCRE: matched at the start only, so `[a] b` is section "a", `[a]b]` is "a]b". */
const SECTION = /^\[([^\n]+)\]/;
/** configparser's OPTCRE: the key is everything before the first `=` or `:`. */
const OPTION = new RegExp(`^([^\\n]*?)[${PY_SPACE}]*([=:])[${PY_SPACE}]*([^\\n]*)$`);
const COMMENT_PREFIXES = ['#', ';'];

const strip = (text: string) => text.replace(LEADING, '').replace(TRAILING, '');

/** Parses the whole text; every refused line is reported, not only the first. */
export function parseIni(text: string): IniParse {
  const document: IniDocument = { defaults: new Map(), sections: new Map() };
  const problems: IniProblem[] = [];
  const sectionLines = new Map<string, number>();
  const keyLines = new Map<string, number>();
  const pending = new Map<IniEntry, string[]>();
  let section: IniSection | null = null;
  let sectionName: string | null = null;
  let key: IniEntry | null = null;
  let indentLevel = 0;

  // Python reads the file with universal newlines: \r\n, \r and \n each end a line.
  text.split(/\r\n|\r|\n/).forEach((raw, index) => {
    const line = index + 1;
    const commentStart = commentStartOf(raw);
    const value = strip(raw.slice(0, commentStart));
    if (value === '') {
      // A blank line may belong to a multi-line value; a comment-only line never does.
      if (commentStart === raw.length && key) pending.get(key)!.push('');
      return;
    }
    const indent = raw.search(NON_SPACE);
    if (section && key && indent > indentLevel) {
      pending.get(key)!.push(value);
      return;
    }
    indentLevel = indent;
    const header = SECTION.exec(value);
    if (header) {
      sectionName = header[1]!;
      key = null;
      const existing = document.sections.get(sectionName);
      if (existing) {
        problems.push({ line, key: 'config.duplicate-section', params: { section: sectionName, first: sectionLines.get(sectionName)! } });
        section = existing;
      } else if (sectionName === DEFAULT_SECTION) {
        section = document.defaults;
      } else {
        section = new Map();
        document.sections.set(sectionName, section);
        sectionLines.set(sectionName, line);
      }
      return;
    }
    if (!section) {
      problems.push({ line, key: 'config.outside-section', params: { line: value } });
      return;
    }
    const option = OPTION.exec(value);
    if (!option || option[1] === '') {
      const noValue = !option && !value.startsWith('[');
      problems.push({ line, key: noValue ? 'config.missing-value' : 'config.bad-line', params: { line: value } });
      key = null;
      return;
    }
    const name = option[1]!.replace(TRAILING, '').toLowerCase();
    const seen = `${sectionName}\u0000${name}`;
    if (keyLines.has(seen)) {
      problems.push({ line, key: 'config.duplicate-key', params: { key: name, section: sectionName!, first: keyLines.get(seen)! } });
    }
    keyLines.set(seen, keyLines.get(seen) ?? line);
    key = { value: '', line };
    pending.set(key, [strip(option[3]!)]);
    section.set(name, key);
  });

  for (const [entry, lines] of pending) entry.value = lines.join('\n').replace(TRAILING, '');
  return problems.length > 0 ? { ok: false, problems, document } : { ok: true, document };
}

/**
 * Where the comment on a line starts (the line's length when there is none). Mirrors configparser to the letter:
 * it looks at each prefix's next occurrence in rounds and stops at the first round where one follows whitespace.
 */
function commentStartOf(line: string): number {
  const stripped = strip(line);
  if (COMMENT_PREFIXES.some((prefix) => stripped.startsWith(prefix))) return 0;
  let searches = COMMENT_PREFIXES.map((prefix) => ({ prefix, from: -1 }));
  let start = Infinity;
  while (start === Infinity && searches.length > 0) {
    const next: typeof searches = [];
    for (const { prefix, from } of searches) {
      const at = line.indexOf(prefix, from + 1);
      if (at === -1) continue;
      next.push({ prefix, from: at });
      if (at === 0 || IS_SPACE.test(line[at - 1]!)) start = Math.min(start, at);
    }
    searches = next;
  }
  return start === Infinity ? line.length : start;
}

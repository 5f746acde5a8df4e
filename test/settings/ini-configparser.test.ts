/**
 * Our INI reader against the reader the original script used, Python's configparser, on the same files: hand-written
 * ones holding each rule, and generated ones mixing those rules at random. Both must accept or refuse the same files,
 * and give the same sections, keys and values when they accept.
 */
import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseIni } from '../../main/settings/ini.js';

const PYTHON = '/usr/bin/python3';
const dir = mkdtempSync(join(tmpdir(), 'ntp-monitor-ini-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What configparser made of each file: the same shape parseIni gives, or refused. */
type Outcome = { ok: false } | { ok: true; defaults: Record<string, string>; sections: Record<string, Record<string, string>> };

const READ_WITH_CONFIGPARSER = `
import configparser, json, sys
out = []
for path in sys.argv[1:]:
    cp = configparser.ConfigParser(inline_comment_prefixes=('#', ';'), interpolation=None)
    try:
        cp.read(path, encoding='utf-8')
        out.append({'ok': True, 'defaults': dict(cp._defaults), 'sections': {s: dict(cp._sections[s]) for s in cp.sections()}})
    except configparser.Error:
        out.append({'ok': False})
print(json.dumps(out))
`;

function configparser(texts: string[]): Outcome[] {
  const paths = texts.map((text, i) => {
    const path = join(dir, `${i}.ini`);
    writeFileSync(path, text);
    return path;
  });
  return JSON.parse(execFileSync(PYTHON, ['-c', READ_WITH_CONFIGPARSER, ...paths], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }));
}

function ours(text: string): Outcome {
  const parsed = parseIni(text);
  if (!parsed.ok) return { ok: false };
  const plain = (section: Map<string, { value: string }>) => Object.fromEntries([...section].map(([key, entry]) => [key, entry.value]));
  return {
    ok: true,
    defaults: plain(parsed.document.defaults),
    sections: Object.fromEntries([...parsed.document.sections].map(([name, section]) => [name, plain(section)])),
  };
}

const HAND_WRITTEN = [
  '[ntp_server]\nserver_addr = 139.199.215.251   ; several servers\ninterval = 60 # seconds\nthreshold = 3600\n',
  '[ntp_server]\nwebhook = https://hooks.example/ntp?token=a;b#frag\n',
  '[ntp_server]\nwebhook = https://hooks.example/a%20b ;comment\n',
  '[ntp_server]\nserver_addr: 192.0.2.1\nInterval : 60\n',
  '[DEFAULT]\ninterval = 30\n[ntp_server]\nserver_addr = 192.0.2.1\n',
  '[ntp_server]\nserver_addr = 192.0.2.1,\n   192.0.2.2\n\n   192.0.2.3\n\ninterval = 60\n',
  '[ntp_server]\nserver_addr = a\n  ; a comment inside\n  b\n',
  '[ntp_server]\na = 1\nA = 2\n',
  '[ntp_server]\na = 1\n[ntp_server]\nb = 2\n',
  '[DEFAULT]\na = 1\n[DEFAULT]\nb = 2\n[x]\n',
  'a = 1\n[ntp_server]\n',
  '[ntp_server]\nserver_addr\n',
  '[ntp_server]\n= 1\n',
  '[ntp_server] trailing\n[a]b]\nk=v\n',
  '[ntp_server]\r\nk = v\r\nl = w\rm = x\n',
  '[ntp_server]\n__proto__ = 1\nconstructor = 2\ntoString = 3\nhasOwnProperty =\n',
  '[ntp_server]\nk = a;b ;c #d\nl = x#y; z\nm = #x\n',
  '\t[ntp_server]\n\tk = 1\n\t  continued\nl=2\n',
  '[ntp_server]\nk =   \n  more\n',
  '[ntp_server]\nk = 1\u3000; ideographic space before a comment\n\u00a0\u00a0next = 2\n',
  '[ntp_server]\nk = 1\x1c; file separator counts as space in Python\n',
  '',
  '# only a comment\n; and another\n',
];

/** Lines built from the pieces that make INI rules differ: delimiters, comments, indentation, odd spaces. */
const piece = fc.constantFrom(
  'ntp_server', 'DEFAULT', 'server_addr', 'Interval', 'k', '__proto__', 'constructor', '192.0.2.1', 'a,b', 'http://h/p?x=1',
  '=', ':', ' = ', ': ', ';', '#', ' ;', ' #', '; c', '# c', '[', ']', ' ', '\t', '  ', '\u3000', '\u00a0', '\x1c', '\x85', '\ufeff', '%', 'é', '',
);
const line = fc.oneof(
  fc.array(piece, { maxLength: 6 }).map((parts) => parts.join('')),
  fc.tuple(fc.constantFrom('', ' ', '\t', '  '), fc.constantFrom('ntp_server', 'DEFAULT', 'x', 'ntp_server] z')).map(([indent, name]) => `${indent}[${name}]`),
  fc.tuple(fc.constantFrom('', ' ', '   '), fc.constantFrom('k', 'K', 'interval', 'server_addr'), fc.constantFrom('=', ':', ' = '), fc.array(piece, { maxLength: 4 }))
    .map(([indent, key, delimiter, value]) => `${indent}${key}${delimiter}${value.join('')}`),
);
const file = fc.tuple(fc.array(line, { maxLength: 12 }), fc.constantFrom('\n', '\r\n', '\r')).map(([lines, eol]) => lines.join(eol));

describe('config.ini read as Python’s configparser reads it', () => {
  it('agrees on every hand-written rule: inline comments only after whitespace, [DEFAULT], continuations, duplicates', () => {
    const expected = configparser(HAND_WRITTEN);
    HAND_WRITTEN.forEach((text, i) => expect(ours(text), JSON.stringify(text)).toEqual(expected[i]));
    // Not vacuous: both outcomes occur, and the URL with ; and # survived whole.
    expect(expected.filter((o) => o.ok).length).toBeGreaterThan(5);
    expect(expected.filter((o) => !o.ok).length).toBeGreaterThan(4);
    expect(expected[1]).toMatchObject({ sections: { ntp_server: { webhook: 'https://hooks.example/ntp?token=a;b#frag' } } });
  });

  it('agrees on generated files', () => {
    const texts = fc.sample(file, { numRuns: 400, seed: 8 });
    const expected = configparser(texts);
    texts.forEach((text, i) => expect(ours(text), JSON.stringify(text)).toEqual(expected[i]));
    expect(expected.filter((o) => o.ok).length).toBeGreaterThan(20);
    expect(expected.filter((o) => !o.ok).length).toBeGreaterThan(20);
  });
});

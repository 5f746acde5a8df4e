/**
 * The private CA for NTS servers (the caFile setting, `--ca FILE`): read once per apply, asynchronously and
 * size-capped, and checked to hold PEM certificates, so that a bad file is a clear message when settings are taken,
 * never a failure at each poll. The public roots stay trusted as well; verification is never skipped.
 */
import { readBounded } from '../files/read-bounded.js';
import type { Problem, ProblemKey, ProblemParams } from './problem.js';
import type { CheckedSettings } from './validate.js';

/** A CA bundle of a few certificates is a few kB; a megabyte-sized "CA" is a wrong file. */
export const MAX_CA_BYTES = 256 * 1024;

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** The PEM text, or what is wrong as a message key (texts do not name the file: callers say where it came from). */
export type CaRead = { ok: true; pem: string } | { ok: false; key: ProblemKey; params: ProblemParams };

/** Reads and checks one CA file. */
export async function readCaFile(path: string): Promise<CaRead> {
  const read = await readBounded(path, MAX_CA_BYTES);
  if (!read.ok) {
    if (read.problem === 'not-regular') return { ok: false, key: 'ca.not-regular', params: { kind: read.kind } };
    if (read.problem === 'too-large') return { ok: false, key: 'ca.too-large', params: { limit: MAX_CA_BYTES / 1024 } };
    return { ok: false, key: 'ca.unreadable', params: { reason: read.reason } };
  }
  const blocks = read.bytes.toString('latin1').match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) return { ok: false, key: 'ca.not-pem', params: {} };
  // Loaded here, not at the top: a plain `check` never needs node:crypto, which costs its start-up ~6 ms.
  const { X509Certificate } = process.getBuiltinModule('node:crypto');
  for (const [index, block] of blocks.entries()) {
    try {
      new X509Certificate(block);
    } catch {
      return { ok: false, key: 'ca.bad-certificate', params: { number: index + 1 } };
    }
  }
  return { ok: true, pem: blocks.join('\n') + '\n' };
}

/** Settings carrying their CA's PEM, or what is wrong with the CA file. */
export type CaLoad = { ok: true; checked: CheckedSettings } | { ok: false; key: ProblemKey; params: ProblemParams };

/** The checked settings with their caFile's PEM in `ca` (none when caFile is empty), or what is wrong with the file. */
export async function withCa(checked: CheckedSettings): Promise<CaLoad> {
  const { ca: _previous, ...rest } = checked;
  if (checked.settings.caFile === '') return { ok: true, checked: rest };
  const read = await readCaFile(checked.settings.caFile);
  return read.ok ? { ok: true, checked: { ...rest, ca: read.pem } } : read;
}

/** A CA problem found where `origin` (a flag, a file's key) named the file: worded "origin: file: message". */
export function caProblem(origin: string, path: string, problem: { key: ProblemKey; params: ProblemParams }): Problem {
  return { path: '', key: problem.key, params: problem.params, where: `${origin}: ${path}` };
}

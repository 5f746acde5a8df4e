/**
 * macOS `sntp HOST` (without -s: it only measures) parsed into offsets: timed, macOS's daemon, has no query interface,
 * so an independent SNTP measurement is what can be read there. Written from sntp's documented output (ntp 4.2.8's
 * sntp, which macOS ships); not yet run on a real Mac (no reader calls it yet).
 */

/** One server sntp measured: its offset (s) with RFC 5905's sign (positive when the server is ahead), and error. */
export interface SntpLine {
  offsetS: number;
  errorS: number;
  host: string;
  address: string;
  stratum: number | null;
  /** "no-leap", "add-leap", "del-leap" or "unsync" (sntp's words), null when not printed. */
  leap: string | null;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; check: string };

/** A result line: an optional date and zone, then "+0.003192 +/- 0.021149 host address [sN] [leap]". */
const LINE = /(?:^|\s)([+-]\d+\.\d+) \+\/- (\d+\.\d+) (\S+) (\S+)(?: s(\d{1,2}))?(?: (no-leap|add-leap|del-leap|unsync))?\s*$/;

/** Every result line; lines that are not results (sntp's banner, "sntp 4.2.8p..." ) are skipped; none at all fails. */
export function parseSntpOutput(text: string): Parsed<SntpLine[]> {
  if (text.length > 16 * 1024) return { ok: false, check: 'size' };
  const lines: SntpLine[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = LINE.exec(line);
    if (!m) continue;
    const stratum = m[5] === undefined ? null : Number(m[5]);
    if (stratum !== null && stratum > 16) return { ok: false, check: 'stratum' };
    lines.push({ offsetS: Number(m[1]), errorS: Number(m[2]), host: m[3]!, address: m[4]!, stratum, leap: m[6] ?? null });
  }
  return lines.length > 0 ? { ok: true, value: lines } : { ok: false, check: 'no-result' };
}

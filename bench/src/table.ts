/** Plain-text tables (also valid Markdown), for the terminal and the README. */

export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(headers), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

export const fixed = (value: number, digits: number): string => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
export const signed = (value: number, digits: number): string => (value >= 0 ? '+' : '') + fixed(value, digits);
export const mib = (bytes: number): string => fixed(bytes / 2 ** 20, 1);

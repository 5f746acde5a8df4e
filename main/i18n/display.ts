/** How untrusted values are shown to people: control characters made visible, secrets in URLs hidden. */

/**
 * C0/C1 controls, DEL, and the bidirectional and zero-width format characters that can forge or reorder what a
 * terminal, a log viewer or a notification shows (a newline forging a table row, an escape sequence, U+202E).
 */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

/** The text with every control or format character written as a visible escape (`\n`, `\t`, `\u202e`). */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (char) => {
    switch (char) {
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      default:
        return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
    }
  });
}

/** Hidden in settings/ already, since a problem's parameters must never carry a webhook's token; shown from here. */
export { redactUrl } from '../settings/url.js';

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

/** What stands in for a hidden secret. */
const REDACTED = '***';

/**
 * The URL as it may be shown: user name and password replaced, every query value and a fragment replaced, so that a
 * webhook token never reaches a log, stderr or an error message. Text that is not a URL is hidden the same way by
 * its shape (what stands before an `@`, what follows `?` or `#`), so even a malformed value is not echoed whole.
 */
export function redactUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return redactUnparsed(text);
  }
  if (url.username !== '') url.username = REDACTED;
  if (url.password !== '') url.password = REDACTED;
  if (url.search !== '') {
    const names = [...new Set(url.searchParams.keys())];
    url.search = names.map((name) => `${encodeURIComponent(name)}=${REDACTED}`).join('&');
  }
  if (url.hash !== '') url.hash = REDACTED;
  return url.toString();
}

function redactUnparsed(text: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(text)?.[0] ?? '';
  const rest = text.slice(scheme.length);
  const cut = rest.search(/[?#]/);
  const beforeQuery = cut === -1 ? rest : rest.slice(0, cut);
  const at = beforeQuery.lastIndexOf('@');
  const visible = at === -1 ? beforeQuery : `${REDACTED}${beforeQuery.slice(at)}`;
  return `${scheme}${visible}${cut === -1 ? '' : `${rest[cut]}${REDACTED}`}`;
}

/**
 * Which webhook URLs are accepted: http and https with a host, nothing else (no file:, javascript:, data:); and how
 * one is shown, its secrets hidden.
 */

/** True for an absolute http:// or https:// URL that names a host. */
export function isHttpUrl(value: string): boolean {
  try {
    const parsed = new URL(value);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname !== '';
  } catch {
    return false;
  }
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

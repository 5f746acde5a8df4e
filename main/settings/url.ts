/** Which webhook URLs are accepted: http and https with a host, nothing else (no file:, javascript:, data:). */

/** True for an absolute http:// or https:// URL that names a host. */
export function isHttpUrl(value: string): boolean {
  try {
    const parsed = new URL(value);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname !== '';
  } catch {
    return false;
  }
}

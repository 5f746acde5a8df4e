/** Where a damaged file is kept aside (settings, the history database), so that nothing the user had is lost. */

/** `<path>.bad-<ISO time>`, the time without colons, which Windows file names cannot hold. */
export function backupPath(path: string, at: Date): string {
  return `${path}.bad-${at.toISOString().replace(/:/g, '-')}`;
}

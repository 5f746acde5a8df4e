/** Reads a small user-named file (settings, a CA) without ever blocking the event loop or reading more than a cap. */
import { constants } from 'node:fs';

/** What a path that is not a regular file is, for the message. */
export type FileKind = 'directory' | 'fifo' | 'device' | 'socket' | 'other';

/** The bytes, or why there are none. */
export type BoundedRead =
  | { ok: true; bytes: Buffer }
  | { ok: false; problem: 'not-regular'; kind: FileKind }
  | { ok: false; problem: 'too-large' }
  | { ok: false; problem: 'unreadable'; reason: string };

/**
 * Opened non-blocking (a FIFO would otherwise hold a libuv thread until a writer comes), refused unless it is a
 * regular file, and read only up to `maxBytes` (a file may grow while it is read).
 */
export async function readBounded(path: string, maxBytes: number): Promise<BoundedRead> {
  try {
    // Loaded here, not at the top: `ntp-monitor check` without --ca reads no file and should not pay for it.
    const { open } = await import('node:fs/promises');
    const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    try {
      const stats = await handle.stat();
      if (!stats.isFile()) return { ok: false, problem: 'not-regular', kind: fileKind(stats) };
      if (stats.size > maxBytes) return { ok: false, problem: 'too-large' };
      const read = await readAtMost(handle, maxBytes + 1);
      if (read.length > maxBytes) return { ok: false, problem: 'too-large' };
      return { ok: true, bytes: read };
    } finally {
      await handle.close();
    }
  } catch (error) {
    return { ok: false, problem: 'unreadable', reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message };
  }
}

/** Which kind of not-regular file the stats describe. */
export function fileKind(stats: { isDirectory(): boolean; isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): FileKind {
  if (stats.isDirectory()) return 'directory';
  if (stats.isFIFO()) return 'fifo';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'device';
  return stats.isSocket() ? 'socket' : 'other';
}

/** Reads until end of file or `limit` bytes, whichever comes first. */
async function readAtMost(handle: { read(buffer: Buffer, offset: number, length: number, position: null): Promise<{ bytesRead: number }> }, limit: number): Promise<Buffer> {
  const buffer = Buffer.alloc(limit);
  let filled = 0;
  while (filled < limit) {
    const { bytesRead } = await handle.read(buffer, filled, limit - filled, null);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}

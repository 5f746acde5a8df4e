/** Unpredictable bits for NTP requests from the operating system's CSPRNG, without loading node:crypto at start. */
import { closeSync, openSync, readSync } from 'node:fs';

/**
 * `count` uniformly random bytes. On Unix-like systems they are read from /dev/urandom (the same source node:crypto
 * uses), because loading node:crypto costs `ntp-monitor check` about 6 ms of its start-up (bench: cold start);
 * elsewhere, or when /dev/urandom cannot be read, node:crypto, loaded on first use.
 */
export function urandom(count: number): Buffer {
  if (process.platform !== 'win32') {
    const bytes = Buffer.alloc(count);
    try {
      const fd = openSync('/dev/urandom', 'r');
      try {
        if (readSync(fd, bytes, 0, count, null) === count) return bytes;
      } finally {
        closeSync(fd);
      }
    } catch {
      // a sandbox or chroot without /dev: fall through
    }
  }
  return process.getBuiltinModule('node:crypto').randomBytes(count);
}

/** A uniformly random 16-bit number. */
export function randomUint16(): number {
  return urandom(2).readUInt16BE(0);
}

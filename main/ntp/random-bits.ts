/** Unpredictable bits for NTP requests from the operating system's CSPRNG, without loading node:crypto at start. */
import { closeSync, openSync, readSync } from 'node:fs';

/**
 * A uniformly random 16-bit number. On Unix-like systems it reads /dev/urandom (the same source node:crypto uses),
 * because loading node:crypto costs `ntp-monitor check` about 6 ms of its start-up (bench: cold start); elsewhere,
 * or when /dev/urandom cannot be read, node:crypto, loaded on first use.
 */
export function randomUint16(): number {
  if (process.platform !== 'win32') {
    const bytes = Buffer.alloc(2);
    try {
      const fd = openSync('/dev/urandom', 'r');
      try {
        if (readSync(fd, bytes, 0, 2, null) === 2) return bytes.readUInt16BE(0);
      } finally {
        closeSync(fd);
      }
    } catch {
      // a sandbox or chroot without /dev: fall through
    }
  }
  return process.getBuiltinModule('node:crypto').randomInt(0x10000);
}

/**
 * Carries settings over from the folder the app used before it had a productName (`<appData>/ntp-monitor`) into
 * today's userData (`<appData>/NTP Monitor`): copied, never moved, and never over a file the new folder already has.
 * No Electron here: app.ts passes the two folders.
 */
import { constants, copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The userData folder name before package.json had `productName`: Electron used the package `name`. */
export const LEGACY_USER_DATA_NAME = 'ntp-monitor';

/** The settings file and the backups of damaged ones (settings-store.ts): all the app keeps in userData. */
const CARRIED = /^config\.json(\.bad-.+)?$/;

/**
 * Copies each settings file of `legacyDir` that `userData` lacks; returns the names copied. A file already in
 * `userData` is newer by definition (the renamed app wrote it), so it is left alone, and so is the old folder.
 * A folder that cannot be read is no reason to stop the app: the caller logs what this throws and starts anyway.
 */
export function carryOverUserData(legacyDir: string, userData: string): string[] {
  if (resolve(legacyDir) === resolve(userData) || !existsSync(legacyDir)) return [];
  const names = readdirSync(legacyDir).filter((name) => CARRIED.test(name));
  const copied: string[] = [];
  for (const name of names) {
    if (existsSync(join(userData, name))) continue;
    mkdirSync(userData, { recursive: true });
    try {
      // COPYFILE_EXCL: even a file that appeared since the check above is never overwritten.
      copyFileSync(join(legacyDir, name), join(userData, name), constants.COPYFILE_EXCL);
      copied.push(name);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return copied;
}

/** The one parser for a server the user names anywhere (settings, flags, the window): nts://... is NTS, pool://... a pool, the rest plain NTP. */
import type { MessageKey } from '../i18n/translate.js';
import { parseServerAddress, type ServerAddress } from './address.js';
import { isNtsAddress, parseNtsAddress } from './nts/nts-address.js';
import { isPoolAddress, parsePoolAddress } from './pool-address.js';

/** A parsed server of either protocol, or the message key saying what is wrong. */
export type ServerParse = { ok: true; address: ServerAddress } | { ok: false; key: MessageKey };

/** Parses either kind; a failure carries the message key that says what is accepted (param: `input`). */
export function parseAnyServer(input: string): ServerParse {
  if (isPoolAddress(input)) {
    const pool = parsePoolAddress(input);
    return pool.ok ? pool : { ok: false, key: 'address.pool-invalid' };
  }
  if (isNtsAddress(input)) {
    const nts = parseNtsAddress(input);
    return nts.ok ? nts : { ok: false, key: 'address.nts-invalid' };
  }
  const plain = parseServerAddress(input);
  return plain.ok ? plain : { ok: false, key: `address.${plain.reason}` };
}

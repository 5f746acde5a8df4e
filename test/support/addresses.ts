/** Server addresses for tests and the bench, parsed as validation parses them: the queries take them parsed. */
import { parseAnyServer, type NtsAddress, type PlainAddress, type ServerAddress } from '../../main/ntp/address.js';

/** Any server as the user writes it, parsed; a test's own address that does not parse is the test's bug. */
export function server(text: string): ServerAddress {
  const parsed = parseAnyServer(text);
  if (!parsed.ok) throw new Error(`Invalid test server "${text}": ${parsed.problem}`);
  return parsed.address;
}

/** A plain NTP server (host, host:port, an IP literal), parsed. */
export function plain(text: string): PlainAddress {
  const address = server(text);
  if (address.protocol !== 'ntp') throw new Error(`"${text}" is not a plain NTP address`);
  return address;
}

/** An NTS server (nts://host[:port]), parsed. */
export function nts(text: string): NtsAddress {
  const address = server(text);
  if (address.protocol !== 'nts') throw new Error(`"${text}" is not an NTS address`);
  return address;
}

/** Where the Prometheus endpoint listens: a port alone (loopback) or host:port, in the server-address syntax. */
import { parseServerAddress } from '../ntp/address.js';

/** "9123" means loopback only; "0.0.0.0:9123" must be asked for explicitly. Null when the text is neither. */
export function parseListenAddress(value: string): { host: string; port: number } | null {
  if (/^\d{1,5}$/.test(value)) {
    const port = Number(value);
    return port >= 1 && port <= 65535 ? { host: '127.0.0.1', port } : null;
  }
  const parsed = parseServerAddress(value);
  if (!parsed.ok || !/:\d+$/.test(value)) return null;
  return { host: parsed.address.host, port: parsed.address.port };
}

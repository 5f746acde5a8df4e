/**
 * IPv4 and IPv6 literals, as node:net's isIP reads them, written out by hand: the settings window runs the address
 * parser in the browser (no node:net there), and Node's IPv6 pattern costs 3-15 ms to compile on first use, a third
 * of `ntp-monitor check`'s own start-up. test/ntp/ip-literal.test.ts holds the two to agreeing.
 */

const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;
const DECIMAL_OCTET = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]\d|\d)$/;
const ZONE = /^[0-9a-zA-Z.:-]+$/;

/** 4 for an IPv4 literal, 6 for an IPv6 literal (zoned or v4-mapped included), 0 for anything else. */
export function ipFamily(text: string): 0 | 4 | 6 {
  if (isIPv4(text)) return 4;
  return isIPv6(text) ? 6 : 0;
}

function isIPv4(text: string): boolean {
  const octets = text.split('.');
  return octets.length === 4 && octets.every((octet) => DECIMAL_OCTET.test(octet));
}

/** Eight groups, or fewer around one "::"; an IPv4 literal may stand for the last two; a "%zone" may follow. */
function isIPv6(text: string): boolean {
  const percent = text.indexOf('%');
  if (percent !== -1 && !ZONE.test(text.slice(percent + 1))) return false;
  const address = percent === -1 ? text : text.slice(0, percent);
  const halves = address.split('::');
  if (halves.length > 2) return false;
  const groups = halves.map((half) => (half === '' ? [] : half.split(':')));
  const all = groups.flat();
  const last = all.at(-1);
  // An IPv4 tail is the last thing written, after the "::" if there is one.
  const v4Tail = last !== undefined && groups.at(-1)!.length > 0 && isIPv4(last);
  const hexGroups = v4Tail ? all.slice(0, -1) : all;
  if (!hexGroups.every((group) => HEX_GROUP.test(group))) return false;
  const count = hexGroups.length + (v4Tail ? 2 : 0);
  return halves.length === 2 ? count <= 7 : count === 8;
}

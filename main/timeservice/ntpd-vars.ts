/**
 * ntpd's system and peer variables (mode 6 READVAR text) as typed values in ntpd's own units and signs, every
 * value checked: a missing or malformed field fails the read by name rather than becoming a guess.
 */
import type { Parsed } from './daemon-failure.js';
import { ipFamily } from '../ntp/ip-literal.js';
import { ntpToUnixMs } from '../ntp/timestamp.js';

/** What ntpd believes about this computer's clock (ms as ntpd sends them; offset: its sign, which is RFC 5905's). */
export interface NtpdSystem {
  leap: 0 | 1 | 2 | 3;
  stratum: number;
  /** "offset": the combined offset of its sources from this computer (ms), positive when they are ahead. */
  offsetMs: number;
  rootDelayMs: number;
  rootDispersionMs: number;
  refId: string;
  /** When it last updated its clock (Unix ms); null: never (reftime 0). */
  refTimeMs: number | null;
  /** The clock discipline's time constant (log2 s): its update interval; null when not sent. */
  timeConstant: number | null;
  /** The association of its system peer; null or 0 when it has none. */
  peer: number | null;
  version: string | null;
}

/** rfc5905's peer selection codes in an association's status word (bits 8-10). */
export const PEER_SELECTION = ['reject', 'falseticker', 'excess', 'outlier', 'candidate', 'backup', 'system-peer', 'pps-peer'] as const;
/** An association's selection code by name. */
export type PeerSelection = (typeof PEER_SELECTION)[number];

/** One association as ntpd sees it. */
export interface NtpdPeer {
  associd: number;
  selection: PeerSelection;
  /** Its address; a reference clock shows as 127.127.t.u. */
  address: string;
  stratum: number;
  /** ntpd's latest measurement of it (ms), positive when it is ahead of this computer. */
  offsetMs: number;
  delayMs: number;
  reach: number;
  /** Its poll interval (log2 s). */
  poll: number | null;
}

/** The system variables the reader asks for. */
export const SYSTEM_VARIABLES = ['leap', 'stratum', 'offset', 'rootdelay', 'rootdisp', 'refid', 'reftime', 'tc', 'peer', 'version'] as const;
/** The variables asked of each association. */
export const PEER_VARIABLES = ['srcadr', 'stratum', 'offset', 'delay', 'reach', 'hpoll'] as const;

const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

function number(vars: Map<string, string>, name: string): number | undefined {
  const text = vars.get(name);
  if (text === undefined || !DECIMAL.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

function integer(vars: Map<string, string>, name: string, min: number, max: number): number | undefined {
  const text = vars.get(name);
  if (text === undefined) return undefined;
  const value = /^0x[0-9a-f]{1,8}$/i.test(text) ? parseInt(text, 16) : /^-?\d{1,10}$/.test(text) ? Number(text) : NaN;
  return Number.isInteger(value) && value >= min && value <= max ? value : undefined;
}

/** Classic ntpd writes leap as two bits ("00", "11"), ntpsec as a number. */
function leapOf(text: string | undefined): 0 | 1 | 2 | 3 | undefined {
  if (text === undefined) return undefined;
  if (/^[01]{2}$/.test(text)) return parseInt(text, 2) as 0 | 1 | 2 | 3;
  return /^[0-3]$/.test(text) ? (Number(text) as 0 | 1 | 2 | 3) : undefined;
}

/** An NTP timestamp as ntpd writes it, 0xSSSSSSSS.FFFFFFFF, in Unix ms (null for zero). */
function timestamp(text: string | undefined, nowMs: number): number | null | undefined {
  const m = /^0x([0-9a-f]{8})\.([0-9a-f]{8})$/i.exec(text ?? '');
  if (!m) return undefined;
  const seconds = parseInt(m[1]!, 16);
  const fraction = parseInt(m[2]!, 16);
  return seconds === 0 && fraction === 0 ? null : ntpToUnixMs({ seconds, fraction }, nowMs);
}

/** The system variables (association 0). */
export function systemVariables(vars: Map<string, string>, nowMs: number): Parsed<NtpdSystem> {
  const leap = leapOf(vars.get('leap'));
  if (leap === undefined) return { ok: false, check: 'leap' };
  const stratum = integer(vars, 'stratum', 0, 16);
  if (stratum === undefined) return { ok: false, check: 'stratum' };
  const offsetMs = number(vars, 'offset');
  if (offsetMs === undefined) return { ok: false, check: 'offset' };
  const rootDelayMs = number(vars, 'rootdelay');
  if (rootDelayMs === undefined || rootDelayMs < 0) return { ok: false, check: 'rootdelay' };
  const rootDispersionMs = number(vars, 'rootdisp');
  if (rootDispersionMs === undefined || rootDispersionMs < 0) return { ok: false, check: 'rootdisp' };
  const refTimeMs = timestamp(vars.get('reftime'), nowMs);
  if (refTimeMs === undefined) return { ok: false, check: 'reftime' };
  const tc = vars.has('tc') ? integer(vars, 'tc', 0, 17) : null;
  if (tc === undefined) return { ok: false, check: 'tc' };
  const peer = vars.has('peer') ? integer(vars, 'peer', 0, 65535) : null;
  if (peer === undefined) return { ok: false, check: 'peer' };
  const refId = vars.get('refid') ?? '';
  if (refId.length > 64) return { ok: false, check: 'refid' };
  return { ok: true, value: { leap, stratum, offsetMs, rootDelayMs, rootDispersionMs, refId, refTimeMs, timeConstant: tc, peer, version: vars.get('version') ?? null } };
}

/** One association's variables, with the status word READSTAT gave for it. */
export function peerVariables(associd: number, status: number, vars: Map<string, string>): Parsed<NtpdPeer> {
  const address = vars.get('srcadr') ?? '';
  if (ipFamily(address) === 0) return { ok: false, check: 'srcadr' };
  const stratum = integer(vars, 'stratum', 0, 16);
  if (stratum === undefined) return { ok: false, check: 'stratum' };
  const offsetMs = number(vars, 'offset');
  if (offsetMs === undefined) return { ok: false, check: 'offset' };
  const delayMs = number(vars, 'delay');
  if (delayMs === undefined) return { ok: false, check: 'delay' };
  const reach = integer(vars, 'reach', 0, 255);
  if (reach === undefined) return { ok: false, check: 'reach' };
  const poll = vars.has('hpoll') ? integer(vars, 'hpoll', -8, 17) : null;
  if (poll === undefined) return { ok: false, check: 'hpoll' };
  return { ok: true, value: { associd, selection: PEER_SELECTION[(status >> 8) & 7]!, address, stratum, offsetMs, delayMs, reach, poll } };
}

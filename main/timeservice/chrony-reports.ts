/**
 * The bodies of chrony's tracking, sources and sourcestats replies (candm.h, byte offsets from the packet start),
 * decoded into plain values with chrony's own signs; every field with a closed set of values is checked.
 */
import { decodeChronyFloat as float, decodeIpAddr, decodeTimespec } from './chrony-wire.js';
import type { Parsed } from './daemon-failure.js';

/** TRACKING: what chronyd believes about this computer's clock. Seconds, chrony's signs (see each field). */
export interface ChronyTracking {
  /** Reference id of the selected source (0: none; 0x7F7F0101: the `local` reference). */
  refId: number;
  /** The selected source's address; null when none (or a reference clock). */
  address: string | null;
  stratum: number;
  /** 0 normal, 1 insert, 2 delete, 3 not synchronised. */
  leap: 0 | 1 | 2 | 3;
  /** When chronyd last updated its reference (Unix ms); null: never. */
  refTimeMs: number | null;
  /** "System time": how far the system clock is still to be corrected; positive = the clock is slow (behind). */
  currentCorrectionS: number;
  /** "Last offset": the last measured offset; positive = this computer's clock was ahead of its sources. */
  lastOffsetS: number;
  rmsOffsetS: number;
  freqPpm: number;
  residFreqPpm: number;
  skewPpm: number;
  rootDelayS: number;
  rootDispersionS: number;
  lastUpdateIntervalS: number;
}

export function decodeTracking(b: Buffer): Parsed<ChronyTracking> {
  const address = decodeIpAddr(b, 32);
  if (address === undefined) return { ok: false, check: 'address-family' };
  const leap = b.readUInt16BE(54);
  if (leap > 3) return { ok: false, check: 'leap' };
  const refTimeMs = decodeTimespec(b, 56);
  if (refTimeMs === undefined) return { ok: false, check: 'reference-time' };
  const stratum = b.readUInt16BE(52);
  if (stratum > 16) return { ok: false, check: 'stratum' };
  const f = (offset: number) => float(b.readUInt32BE(offset));
  return {
    ok: true,
    value: {
      refId: b.readUInt32BE(28),
      address,
      stratum,
      leap: leap as ChronyTracking['leap'],
      refTimeMs,
      currentCorrectionS: f(68),
      lastOffsetS: f(72),
      rmsOffsetS: f(76),
      freqPpm: f(80),
      residFreqPpm: f(84),
      skewPpm: f(88),
      rootDelayS: f(92),
      rootDispersionS: f(96),
      lastUpdateIntervalS: f(100),
    },
  };
}

/** More sources than any sane configuration has: a reply claiming more is not believed. */
export const MAX_CHRONY_SOURCES = 256;

export function decodeSourceCount(b: Buffer): Parsed<number> {
  const count = b.readUInt32BE(28);
  return count > MAX_CHRONY_SOURCES ? { ok: false, check: 'source-count' } : { ok: true, value: count };
}

/** chronyc's source states, in candm.h order (RPY_SD_ST_*): `*`, `?`, `x`, `~`, `+`, `-`. */
export const SOURCE_STATES = ['selected', 'nonselectable', 'falseticker', 'jittery', 'unselected', 'selectable'] as const;
export type ChronySourceState = (typeof SOURCE_STATES)[number];
const SOURCE_MODES = ['server', 'peer', 'refclock'] as const;

/** One entry of SOURCES. Seconds, chrony's signs. */
export interface ChronySource {
  /** Null for an unresolved name or a reference clock. */
  address: string | null;
  /** Polling interval, log2 seconds. */
  poll: number;
  stratum: number;
  state: ChronySourceState;
  mode: (typeof SOURCE_MODES)[number];
  /** The 8-bit reachability register (chronyc prints it in octal). */
  reachability: number;
  /** Seconds since the last sample; null: never sampled. */
  sinceSampleS: number | null;
  /** The last sample's offset, adjusted for later corrections; positive = this computer's clock ahead of the source. */
  latestMeasS: number;
  latestMeasErrS: number;
}

const NEVER_SAMPLED = 0xffffffff;

export function decodeSourceData(b: Buffer): Parsed<ChronySource> {
  const address = decodeIpAddr(b, 28);
  if (address === undefined) return { ok: false, check: 'address-family' };
  const state = SOURCE_STATES[b.readUInt16BE(52)];
  if (!state) return { ok: false, check: 'source-state' };
  const mode = SOURCE_MODES[b.readUInt16BE(54)];
  if (!mode) return { ok: false, check: 'source-mode' };
  const reachability = b.readUInt16BE(58);
  if (reachability > 0xff) return { ok: false, check: 'reachability' };
  const stratum = b.readUInt16BE(50);
  if (stratum > 16) return { ok: false, check: 'stratum' };
  const since = b.readUInt32BE(60);
  return {
    ok: true,
    value: {
      address,
      poll: b.readInt16BE(48),
      stratum,
      state,
      mode,
      reachability,
      sinceSampleS: since === NEVER_SAMPLED ? null : since,
      latestMeasS: float(b.readUInt32BE(68)),
      latestMeasErrS: float(b.readUInt32BE(72)),
    },
  };
}

/** One entry of SOURCESTATS: chronyd's regression over the source's samples. Seconds, chrony's signs. */
export interface ChronySourceStats {
  address: string | null;
  samples: number;
  runs: number;
  spanS: number;
  standardDeviationS: number;
  residFreqPpm: number;
  skewPpm: number;
  /** Estimated offset of the source; positive = this computer's clock ahead of it. */
  estOffsetS: number;
  estOffsetErrS: number;
}

export function decodeSourceStats(b: Buffer): Parsed<ChronySourceStats> {
  const address = decodeIpAddr(b, 32);
  if (address === undefined) return { ok: false, check: 'address-family' };
  const samples = b.readUInt32BE(52);
  const runs = b.readUInt32BE(56);
  // chronyd keeps at most 64 samples per source (MAX_SAMPLES); runs never exceed samples.
  if (samples > 64 || runs > samples) return { ok: false, check: 'sample-count' };
  const f = (offset: number) => float(b.readUInt32BE(offset));
  return {
    ok: true,
    value: {
      address,
      samples,
      runs,
      spanS: b.readUInt32BE(60),
      standardDeviationS: f(64),
      residFreqPpm: f(68),
      skewPpm: f(72),
      estOffsetS: f(76),
      estOffsetErrS: f(80),
    },
  };
}

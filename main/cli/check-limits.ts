/**
 * The check's per-server limits and burst size, validated like settings and under the names the settings model can
 * adopt (samples, maxStratum, maxRootDistanceSeconds), so the flags and the settings will say the same thing.
 */
import { translate, type Language, type MessageKey } from '../i18n/translate.js';
import { BURST_LIMITS } from '../ntp/burst.js';
import { numberProblem, problemMessage } from '../settings/validate.js';

export interface CheckLimits {
  /** Requests per server in one burst (1-8). */
  samples: number;
  /** A server further from a reference clock than this is WARNING; null: no limit. */
  maxStratum: number | null;
  /** A server whose root distance (lambda) is larger is WARNING; null: no limit. */
  maxRootDistanceSeconds: number | null;
}

export const CHECK_LIMITS = {
  samples: { ...BURST_LIMITS, integer: true, unit: 'unit.none' },
  /** Stratum 16 means unsynchronized, which the query already rejects. */
  maxStratum: { min: 1, max: 15, integer: true, unit: 'unit.none' },
  /** RFC 5905 MAXDIST is 1.5 s; past 16 s (MAXDISP) a reply is rejected anyway. */
  maxRootDistanceSeconds: { min: 0.001, max: 16, integer: false, unit: 'unit.seconds' },
} as const;

type LimitKey = keyof typeof CHECK_LIMITS;

/** Checks each given value (a number, or the text that failed to be one); absent values keep their defaults. */
export function validateCheckLimits(raw: Partial<Record<LimitKey, unknown>>, lang: Language): { limits: CheckLimits } | { messages: { key: LimitKey; text: string }[] } {
  const limits: CheckLimits = { samples: 1, maxStratum: null, maxRootDistanceSeconds: null };
  const messages: { key: LimitKey; text: string }[] = [];
  for (const key of Object.keys(CHECK_LIMITS) as LimitKey[]) {
    const value = raw[key];
    if (value === undefined) continue;
    const { integer, unit, ...range } = CHECK_LIMITS[key];
    const problem = numberProblem(key, value, range, unit, integer);
    if (problem) {
      problem.params.field = translate(lang, `field.${key}` as MessageKey);
      messages.push({ key, text: problemMessage(problem, lang) });
    } else {
      limits[key] = value as number;
    }
  }
  return messages.length > 0 ? { messages } : { limits };
}

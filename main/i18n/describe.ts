/** The human words for results and transitions, shared by notifications, webhooks, logs and the CLI. */
import { translate, type Language, type MessageKey } from './translate.js';
import type { LimitExcess } from '../judging/limits.js';
import { failureWords } from './failure-words.js';
import { serverWords, thisComputerWords } from './offset-words.js';
import { stateWord } from './state-words.js';
import type { Transition, VerdictDetail } from '../judging/transition.js';

export function formatSeconds(seconds: number): string {
  return `${Number(seconds.toPrecision(6))} s`;
}

export interface TransitionText {
  title: string;
  body: string;
}

/** Title and body naming the server, the new state, its offset in words and the threshold crossed (or the reason). */
export function describeTransition(t: Transition, lang: Language): TransitionText {
  if (t.verdict) return describeVerdict(t, t.verdict, lang);
  const state = stateWord(t.to, lang, t.failure?.kind);
  const title = translate(lang, 'transition.title', { server: t.server, state });
  if (t.failure) return { title, body: failureWords(t.failure, lang) };
  const relation = t.sample ? serverWords(t.sample.offsetMs, 'this-computer', lang) : '';
  const params = { server: t.server, relation, state, threshold: t.thresholdSeconds !== undefined ? formatSeconds(t.thresholdSeconds) : '' };
  if (t.to === 'ok') return { title, body: translate(lang, t.thresholdSeconds !== undefined ? 'transition.recovered' : 'transition.ok', params) };
  if (t.beyond && t.beyond.length > 0 && t.sample && Math.abs(t.sample.offsetMs) / 1000 < (t.thresholdSeconds ?? Infinity)) {
    const reasons = t.beyond.map((excess) => describeExcess(excess, lang).replace(/[.\u3002]$/, '')).join('; ');
    return { title, body: translate(lang, 'transition.beyond-limits', { ...params, reasons }) };
  }
  return { title, body: translate(lang, 'transition.alarm', params) };
}

/** A limit a server is beyond, as check prints it and alerts name it: "stratum 4 is above the maximum 2." */
export function describeExcess(excess: LimitExcess, lang: Language): string {
  return excess.limit === 'stratum'
    ? translate(lang, 'check.stratum-too-high', { stratum: excess.value, max: excess.max })
    : translate(lang, 'check.root-distance-too-high', { distance: formatSeconds(excess.valueSeconds), max: formatSeconds(excess.maxSeconds) });
}

/** This computer's clock (behind or ahead of the majority), a falseticker and its recovery, a leap second. */
function describeVerdict(t: Transition, v: VerdictDetail, lang: Language): TransitionText {
  const state = stateWord(t.to, lang);
  const threshold = t.thresholdSeconds !== undefined ? formatSeconds(t.thresholdSeconds) : '';
  const counts = { agree: v.agree, total: v.total };
  if (v.reason === 'falseticker') {
    const params = { server: t.server, relation: serverWords(v.offsetMs, 'consensus', lang) };
    const key = t.to === 'ok' ? 'truechimer' : 'falseticker';
    return { title: translate(lang, `verdict.${key}-title`, params), body: translate(lang, `verdict.${key}`, params) };
  }
  if (v.reason === 'leap') {
    const key: MessageKey = v.leap === 1 ? 'verdict.leap-insert' : v.leap === 2 ? 'verdict.leap-delete' : 'verdict.leap-none';
    return { title: translate(lang, 'verdict.leap-title'), body: translate(lang, key, counts) };
  }
  const title = translate(lang, 'transition.title', { server: translate(lang, 'verdict.this-computer'), state });
  const params = { state, threshold, verdict: thisComputerWords(v.offsetMs, v.agree, v.total, lang) };
  const key = t.to !== 'ok' ? 'verdict.local-alarm' : threshold ? 'verdict.local-recovered' : 'verdict.local-ok';
  return { title, body: translate(lang, key, params) };
}

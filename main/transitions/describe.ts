/** The human words for results and transitions, shared by notifications, webhooks, logs and the CLI. */
import { translate, type Language } from '../i18n/translate.js';
import type { Transition } from './transition.js';

/** "+12.3 ms", "-1.204 s": signed, three significant decimals, in the unit a person reads at a glance. */
export function formatOffset(offsetMs: number): string {
  const sign = offsetMs < 0 ? '-' : '+';
  const abs = Math.abs(offsetMs);
  if (abs < 1) return `${sign}${abs.toFixed(3)} ms`;
  if (abs < 1000) return `${sign}${abs.toFixed(1)} ms`;
  return `${sign}${(abs / 1000).toFixed(3)} s`;
}

export function formatSeconds(seconds: number): string {
  return `${Number(seconds.toPrecision(6))} s`;
}

export interface TransitionText {
  title: string;
  body: string;
}

/** Title and body naming the server, the new state, the signed offset and the threshold crossed (or the reason). */
export function describeTransition(t: Transition, lang: Language): TransitionText {
  const state = translate(lang, `state.${t.to}`);
  const title = translate(lang, 'transition.title', { server: t.server, state });
  if (t.failure) return { title, body: t.failure.message };
  const offset = t.sample ? formatOffset(t.sample.offsetMs) : '';
  const params = { server: t.server, offset, state, threshold: t.thresholdSeconds !== undefined ? formatSeconds(t.thresholdSeconds) : '' };
  if (t.to === 'ok') return { title, body: translate(lang, t.thresholdSeconds !== undefined ? 'transition.recovered' : 'transition.ok', params) };
  return { title, body: translate(lang, 'transition.alarm', params) };
}

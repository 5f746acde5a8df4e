/** The single-value fields of the settings window: built from one table, read back as the engine expects them. */
import { translate, type Language, type MessageKey } from '../main/i18n/translate.js';
import { DAEMON_FORMS } from '../main/settings/daemon.js';
import { numeric } from '../main/settings/numbers.js';
import { ADDRESS_FAMILIES, LIMITS, WEBHOOK_FORMATS, type Settings } from '../main/settings/settings.js';

/** A number, or a limit that may be off (an empty field saves null), text, a secret, a checkbox, a list of choices. */
type Kind = 'seconds' | 'count' | 'optional-seconds' | 'optional-count' | 'text' | 'secret' | 'checkbox' | Choice;
type Choice = keyof typeof CHOICES;

export const FIELDS = {
  intervalSeconds: 'seconds',
  warningSeconds: 'seconds',
  criticalSeconds: 'seconds',
  confirm: 'count',
  samples: 'count',
  maxStratum: 'optional-count',
  maxRootDistanceSeconds: 'optional-seconds',
  family: 'family',
  timeoutMs: 'count',
  failuresBeforeUnreachable: 'count',
  daemon: 'text',
  notifications: 'checkbox',
  webhookUrl: 'text',
  webhookFormat: 'webhookFormat',
  webhookSecret: 'secret',
  metricsListen: 'text',
  caFile: 'text',
  historyFile: 'text',
  historyRetentionDays: 'count',
  startAtLogin: 'checkbox',
  language: 'language',
} as const satisfies Partial<Record<keyof Settings, Kind>>;

export type FieldKey = keyof typeof FIELDS;
export const FIELD_KEYS = Object.keys(FIELDS) as FieldKey[];

/** Fields whose range needs its unit and meaning said (`{range}` is the engine's limits). */
const RANGE_HINTS: Partial<Record<FieldKey, MessageKey>> = {
  timeoutMs: 'settings-window.timeout-hint',
  failuresBeforeUnreachable: 'settings-window.failures-hint',
  historyRetentionDays: 'settings-window.retention-hint',
};
/** Fields whose hint says what the text is and its format. */
const TEXT_HINTS: Partial<Record<FieldKey, MessageKey>> = {
  caFile: 'settings-window.ca-hint',
  historyFile: 'settings-window.history-file-hint',
  metricsListen: 'settings-window.metrics-hint',
  family: 'settings-window.family-hint',
  webhookFormat: 'settings-window.format-hint',
  webhookSecret: 'settings-window.secret-hint',
};
/** Fields with a "Choose…" button beside them: main opens a file dialog (the window never reads the disk). */
export const PICKED_FILES = ['caFile'] as const satisfies FieldKey[];

const LANGUAGE_NAMES = { en: 'English', 'zh-CN': '简体中文' } as const;
const CHOICES = { language: ['system', 'en', 'zh-CN'], family: ADDRESS_FAMILIES, webhookFormat: WEBHOOK_FORMATS } as const;

const isSeconds = (kind: Kind) => kind === 'seconds' || kind === 'optional-seconds';
const isCount = (kind: Kind) => kind === 'count' || kind === 'optional-count';
const isOptional = (kind: Kind) => kind === 'optional-seconds' || kind === 'optional-count';

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`The settings page has no #${id}`);
  return found as T;
}

export const input = (key: FieldKey) => element<HTMLInputElement & HTMLSelectElement>(key);
export const errorLine = (key: FieldKey) => element<HTMLParagraphElement>(`${key}-error`);
/** Advice that does not block saving (settings/webhook-advice.ts). */
export const warningLine = (key: FieldKey) => element<HTMLParagraphElement>(`${key}-warning`);

/** Creates label, control, hint, error and warning line inside each `[data-field]` placeholder. */
export function buildFields(): void {
  for (const key of FIELD_KEYS) {
    const box = document.querySelector<HTMLElement>(`[data-field="${key}"]`)!;
    const kind: Kind = FIELDS[key];
    const label = document.createElement('label');
    label.htmlFor = key;
    label.dataset.i18n = `field.${key}`;
    let control: HTMLInputElement | HTMLSelectElement;
    if (Object.hasOwn(CHOICES, kind)) {
      control = document.createElement('select');
      for (const value of CHOICES[kind as Choice]) control.append(new Option(value, value));
    } else {
      control = document.createElement('input');
      control.type = kind === 'checkbox' ? 'checkbox' : kind === 'secret' ? 'password' : 'text';
      if (isSeconds(kind)) control.inputMode = 'decimal';
      if (isCount(kind)) control.inputMode = 'numeric';
      if (kind === 'text' || kind === 'secret') control.spellcheck = false;
      // A secret is not for the browser's password manager, nor for autofill from it.
      if (kind === 'secret') control.autocomplete = 'off';
    }
    control.id = key;
    control.name = key;
    const hint = document.createElement('p');
    hint.className = 'hint';
    hint.id = `${key}-hint`;
    const error = document.createElement('p');
    error.className = 'error';
    error.id = `${key}-error`;
    error.hidden = true;
    const warning = document.createElement('p');
    warning.className = 'warning';
    warning.id = `${key}-warning`;
    warning.hidden = true;
    control.setAttribute('aria-describedby', `${key}-hint ${key}-error ${key}-warning`);
    if (kind === 'checkbox') box.append(control, label, hint, error, warning);
    else box.append(label, withPicker(key, control), hint, error, warning);
  }
}

/** The control, or the control and its "Choose…" button side by side. */
function withPicker(key: FieldKey, control: HTMLElement): HTMLElement {
  if (!(PICKED_FILES as readonly FieldKey[]).includes(key)) return control;
  const choose = document.createElement('button');
  choose.type = 'button';
  choose.id = `${key}-choose`;
  choose.dataset.i18n = 'settings-window.choose-file';
  const row = document.createElement('div');
  row.className = 'with-button';
  row.append(control, choose);
  return row;
}

/** Hints say what is accepted, from the engine's own limits. */
export function fieldHint(key: FieldKey, lang: Language): string {
  const kind: Kind = FIELDS[key];
  if (isSeconds(kind) || isCount(kind)) {
    const { min, max } = LIMITS[key as keyof typeof LIMITS] as { min: number; max: number };
    const range = isSeconds(kind) ? `${min}–${max} ${translate(lang, 'settings-window.seconds')}` : `${min}–${max}`;
    const own = RANGE_HINTS[key];
    if (own) return translate(lang, own, { range });
    const advice = isOptional(kind) ? 'settings-window.no-limit' : key === 'samples' ? 'settings-window.samples-hint' : undefined;
    return advice ? translate(lang, 'settings-window.range-hint', { range, hint: translate(lang, advice) }) : range;
  }
  if (key === 'daemon') return translate(lang, 'settings-window.daemon-hint', { forms: DAEMON_FORMS });
  const text = TEXT_HINTS[key];
  if (text) return translate(lang, text);
  if (kind === 'text') return translate(lang, 'settings-window.empty-off');
  return '';
}

/** The choices' texts in `lang`; each language keeps its own name, so a reader of the other one still finds it. */
export function translateOptions(lang: Language): void {
  for (const option of Array.from(input('language').options)) {
    option.text = option.value === 'system' ? translate(lang, 'settings-window.language-system') : LANGUAGE_NAMES[option.value as keyof typeof LANGUAGE_NAMES];
  }
  for (const option of Array.from(input('family').options)) option.text = translate(lang, `settings-window.family-${option.value as Settings['family']}`);
  for (const option of Array.from(input('webhookFormat').options)) {
    option.text = translate(lang, `settings-window.format-${option.value as Settings['webhookFormat']}`);
  }
}

export function writeFields(settings: Settings): void {
  for (const key of FIELD_KEYS) {
    const control = input(key);
    if (FIELDS[key] === 'checkbox') control.checked = settings[key] as boolean;
    else control.value = String(settings[key] ?? '');
  }
}

/**
 * Numbers by the engine's own rule (plain decimal), an empty limit as null (no limit); anything else as typed, so the
 * engine's message quotes it back.
 */
export function readFields(): Partial<Record<FieldKey, unknown>> {
  const values: Partial<Record<FieldKey, unknown>> = {};
  for (const key of FIELD_KEYS) {
    const control = input(key);
    const kind: Kind = FIELDS[key];
    if (kind === 'checkbox') values[key] = control.checked;
    else if (isOptional(kind) && control.value.trim() === '') values[key] = null;
    else if (isSeconds(kind) || isCount(kind)) values[key] = numeric(control.value);
    else values[key] = control.value.trim();
  }
  return values;
}

/** The single-value fields of the settings window: built from one table, read back as the engine expects them. */
import { translate, type Language } from '../main/i18n/translate.js';
import { numeric } from '../main/settings/numbers.js';
import { LIMITS, type Settings } from '../main/settings/settings.js';

type Kind = 'seconds' | 'count' | 'text' | 'checkbox' | 'language';

export const FIELDS = {
  intervalSeconds: 'seconds',
  warningSeconds: 'seconds',
  criticalSeconds: 'seconds',
  confirm: 'count',
  notifications: 'checkbox',
  webhookUrl: 'text',
  metricsListen: 'text',
  caFile: 'text',
  startAtLogin: 'checkbox',
  language: 'language',
} as const satisfies Partial<Record<keyof Settings, Kind>>;

export type FieldKey = keyof typeof FIELDS;
export const FIELD_KEYS = Object.keys(FIELDS) as FieldKey[];

const LANGUAGE_NAMES = { en: 'English', 'zh-CN': '简体中文' } as const;

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`The settings page has no #${id}`);
  return found as T;
}

export const input = (key: FieldKey) => element<HTMLInputElement & HTMLSelectElement>(key);
export const errorLine = (key: FieldKey) => element<HTMLParagraphElement>(`${key}-error`);

/** Creates label, control, hint and error line inside each `[data-field]` placeholder. */
export function buildFields(): void {
  for (const key of FIELD_KEYS) {
    const box = document.querySelector<HTMLElement>(`[data-field="${key}"]`)!;
    const kind: Kind = FIELDS[key];
    const label = document.createElement('label');
    label.htmlFor = key;
    label.dataset.i18n = `field.${key}`;
    let control: HTMLInputElement | HTMLSelectElement;
    if (kind === 'language') {
      control = document.createElement('select');
      for (const value of ['system', 'en', 'zh-CN']) control.append(new Option(value, value));
    } else {
      control = document.createElement('input');
      control.type = kind === 'checkbox' ? 'checkbox' : 'text';
      if (kind === 'seconds') control.inputMode = 'decimal';
      if (kind === 'count') control.inputMode = 'numeric';
      if (kind === 'text') control.spellcheck = false;
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
    control.setAttribute('aria-describedby', `${key}-hint ${key}-error`);
    if (kind === 'checkbox') box.append(control, label, hint, error);
    else box.append(label, control, hint, error);
  }
}

/** Hints say what is accepted, from the engine's own limits. */
export function fieldHint(key: FieldKey, lang: Language): string {
  const kind: Kind = FIELDS[key];
  if (kind === 'seconds' || kind === 'count') {
    const { min, max } = LIMITS[key as keyof typeof LIMITS] as { min: number; max: number };
    return kind === 'seconds' ? `${min}–${max} ${translate(lang, 'window.seconds')}` : `${min}–${max}`;
  }
  if (key === 'caFile') return translate(lang, 'window.ca-hint');
  if (kind === 'text') return translate(lang, 'window.empty-off');
  return '';
}

export function translateLanguageOptions(lang: Language): void {
  for (const option of Array.from(input('language').options)) {
    option.text = option.value === 'system' ? translate(lang, 'window.language-system') : LANGUAGE_NAMES[option.value as keyof typeof LANGUAGE_NAMES];
  }
}

export function writeFields(settings: Settings): void {
  for (const key of FIELD_KEYS) {
    const control = input(key);
    if (FIELDS[key] === 'checkbox') control.checked = settings[key] as boolean;
    else control.value = String(settings[key]);
  }
}

/** Numbers by the engine's own rule (plain decimal); anything else as typed, so the engine's message quotes it back. */
export function readFields(): Partial<Record<FieldKey, unknown>> {
  const values: Partial<Record<FieldKey, unknown>> = {};
  for (const key of FIELD_KEYS) {
    const control = input(key);
    const kind: Kind = FIELDS[key];
    if (kind === 'checkbox') values[key] = control.checked;
    else if (kind === 'seconds' || kind === 'count') values[key] = numeric(control.value);
    else values[key] = control.value.trim();
  }
  return values;
}

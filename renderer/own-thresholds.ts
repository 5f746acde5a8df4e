/**
 * A server row's "own thresholds" disclosure: warning and critical levels for that server alone; both empty means the
 * general thresholds apply (no serverThresholds entry).
 */
import { translate, type Language, type MessageKey } from '../main/i18n/translate.js';
import { numeric } from '../main/settings/numbers.js';
import type { ServerThresholds } from '../main/settings/settings.js';

/** The two levels, named as the settings name them (so the engine's messages call them by their field names). */
export const LEVELS = ['warningSeconds', 'criticalSeconds'] as const;
export type Level = (typeof LEVELS)[number];

/** The levels as typed: numbers where the text is one, the text otherwise, so that the engine's message quotes it. */
export type TypedLevels = Record<Level, unknown>;

/** The disclosure for a new row, open when the server already has thresholds of its own. */
export function ownThresholdsBox(own: ServerThresholds | undefined, changed: () => void): HTMLDetailsElement {
  const box = document.createElement('details');
  box.className = 'own';
  box.open = own !== undefined;
  const summary = document.createElement('summary');
  const hint = document.createElement('p');
  hint.className = 'hint';
  const levels = document.createElement('div');
  levels.className = 'levels';
  for (const level of LEVELS) {
    const label = document.createElement('label');
    const control = document.createElement('input');
    control.type = 'text';
    control.inputMode = 'decimal';
    control.dataset.level = level;
    control.value = own ? String(own[level]) : '';
    control.addEventListener('input', changed);
    levels.append(label, control);
  }
  const error = document.createElement('p');
  error.className = 'error';
  error.hidden = true;
  box.append(summary, hint, levels, error);
  return box;
}

const levelInput = (box: HTMLDetailsElement, level: Level) => box.querySelector<HTMLInputElement>(`input[data-level="${level}"]`)!;

/** The row's levels as typed, or undefined when both are empty (the general thresholds apply). */
export function readOwnThresholds(box: HTMLDetailsElement): TypedLevels | undefined {
  const [warning, critical] = LEVELS.map((level) => levelInput(box, level).value.trim());
  if (warning === '' && critical === '') return undefined;
  return { warningSeconds: numeric(warning), criticalSeconds: numeric(critical) };
}

/** The level's input and the disclosure's error line, for showing what is wrong. */
export function ownControls(box: HTMLDetailsElement): { inputs: Record<Level, HTMLInputElement>; error: HTMLParagraphElement } {
  const inputs = { warningSeconds: levelInput(box, 'warningSeconds'), criticalSeconds: levelInput(box, 'criticalSeconds') };
  return { inputs, error: box.querySelector<HTMLParagraphElement>(':scope > p.error')! };
}

/**
 * Ids and texts for row `index`: each input is labelled by its visible level name plus the row's server label
 * ("Warning threshold (Server 2)"), so that screen readers and the general fields' labels never collide.
 */
export function labelOwnThresholds(box: HTMLDetailsElement, index: number, lang: Language): void {
  const server = translate(lang, 'settings-window.server-label', { n: index + 1 });
  const prefix = `server-${index}-own`;
  box.querySelector('summary')!.textContent = translate(lang, 'settings-window.own-thresholds');
  box.querySelector('summary')!.setAttribute('aria-label', translate(lang, 'settings-window.own-level', { level: translate(lang, 'settings-window.own-thresholds'), server }));
  const hint = box.querySelector<HTMLParagraphElement>(':scope > p.hint')!;
  hint.id = `${prefix}-hint`;
  hint.textContent = translate(lang, 'settings-window.own-thresholds-hint');
  const { inputs, error } = ownControls(box);
  error.id = `${prefix}-error`;
  for (const level of LEVELS) {
    const control = inputs[level];
    const name = translate(lang, `field.${level}` as MessageKey);
    control.id = `${prefix}-${level}`;
    control.setAttribute('aria-label', translate(lang, 'settings-window.own-level', { level: name, server }));
    control.setAttribute('aria-describedby', `${prefix}-hint ${prefix}-error`);
    const label = control.previousElementSibling as HTMLLabelElement;
    label.htmlFor = control.id;
    label.textContent = name;
  }
}

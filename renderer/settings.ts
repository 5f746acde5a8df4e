/**
 * The settings window. Validation is the engine's own (bundled in): every bad field says what is wrong and what is
 * accepted, Save is refused while anything is invalid, and main validates again before storing.
 */
import { API_NAME, type NtpMonitorApi } from '../main/contract.js';
import { resolveLanguage, translate, type Language, type MessageKey } from '../main/i18n/translate.js';
import type { Settings } from '../main/settings/settings.js';
import { problemMessage, validateSettings, type Problem } from '../main/settings/validate.js';
import { buildFields, errorLine, FIELD_KEYS, fieldHint, input, readFields, translateLanguageOptions, writeFields, type FieldKey } from './fields.js';
import { addServer, numberRows, readServers, serverError, serverInputs, writeServers, type ServerListHooks } from './servers.js';

declare global {
  interface Window {
    [API_NAME]: NtpMonitorApi;
  }
}

const api = window[API_NAME];
const form = document.getElementById('settings') as HTMLFormElement;
const status = document.getElementById('status') as HTMLParagraphElement;

let saved: Settings;
let systemLanguage: Language = 'en';
/** Errors show for fields the user has touched, and for all of them once Save was pressed. */
const touched = new Set<string>();
let showAll = false;

const lang = (): Language => {
  const chosen = input('language').value as Settings['language'];
  return resolveLanguage(chosen, systemLanguage);
};

const hooks: ServerListHooks = {
  api,
  lang,
  changed(index) {
    touched.add(index < 0 ? 'servers' : `servers.${index}`);
    showErrors();
  },
};

/** What would be saved: the saved settings with every field of the form laid over them. */
function collect(): Record<string, unknown> {
  return { ...saved, ...readFields(), servers: readServers() };
}

function problems(): Problem[] {
  const validation = validateSettings(collect());
  return validation.ok ? [] : validation.problems;
}

function showErrors(list: Problem[] = problems()): void {
  const messages = new Map<string, string[]>();
  for (const problem of list) {
    const shown = showAll || touched.has(problem.path) || touched.has(problem.path.split('.')[0]!);
    if (!shown) continue;
    messages.set(problem.path, [...(messages.get(problem.path) ?? []), problemMessage(problem, lang())]);
  }
  const show = (line: HTMLElement | undefined, control: HTMLElement | undefined, path: string) => {
    const text = messages.get(path)?.join(' ') ?? '';
    if (line) {
      line.textContent = text;
      line.hidden = text === '';
    }
    if (control) control.toggleAttribute('aria-invalid', text !== '');
  };
  for (const key of FIELD_KEYS) show(errorLine(key), input(key), key);
  serverInputs().forEach((control, index) => show(serverError(index), control, `servers.${index}`));
  show(document.getElementById('servers-error') ?? undefined, undefined, 'servers');
}

function applyLanguage(): void {
  const current = lang();
  document.documentElement.lang = current;
  document.title = translate(current, 'window.title');
  for (const node of Array.from(document.querySelectorAll<HTMLElement>('[data-i18n]'))) {
    node.textContent = translate(current, node.dataset.i18n as MessageKey);
  }
  for (const key of FIELD_KEYS) document.getElementById(`${key}-hint`)!.textContent = fieldHint(key, current);
  translateLanguageOptions(current);
  numberRows(current);
  showErrors();
}

function fill(settings: Settings): void {
  writeFields(settings);
  writeServers(settings.servers, hooks);
  touched.clear();
  showAll = false;
  applyLanguage();
}

async function save(): Promise<void> {
  showAll = true;
  const found = problems();
  showErrors(found);
  if (found.length > 0) {
    status.textContent = translate(lang(), 'window.invalid');
    status.className = 'bad';
    form.querySelector<HTMLElement>('[aria-invalid]')?.focus();
    return;
  }
  let response;
  try {
    response = await api.save(collect());
  } catch (error) {
    // Only the message crosses from main: the settings file could not be written, say.
    status.textContent = error instanceof Error ? error.message : String(error);
    status.className = 'bad';
    return;
  }
  if (!response.ok) {
    showErrors(response.errors);
    status.textContent = translate(lang(), 'window.invalid');
    status.className = 'bad';
    return;
  }
  saved = response.settings;
  status.textContent = translate(lang(), 'window.saved');
  status.className = 'good';
}

function cancel(): void {
  fill(saved);
  status.textContent = '';
  void api.close();
}

async function start(): Promise<void> {
  buildFields();
  const data = await api.load();
  saved = data.settings;
  systemLanguage = data.systemLanguage;
  fill(saved);

  form.addEventListener('input', (event) => {
    const target = event.target as HTMLElement;
    if ((FIELD_KEYS as string[]).includes(target.id)) touched.add(target.id as FieldKey);
    status.textContent = '';
    if (target.id === 'language') applyLanguage();
    else showErrors();
  });
  form.addEventListener('change', (event) => {
    if ((event.target as HTMLElement).id === 'language') applyLanguage();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void save();
  });
  document.getElementById('cancel')!.addEventListener('click', cancel);
  document.getElementById('add-server')!.addEventListener('click', () => {
    addServer('', hooks).focus();
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') cancel();
  });
  document.body.dataset.ready = 'true';
}

void start();

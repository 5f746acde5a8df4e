/**
 * The settings window. Validation is the engine's own (bundled in): every bad field says what is wrong and what is
 * accepted, Save is refused while anything is invalid, and main validates again before storing.
 */
import { API_NAME, type NtpMonitorApi } from '../main/contract.js';
import { resolveLanguage, translate, type Language, type MessageKey } from '../main/i18n/translate.js';
import type { Settings } from '../main/settings/settings.js';
import { problemWords } from '../main/i18n/problem-words.js';
import { levelProblems, validateSettings, type Problem } from '../main/settings/validate.js';
import { webhookAdvice } from '../main/settings/webhook-advice.js';
import { buildFields, errorLine, FIELD_KEYS, fieldHint, input, readFields, translateOptions, warningLine, writeFields, type FieldKey } from './fields.js';
import { LEVELS, ownControls } from './own-thresholds.js';
import { addServer, numberRows, ownBoxes, readDisabledServers, readServers, readServerThresholds, serverError, serverInputs, writeServers, type ServerListHooks } from './servers.js';

declare global {
  interface Window {
    [API_NAME]: NtpMonitorApi;
  }
}

const api = window[API_NAME];
const form = document.getElementById('settings') as HTMLFormElement;
const status = document.getElementById('status') as HTMLParagraphElement;

let saved: Settings;
/** The form's settings as last loaded or saved: anything else on screen is an unsaved edit. */
let pristine = '';
/** What main was last told, so that a keystroke sends nothing unless the answer changes. */
let reportedUnsaved = false;
const unsavedDialog = document.getElementById('unsaved') as HTMLDialogElement;
let systemLanguage: Language = 'en';
/** Errors show for fields the user has touched (a path, or a path above it), and for all of them once Save was pressed. */
const touched = new Set<string>();
let showAll = false;

const lang = (): Language => {
  const chosen = input('language').value as Settings['language'];
  return resolveLanguage(chosen, systemLanguage);
};

const hooks: ServerListHooks = {
  api,
  lang,
  changed(path) {
    touched.add(path);
    showErrors();
    reportUnsaved();
  },
};

/**
 * What would be saved: the saved settings with every field of the form laid over them. A row's own levels go in only
 * when they pass the engine's level rule (rowProblems reports the others, by field); `rows` maps each serverThresholds
 * entry back to its row.
 */
function collect(): { settings: Record<string, unknown>; rows: number[] } {
  const own = readServerThresholds().filter((entry) => levelProblems(entry.warningSeconds, entry.criticalSeconds).length === 0);
  const serverThresholds = own.map(({ server, warningSeconds, criticalSeconds }) => ({ server, warningSeconds, criticalSeconds }));
  return { settings: { ...saved, ...readFields(), servers: readServers(), serverThresholds, disabledServers: readDisabledServers() }, rows: own.map((entry) => entry.row) };
}

/** Each row's own levels by the engine's rule, under serverThresholds.<row>.warningSeconds / .criticalSeconds. */
function rowProblems(): Problem[] {
  return readServerThresholds().flatMap((entry) => levelProblems(entry.warningSeconds, entry.criticalSeconds, `serverThresholds.${entry.row}.`));
}

/** The engine's problems, entries of serverThresholds renamed to the rows they came from, and the rows' own. */
function problems(): Problem[] {
  const { settings, rows } = collect();
  const validation = validateSettings(settings);
  const found = validation.ok ? [] : validation.problems;
  return [...toRows(found, rows), ...rowProblems()];
}

/** serverThresholds.K (the K-th entry) becomes serverThresholds.<its row>; main's answers come indexed by entry too. */
function toRows(list: Problem[], rows: number[]): Problem[] {
  return list.map((problem) => {
    const [head, index, ...rest] = problem.path.split('.');
    if (head !== 'serverThresholds' || index === undefined) return problem;
    return { ...problem, path: ['serverThresholds', String(rows[Number(index)] ?? index), ...rest].join('.') };
  });
}

/** A problem shows once Save was pressed, or when its path or one above it ("servers" above "servers.2") was touched. */
function isShown(path: string): boolean {
  const parts = path.split('.');
  return showAll || parts.some((_, end) => touched.has(parts.slice(0, end + 1).join('.')));
}

function showErrors(list: Problem[] = problems()): void {
  const messages = new Map<string, string[]>();
  for (const problem of list) {
    if (!isShown(problem.path)) continue;
    messages.set(problem.path, [...(messages.get(problem.path) ?? []), problemWords(problem, lang())]);
  }
  const text = (...paths: string[]) => paths.flatMap((path) => messages.get(path) ?? []).join(' ');
  const showLine = (line: HTMLElement | undefined, message: string) => {
    if (!line) return;
    line.textContent = message;
    line.hidden = message === '';
  };
  const mark = (control: HTMLElement, message: string) => control.toggleAttribute('aria-invalid', message !== '');
  for (const key of FIELD_KEYS) {
    showLine(errorLine(key), text(key));
    mark(input(key), text(key));
  }
  // Advice shows at once, whatever was touched: it never blocks Save, it only says what will likely go wrong.
  const advice = webhookAdvice(collect().settings as unknown as Settings);
  for (const key of FIELD_KEYS) {
    showLine(warningLine(key), advice.filter((item) => item.path === key).map((item) => problemWords(item, lang())).join(' '));
  }
  serverInputs().forEach((control, index) => {
    showLine(serverError(index), text(`servers.${index}`));
    mark(control, text(`servers.${index}`));
  });
  showLine(document.getElementById('servers-error') ?? undefined, text('servers', 'disabledServers'));
  ownBoxes().forEach((box, index) => {
    const entry = `serverThresholds.${index}`;
    const { inputs, error } = ownControls(box);
    showLine(error, text(entry, ...LEVELS.map((level) => `${entry}.${level}`)));
    for (const level of LEVELS) mark(inputs[level], text(entry, `${entry}.${level}`));
    // A closed disclosure would hide its error: a problem opens it.
    if (error.textContent !== '') box.open = true;
  });
}

function applyLanguage(): void {
  const current = lang();
  document.documentElement.lang = current;
  document.title = translate(current, 'settings-window.title');
  for (const node of Array.from(document.querySelectorAll<HTMLElement>('[data-i18n]'))) {
    node.textContent = translate(current, node.dataset.i18n as MessageKey);
  }
  for (const key of FIELD_KEYS) document.getElementById(`${key}-hint`)!.textContent = fieldHint(key, current);
  translateOptions(current);
  numberRows(current);
  showErrors();
}

function fill(settings: Settings): void {
  writeFields(settings);
  writeServers(settings.servers, settings.serverThresholds, settings.disabledServers, hooks);
  touched.clear();
  showAll = false;
  applyLanguage();
  markSaved();
}

const formState = () => JSON.stringify(collect().settings);
const isUnsaved = () => formState() !== pristine;

/** What is on screen now is what is saved. */
function markSaved(): void {
  pristine = formState();
  reportUnsaved();
}

/** Tells main when the form starts or stops differing from the saved settings (main then holds a close and asks). */
function reportUnsaved(): void {
  const unsaved = isUnsaved();
  if (unsaved === reportedUnsaved) return;
  reportedUnsaved = unsaved;
  void api.unsaved(unsaved);
}

/** Closing (Escape, or the window's close button, which main holds): with unsaved edits, ask Save / Discard / Cancel. */
function requestClose(): void {
  if (!isUnsaved()) {
    void api.close();
    return;
  }
  if (!unsavedDialog.open) unsavedDialog.showModal();
}

async function answerUnsaved(choice: 'save' | 'discard' | 'cancel'): Promise<void> {
  unsavedDialog.close();
  if (choice === 'discard') cancel();
  // A refused save keeps the window open, its problems marked.
  else if (choice === 'save' && (await save())) void api.close();
}

/** Validates, saves through main and says how it went; true once saved. */
async function save(): Promise<boolean> {
  showAll = true;
  const found = problems();
  showErrors(found);
  if (found.length > 0) {
    status.textContent = translate(lang(), 'settings-window.invalid');
    status.className = 'bad';
    form.querySelector<HTMLElement>('[aria-invalid]')?.focus();
    return false;
  }
  const saving = collect();
  let response;
  try {
    response = await api.save(saving.settings);
  } catch (error) {
    // Only the message crosses from main: the settings file could not be written, say.
    status.textContent = error instanceof Error ? error.message : String(error);
    status.className = 'bad';
    return false;
  }
  if (!response.ok) {
    showErrors(toRows(response.errors, saving.rows));
    status.textContent = translate(lang(), 'settings-window.invalid');
    status.className = 'bad';
    return false;
  }
  saved = response.settings;
  markSaved();
  status.textContent = translate(lang(), 'settings-window.saved');
  status.className = 'good';
  return true;
}

/** The CA file from main's open dialog: the window gets a path only when the user picked one there. */
async function chooseCa(): Promise<void> {
  const response = await api.chooseCa();
  if (!response.ok) return;
  input('caFile').value = response.file;
  // As if typed: the same validation, and the edit counts as unsaved.
  input('caFile').dispatchEvent(new Event('input', { bubbles: true }));
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
    reportUnsaved();
  });
  form.addEventListener('change', (event) => {
    if ((event.target as HTMLElement).id === 'language') applyLanguage();
    reportUnsaved();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void save();
  });
  document.getElementById('cancel')!.addEventListener('click', cancel);
  document.getElementById('caFile-choose')!.addEventListener('click', () => void chooseCa());
  document.getElementById('add-server')!.addEventListener('click', () => {
    addServer('', hooks).focus();
  });
  // Escape on the open prompt is its own Cancel (the dialog's cancel event), not a second close. The key that opens
  // the prompt is spent here: left to its default, it would close the prompt it has just opened.
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || unsavedDialog.open) return;
    event.preventDefault();
    requestClose();
  });
  api.onCloseRequest(requestClose);
  for (const choice of ['save', 'discard', 'cancel'] as const) {
    document.getElementById(`unsaved-${choice}`)!.addEventListener('click', () => void answerUnsaved(choice));
  }
  document.body.dataset.ready = 'true';
}

void start();

/** The editable server list: one row per server with its own Test button, result line and error line. */
import type { NtpMonitorApi, TestResponse } from '../main/contract.js';
import { translate, type Language } from '../main/i18n/translate.js';
import { problemMessage } from '../main/settings/validate.js';
import { formatOffset } from '../main/transitions/describe.js';

const list = () => document.getElementById('servers') as HTMLOListElement;
const rows = () => Array.from(list().querySelectorAll<HTMLLIElement>('li.server'));

export function serverInputs(): HTMLInputElement[] {
  return rows().map((row) => row.querySelector('input')!);
}

export function readServers(): string[] {
  return serverInputs().map((input) => input.value.trim());
}

export function serverError(index: number): HTMLParagraphElement | undefined {
  return rows()[index]?.querySelector<HTMLParagraphElement>('.error') ?? undefined;
}

export interface ServerListHooks {
  api: NtpMonitorApi;
  lang(): Language;
  changed(index: number): void;
}

export function writeServers(servers: string[], hooks: ServerListHooks): void {
  list().replaceChildren();
  for (const server of servers) addServer(server, hooks);
}

export function addServer(value: string, hooks: ServerListHooks): HTMLInputElement {
  const row = document.createElement('li');
  row.className = 'server';
  const input = document.createElement('input');
  input.type = 'text';
  input.value = value;
  input.spellcheck = false;
  input.autocapitalize = 'off';
  const test = document.createElement('button');
  test.type = 'button';
  test.className = 'test';
  const remove = document.createElement('button');
  remove.type = 'button';
  remove.className = 'remove';
  const result = document.createElement('p');
  result.className = 'result';
  result.setAttribute('aria-live', 'polite');
  const error = document.createElement('p');
  error.className = 'error';
  error.hidden = true;
  row.append(input, test, remove, result, error);
  list().append(row);
  numberRows(hooks.lang());

  input.addEventListener('input', () => {
    result.textContent = '';
    hooks.changed(rows().indexOf(row));
  });
  remove.addEventListener('click', () => {
    const index = rows().indexOf(row);
    row.remove();
    numberRows(hooks.lang());
    hooks.changed(-1);
    (serverInputs()[Math.min(index, serverInputs().length - 1)] ?? document.getElementById('add-server'))?.focus();
  });
  test.addEventListener('click', () => void runTest(input.value.trim(), test, result, hooks));
  return input;
}

async function runTest(server: string, button: HTMLButtonElement, result: HTMLParagraphElement, hooks: ServerListHooks) {
  const lang = hooks.lang();
  button.disabled = true;
  result.className = 'result';
  result.textContent = translate(lang, 'window.testing');
  try {
    const response = await hooks.api.test(server);
    result.textContent = describeTest(response, lang);
    result.classList.add(response.ok && response.result.ok ? 'good' : 'bad');
  } catch (error) {
    result.textContent = String(error);
    result.classList.add('bad');
  } finally {
    button.disabled = false;
  }
}

export function describeTest(response: TestResponse, lang: Language): string {
  if (!response.ok) return response.errors.map((problem) => problemMessage(problem, lang)).join(' ');
  const { result } = response;
  if (!result.ok) return result.failure.message;
  const { offsetMs, delayMs, stratum } = result.sample;
  return translate(lang, 'window.test-ok', { offset: formatOffset(offsetMs), delay: `${delayMs.toFixed(1)} ms`, stratum });
}

/** Labels, ids and button texts in the current language; ties each input to its result and error line. */
export function numberRows(lang: Language): void {
  rows().forEach((row, index) => {
    const n = index + 1;
    const input = row.querySelector('input')!;
    const [test, remove] = Array.from(row.querySelectorAll('button'));
    const [result, error] = Array.from(row.querySelectorAll('p'));
    input.id = `server-${index}`;
    result!.id = `server-${index}-result`;
    error!.id = `server-${index}-error`;
    input.setAttribute('aria-label', translate(lang, 'window.server-label', { n }));
    input.setAttribute('aria-describedby', `server-${index}-error server-${index}-result`);
    test!.textContent = translate(lang, 'window.test');
    test!.setAttribute('aria-label', `${translate(lang, 'window.test')} ${translate(lang, 'window.server-label', { n })}`);
    remove!.textContent = translate(lang, 'window.remove');
    remove!.setAttribute('aria-label', `${translate(lang, 'window.remove')} ${translate(lang, 'window.server-label', { n })}`);
  });
}

/**
 * The editable server list: one row per server with its NTS switch (a padlock when the server is checked with NTS),
 * its own Test button, result line and error line.
 */
import type { NtpMonitorApi, TestResponse } from '../main/contract.js';
import { translate, type Language } from '../main/i18n/translate.js';
import { isNtsAddress } from '../main/ntp/nts/nts-address.js';
import { parseAnyServer } from '../main/ntp/server-address.js';
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
  const nts = document.createElement('button');
  nts.type = 'button';
  nts.className = 'nts';
  nts.append(padlock(), document.createTextNode('NTS'));
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
  row.append(input, nts, test, remove, result, error);
  list().append(row);
  numberRows(hooks.lang());

  const changed = () => {
    result.textContent = '';
    showProtocol(row);
    hooks.changed(rows().indexOf(row));
  };
  input.addEventListener('input', changed);
  nts.addEventListener('click', () => {
    input.value = switchProtocol(input.value);
    changed();
  });
  remove.addEventListener('click', () => {
    const index = rows().indexOf(row);
    row.remove();
    numberRows(hooks.lang());
    hooks.changed(-1);
    (serverInputs()[Math.min(index, serverInputs().length - 1)] ?? document.getElementById('add-server'))?.focus();
  });
  test.addEventListener('click', () => void runTest(input.value.trim(), test, result, hooks));
  showProtocol(row);
  return input;
}

/**
 * The same server the other way: host[:port] becomes nts://host and back. The port is dropped, since NTP's UDP port
 * and NTS's key exchange port are different things; what does not parse only gains or loses the nts:// prefix.
 */
export function switchProtocol(value: string): string {
  const text = value.trim();
  const parsed = parseAnyServer(text);
  const bracketed = (host: string) => (host.includes(':') ? `[${host}]` : host);
  if (isNtsAddress(text)) return parsed.ok ? parsed.address.host : text.replace(/^nts:\/\//i, '');
  return parsed.ok ? `nts://${bracketed(parsed.address.host)}` : `nts://${text}`;
}

/** The padlock and the pressed switch follow the text: an nts:// address is checked with NTS. */
function showProtocol(row: HTMLLIElement): void {
  const secure = isNtsAddress(row.querySelector('input')!.value);
  row.classList.toggle('secure', secure);
  row.querySelector('button.nts')!.setAttribute('aria-pressed', String(secure));
}

function padlock(): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('aria-hidden', 'true');
  svg.classList.add('padlock');
  const shackle = document.createElementNS(ns, 'path');
  shackle.setAttribute('d', 'M4.5 7V5a3.5 3.5 0 0 1 7 0v2');
  shackle.setAttribute('fill', 'none');
  shackle.setAttribute('stroke', 'currentColor');
  shackle.setAttribute('stroke-width', '1.6');
  const body = document.createElementNS(ns, 'rect');
  for (const [name, value] of Object.entries({ x: '2.5', y: '7', width: '11', height: '8', rx: '1.5', fill: 'currentColor' })) body.setAttribute(name, value);
  svg.append(shackle, body);
  return svg;
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
  const { offsetMs, delayMs, stratum, authenticated } = result.sample;
  return translate(lang, authenticated ? 'window.test-ok-nts' : 'window.test-ok', { offset: formatOffset(offsetMs), delay: `${delayMs.toFixed(1)} ms`, stratum });
}

/** Labels, ids and button texts in the current language; ties each input to its result and error line. */
export function numberRows(lang: Language): void {
  rows().forEach((row, index) => {
    const n = index + 1;
    const input = row.querySelector('input')!;
    const [nts, test, remove] = Array.from(row.querySelectorAll('button'));
    const [result, error] = Array.from(row.querySelectorAll('p'));
    input.id = `server-${index}`;
    result!.id = `server-${index}-result`;
    error!.id = `server-${index}-error`;
    input.setAttribute('aria-label', translate(lang, 'window.server-label', { n }));
    input.setAttribute('aria-describedby', `server-${index}-error server-${index}-result`);
    nts!.title = translate(lang, 'window.nts-switch');
    nts!.setAttribute('aria-label', `${translate(lang, 'window.nts-switch')}: ${translate(lang, 'window.server-label', { n })}`);
    test!.textContent = translate(lang, 'window.test');
    test!.setAttribute('aria-label', `${translate(lang, 'window.test')} ${translate(lang, 'window.server-label', { n })}`);
    remove!.textContent = translate(lang, 'window.remove');
    remove!.setAttribute('aria-label', `${translate(lang, 'window.remove')} ${translate(lang, 'window.server-label', { n })}`);
  });
}

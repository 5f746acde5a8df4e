/**
 * The editable server list: one row per server with its On switch (off: kept but not polled), its NTS switch (a padlock when the server is checked with NTS), its
 * Pool switch, its own Test button, result line, error line and thresholds of its own.
 */
import type { NtpMonitorApi, TestResponse } from '../main/contract.js';
import { translate, type Language } from '../main/i18n/translate.js';
import { DEFAULT_NTP_PORT, isNtsAddress, isPoolAddress, parseAnyServer } from '../main/ntp/address.js';
import type { ServerThresholds } from '../main/settings/settings.js';
import { problemWords } from '../main/i18n/problem-words.js';
import { failureWords } from '../main/i18n/failure-words.js';
import { serverWords } from '../main/i18n/offset-words.js';
import { labelOwnThresholds, ownThresholdsBox, readOwnThresholds, type TypedLevels } from './own-thresholds.js';

const list = () => document.getElementById('servers') as HTMLOListElement;
const rows = () => Array.from(list().querySelectorAll<HTMLLIElement>('li.server'));

export function serverInputs(): HTMLInputElement[] {
  return rows().map((row) => row.querySelector<HTMLInputElement>(':scope > input')!);
}

/** Each row's "own thresholds" disclosure, in row order. */
export function ownBoxes(): HTMLDetailsElement[] {
  return rows().map((row) => row.querySelector<HTMLDetailsElement>(':scope > details.own')!);
}

/** One server's own levels as typed, with the row they came from (its index). */
export interface TypedServerThresholds extends TypedLevels {
  server: string;
  row: number;
}

/** The rows that have levels of their own, each named by the server as written in its row (so a rename follows). */
export function readServerThresholds(): TypedServerThresholds[] {
  const servers = readServers();
  return ownBoxes().flatMap((box, row) => {
    const levels = readOwnThresholds(box);
    return levels ? [{ server: servers[row]!, row, ...levels }] : [];
  });
}

/** The servers of the rows whose On switch is off, as written in their rows. */
export function readDisabledServers(): string[] {
  const servers = readServers();
  return rows().flatMap((row, index) => (row.querySelector<HTMLInputElement>(':scope > label.enabled > input')!.checked ? [] : [servers[index]!]));
}

export function readServers(): string[] {
  return serverInputs().map((input) => input.value.trim());
}

export function serverError(index: number): HTMLParagraphElement | undefined {
  return rows()[index]?.querySelector<HTMLParagraphElement>(':scope > p.error') ?? undefined;
}

export interface ServerListHooks {
  api: NtpMonitorApi;
  lang(): Language;
  /** What the user changed: "servers" (a row added or removed), "servers.N" or "serverThresholds.N" (row N), "disabledServers". */
  changed(path: string): void;
}

/** The rows for `servers`, each with its entry of `thresholds` when it has one, switched off when `disabled` names it. */
export function writeServers(servers: string[], thresholds: ServerThresholds[], disabled: string[], hooks: ServerListHooks): void {
  list().replaceChildren();
  for (const server of servers) addServer(server, hooks, thresholds.find((entry) => entry.server === server), !disabled.includes(server));
}

export function addServer(value: string, hooks: ServerListHooks, own?: ServerThresholds, enabled = true): HTMLInputElement {
  const row = document.createElement('li');
  row.className = 'server';
  const input = document.createElement('input');
  input.type = 'text';
  input.value = value;
  input.spellcheck = false;
  input.autocapitalize = 'off';
  const on = document.createElement('input');
  on.type = 'checkbox';
  on.checked = enabled;
  const onLabel = document.createElement('label');
  onLabel.className = 'enabled';
  onLabel.append(on, document.createElement('span'));
  const nts = document.createElement('button');
  nts.type = 'button';
  nts.className = 'nts';
  nts.append(padlock(), document.createTextNode('NTS'));
  const pool = document.createElement('button');
  pool.type = 'button';
  pool.className = 'pool';
  pool.textContent = 'Pool';
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
  const levels = ownThresholdsBox(own, () => hooks.changed(`serverThresholds.${rows().indexOf(row)}`));
  row.append(input, onLabel, nts, pool, test, remove, result, error, levels);
  row.classList.toggle('off', !enabled);
  list().append(row);
  numberRows(hooks.lang());

  const changed = () => {
    result.textContent = '';
    showProtocol(row);
    hooks.changed(`servers.${rows().indexOf(row)}`);
  };
  input.addEventListener('input', changed);
  on.addEventListener('change', () => {
    row.classList.toggle('off', !on.checked);
    hooks.changed('disabledServers');
  });
  nts.addEventListener('click', () => {
    input.value = switchProtocol(input.value, 'nts');
    changed();
  });
  pool.addEventListener('click', () => {
    input.value = switchProtocol(input.value, 'pool');
    changed();
  });
  remove.addEventListener('click', () => {
    const index = rows().indexOf(row);
    row.remove();
    numberRows(hooks.lang());
    hooks.changed('servers');
    (serverInputs()[Math.min(index, serverInputs().length - 1)] ?? document.getElementById('add-server'))?.focus();
  });
  test.addEventListener('click', () => void runTest(input.value.trim(), test, result, hooks));
  showProtocol(row);
  return input;
}

/**
 * The same server as NTS or as a pool, or back to plain NTP when that switch is already on. NTS drops the port, since
 * NTP's UDP port and NTS's key exchange port are different things; a pool keeps it (its members answer on it). What
 * does not parse only gains or loses the prefix, and validation then says what is wrong.
 */
export function switchProtocol(value: string, to: 'nts' | 'pool'): string {
  const text = value.trim();
  const current = protocolOf(text);
  const bare = text.replace(/^(nts|pool):\/\//i, '');
  const parsed = parseAnyServer(text);
  if (!parsed.ok) return current === to ? bare : `${to}://${bare}`;
  const { host } = parsed.address;
  const bracketed = host.includes(':') ? `[${host}]` : host;
  const port = parsed.address.protocol !== 'nts' && parsed.address.port !== DEFAULT_NTP_PORT ? `:${parsed.address.port}` : '';
  if (current === to) return to === 'pool' ? `${host}${port}` : host;
  return to === 'nts' ? `nts://${bracketed}` : `pool://${host}${port}`;
}

function protocolOf(text: string): 'nts' | 'pool' | 'ntp' {
  return isNtsAddress(text) ? 'nts' : isPoolAddress(text) ? 'pool' : 'ntp';
}

/** The padlock and the pressed switches follow the text: an nts:// address is checked with NTS, a pool:// one is a pool. */
function showProtocol(row: HTMLLIElement): void {
  const protocol = protocolOf(row.querySelector<HTMLInputElement>(':scope > input')!.value);
  row.classList.toggle('secure', protocol === 'nts');
  row.querySelector('button.nts')!.setAttribute('aria-pressed', String(protocol === 'nts'));
  row.querySelector('button.pool')!.setAttribute('aria-pressed', String(protocol === 'pool'));
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
  result.textContent = translate(lang, 'settings-window.testing');
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
  if (!response.ok) return response.errors.map((problem) => problemWords(problem, lang)).join(' ');
  const { result } = response;
  if (!result.ok) return failureWords(result.failure, lang);
  const { offsetMs, delayMs, stratum, authenticated } = result.sample;
  return translate(lang, authenticated ? 'settings-window.test-ok-nts' : 'settings-window.test-ok', { relation: serverWords(offsetMs, 'this-computer', lang), delay: `${delayMs.toFixed(1)} ms`, stratum });
}

/** Labels, ids and button texts in the current language; ties each input to its result and error lines. */
export function numberRows(lang: Language): void {
  rows().forEach((row, index) => {
    const n = index + 1;
    const input = row.querySelector<HTMLInputElement>(':scope > input')!;
    const [nts, pool, test, remove] = Array.from(row.querySelectorAll<HTMLButtonElement>(':scope > button'));
    const [result, error] = Array.from(row.querySelectorAll<HTMLParagraphElement>(':scope > p'));
    input.id = `server-${index}`;
    result!.id = `server-${index}-result`;
    error!.id = `server-${index}-error`;
    input.setAttribute('aria-label', translate(lang, 'settings-window.server-label', { n }));
    input.setAttribute('aria-describedby', `server-${index}-error server-${index}-result`);
    const onLabel = row.querySelector<HTMLLabelElement>(':scope > label.enabled')!;
    onLabel.querySelector('span')!.textContent = translate(lang, 'settings-window.server-on');
    onLabel.querySelector('input')!.setAttribute('aria-label', `${translate(lang, 'settings-window.server-on')}: ${translate(lang, 'settings-window.server-label', { n })}`);
    nts!.title = translate(lang, 'settings-window.nts-switch');
    nts!.setAttribute('aria-label', `${translate(lang, 'settings-window.nts-switch')}: ${translate(lang, 'settings-window.server-label', { n })}`);
    pool!.title = translate(lang, 'settings-window.pool-switch');
    pool!.setAttribute('aria-label', `${translate(lang, 'settings-window.pool-switch')}: ${translate(lang, 'settings-window.server-label', { n })}`);
    test!.textContent = translate(lang, 'settings-window.test');
    test!.setAttribute('aria-label', `${translate(lang, 'settings-window.test')} ${translate(lang, 'settings-window.server-label', { n })}`);
    remove!.textContent = translate(lang, 'settings-window.remove');
    remove!.setAttribute('aria-label', `${translate(lang, 'settings-window.remove')} ${translate(lang, 'settings-window.server-label', { n })}`);
    labelOwnThresholds(row.querySelector<HTMLDetailsElement>(':scope > details.own')!, index, lang);
  });
}

/**
 * The live table of servers: state as the tray draws it (its icon's colour and shape, plus the word), the last
 * measurement, the last check, and how the monitor's verdict sees each server (its falseticker marks).
 */
import type { ServerRow, StatusView } from '../main/contract.js';
import { printable } from '../main/i18n/display.js';
import { translate, type Language, type MessageKey } from '../main/i18n/translate.js';
import { formatOffset } from '../main/i18n/offset-words.js';
import { failureKindWord, stateWord, type ShownState } from '../main/i18n/state-words.js';

const COLUMN_KEYS = {
  state: 'status.col-state',
  server: 'status.col-server',
  offset: 'status.col-offset',
  delay: 'status.col-delay',
  jitter: 'status.col-jitter',
  stratum: 'status.col-stratum',
  refid: 'status.col-refid',
  last: 'status.col-last',
  selection: 'status.col-selection',
} as const satisfies Record<string, MessageKey>;
const COLUMNS = ['state', 'server', 'offset', 'delay', 'jitter', 'stratum', 'refid', 'last'] as const;
const NONE = '—';

const ms = (value: number | undefined) => (value === undefined ? NONE : `${value.toFixed(value < 10 ? 3 : 1)} ms`);

function cell(text: string, className?: string): HTMLTableCellElement {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

/**
 * A state as the tray draws it: the tray's own icon (same colour and shape per state) and the word beside it, which is
 * what a screen reader says. `word` defaults to the state's name.
 */
export function stateLabel(state: ShownState, lang: Language, word = stateWord(state, lang)): HTMLSpanElement {
  const icon = document.createElement('img');
  icon.src = `icons/tray-${state}@2x.png`;
  icon.alt = '';
  icon.width = icon.height = 16;
  const label = document.createElement('span');
  label.textContent = word;
  // Icon and word side by side in an inner box: a flex table cell would lose its row's border alignment.
  const both = document.createElement('span');
  both.className = 'state-label';
  both.append(icon, label);
  return both;
}

function stateCell(row: ServerRow, lang: Language): HTMLTableCellElement {
  const td = cell('', `state ${row.state}`);
  td.append(stateLabel(row.state, lang, stateWord(row.state, lang, row.failure?.kind)));
  return td;
}

/**
 * The monitor's judgement: a confirmed falseticker carries the tray's warning icon (the tray counts it as WARNING),
 * one outvoted but not yet confirmed says so, a server that did not vote has none.
 */
function selectionCell(row: ServerRow, lang: Language): HTMLTableCellElement {
  if (row.falseticker) {
    const td = cell('', 'falseticker');
    td.append(stateLabel('warning', lang, translate(lang, 'status.falseticker')));
    return td;
  }
  if (row.selection === 'falseticker') return cell(translate(lang, 'status.falseticker-pending'), 'falseticker-pending');
  return cell(row.selection === 'truechimer' ? translate(lang, 'status.truechimer') : NONE);
}

/** When the server was last checked, with its date ("Dec 6, 04:54:44"): a time alone reads as today even days later. */
function lastCheck(row: ServerRow, lang: Language): string {
  if (row.lastCheckAt === undefined) return translate(lang, 'status.never');
  return new Intl.DateTimeFormat(lang, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(row.lastCheckAt);
}

/** Jitter, or "—" with the reason on hover while one reply is all there is (unknown, not 0.000 ms). */
function jitterCell(row: ServerRow, lang: Language): HTMLTableCellElement {
  const td = cell(ms(row.jitterMs), 'number');
  if (row.jitterMs === undefined && row.offsetMs !== undefined) td.title = translate(lang, 'status.jitter-unknown');
  return td;
}

/** A row's "Check now": the row names the server (status.ts listens on the table); disabled while that check runs. */
function checkCell(row: ServerRow, lang: Language, checking: boolean): HTMLTableCellElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'check-row';
  button.textContent = translate(lang, 'status.check-row');
  button.setAttribute('aria-label', translate(lang, 'status.check-row-label', { server: printable(row.server) }));
  button.disabled = checking;
  const td = cell('', 'actions');
  td.append(button);
  return td;
}

/**
 * Fills the table's head and body from the view; the selection column appears once the monitor judged any server.
 * `checking` names the servers whose "Check now" is under way (their buttons are disabled).
 */
export function renderTable(table: HTMLTableElement, view: StatusView, lang: Language, checking: ReadonlySet<string> = new Set()): void {
  const withSelection = view.servers.some((row) => row.selection !== undefined || row.falseticker);
  const head = document.createElement('tr');
  for (const column of [...COLUMNS, ...(withSelection ? (['selection'] as const) : [])]) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = translate(lang, COLUMN_KEYS[column]);
    head.append(th);
  }
  // The buttons' column: no heading of its own (each button says what it does).
  head.append(document.createElement('td'));
  table.tHead!.replaceChildren(head);
  const rows = view.servers.map((row) => {
    const tr = document.createElement('tr');
    tr.dataset.server = row.server;
    const server = cell(printable(row.server), 'server');
    const offset = cell(row.offsetMs === undefined ? NONE : formatOffset(row.offsetMs), 'number');
    tr.append(
      stateCell(row, lang),
      server,
      offset,
      cell(ms(row.delayMs), 'number'),
      jitterCell(row, lang),
      cell(row.stratum === undefined ? NONE : String(row.stratum), 'number'),
      cell(row.refId === undefined ? NONE : printable(row.refId)),
      cell(lastCheck(row, lang)),
    );
    if (withSelection) tr.append(selectionCell(row, lang));
    tr.append(checkCell(row, lang, checking.has(row.server)));
    // A failed last poll: its message under the row, so the cause is read without hovering.
    if (row.failure) {
      const failure = document.createElement('tr');
      failure.className = 'failure';
      const td = cell(`${failureKindWord(row.failure.kind, lang)}: ${printable(row.failure.message)}`);
      td.colSpan = head.children.length;
      failure.append(td);
      return [tr, failure];
    }
    return [tr];
  });
  table.tBodies[0]!.replaceChildren(...rows.flat());
}

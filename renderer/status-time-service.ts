/** The status window's time service panel: this computer's daemon as main worded it, or a note that none is read. */
import type { TimeServicePanel } from '../main/contract.js';
import { translate, type Language } from '../main/i18n/translate.js';
import { stateLabel } from './status-table.js';

/** Fills `box` (the panel's body) from `panel`; the verdict line takes its state's colour as the headline does. */
export function renderTimeService(box: HTMLElement, panel: TimeServicePanel | null | undefined, lang: Language): void {
  if (!panel) {
    const note = document.createElement('p');
    note.className = 'note';
    note.textContent = translate(lang, 'daemon.panel-none');
    box.replaceChildren(note);
    return;
  }
  const heading = document.createElement('p');
  heading.textContent = panel.heading;
  const line = document.createElement('p');
  line.id = 'time-service-line';
  line.className = `state ${panel.state}`;
  const text = document.createElement('span');
  text.textContent = ` ${panel.line}`;
  line.append(stateLabel(panel.state, lang), text);
  const sentence = document.createElement('p');
  sentence.textContent = panel.sentence;
  const details = panel.details.map((detail) => {
    const p = document.createElement('p');
    p.className = 'hint';
    p.textContent = detail;
    return p;
  });
  box.replaceChildren(heading, line, sentence, ...details);
}

/** The words of a settings problem (settings/problem.ts): every face words validation, file and CA problems here. */
import { printable } from './display.js';
import { translate, type Language, type MessageKey, type MessageParams } from './translate.js';
import type { FileKind } from '../files/read-bounded.js';
import type { Problem, UnitKey } from '../settings/problem.js';
import { isSettingKey } from '../settings/validate.js';

/** The problem as one sentence in `lang`, after where it was found ("config.ini:3: ...") when it says so. */
export function problemWords(problem: Problem<MessageKey>, lang: Language = 'en'): string {
  const words = translate(lang, problem.key, wordedParams(problem, lang));
  return problem.where === undefined ? words : `${printable(problem.where)}: ${words}`;
}

/** The parameters with the words they name: the field, the unit, a file's kind, an origin left to the default. */
function wordedParams(problem: Problem<MessageKey>, lang: Language): MessageParams {
  const params: MessageParams = { ...problem.params };
  // The deepest setting named wins: "serverThresholds.2.warningSeconds" is about a warning threshold.
  const field = problem.path.split('.').findLast(isSettingKey);
  if (field) params.field = translate(lang, `field.${field}` as MessageKey);
  // The unit brings its own leading space, so that a unitless value reads "1 to 10," and not "1 to 10 ,".
  if (typeof params.unit === 'string') {
    const unit = translate(lang, params.unit as UnitKey);
    params.unit = unit === '' ? '' : ` ${unit}`;
  }
  if (problem.key === 'config.not-regular' || problem.key === 'ca.not-regular') params.kind = translate(lang, `config.kind-${params.kind as FileKind}`);
  if (problem.key === 'config.levels-conflict') {
    for (const from of ['warningFrom', 'criticalFrom']) params[from] ??= translate(lang, 'config.default');
  }
  // An address problem's {accepted} is the sentence of accepted forms; a status request's brings its own list.
  params.accepted ??= translate(lang, 'address.accepted');
  return params;
}

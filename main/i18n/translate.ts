/** Texts in the user's language: looks a key up in the English or Simplified Chinese dictionary and fills its placeholders. */
import { printable } from './display.js';
import { en, type MessageKey, type TextKey } from './en.js';
import { helpEn, type HelpKey } from './help-en.js';
import { helpZhCN } from './help-zh-CN.js';
import { zhCN } from './zh-CN.js';
import type { Language, LanguageSetting } from '../settings/language.js';

export { LANGUAGES, type Language, type LanguageSetting } from '../settings/language.js';
export type MessageParams = Record<string, string | number>;
export type { MessageKey };

const textBuilders: Record<Language, () => Record<TextKey, string>> = { en, 'zh-CN': zhCN };
const helpBuilders: Record<Language, () => Record<HelpKey, string>> = { en: helpEn, 'zh-CN': helpZhCN };
const texts: Partial<Record<Language, Record<TextKey, string>>> = {};
const helps: Partial<Record<Language, Record<HelpKey, string>>> = {};
const textTable = (lang: Language) => (texts[lang] ??= textBuilders[lang]());
const helpTable = (lang: Language) => (helps[lang] ??= helpBuilders[lang]());

/**
 * The text of `key` as the dictionary has it, placeholders unfilled. Each table is built on its first use, so a process
 * builds only the languages it speaks, and the help only when it shows it (issue 19).
 */
export function messageTemplate(lang: Language, key: MessageKey): string {
  const table = textTable(lang);
  return Object.hasOwn(table, key) ? table[key as TextKey] : helpTable(lang)[key as HelpKey];
}

/** The text for `key`, placeholders filled; every value is made printable, since values come from users and servers. */
export function translate(lang: Language, key: MessageKey, params: MessageParams = {}): string {
  return messageTemplate(lang, key).replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? printable(String(params[name])) : whole,
  );
}

/** A key read from markup (`data-i18n`), checked at run time since the compiler cannot see it: unknown ones throw. */
export function messageKey(text: string | undefined): MessageKey {
  if (text === undefined || !(Object.hasOwn(textTable('en'), text) || Object.hasOwn(helpTable('en'), text))) throw new Error(`"${text}" is not a message key`);
  return text as MessageKey;
}

/** Maps an OS locale (zh-CN, zh_CN.UTF-8, zh-Hans-CN, zh-SG) to a language we speak; anything else is English. */
export function languageFromLocale(locale: string | undefined): Language {
  // Lowered first, not matched with /i: V8 sets up case folding on a process's first /i expression (0.1 ms, issue 19).
  return locale && /^zh([-_](hans|cn|sg)|$)/.test(locale.toLowerCase()) ? 'zh-CN' : 'en';
}

export function resolveLanguage(setting: LanguageSetting, osLocale: string | undefined): Language {
  return setting === 'system' ? languageFromLocale(osLocale) : setting;
}

/** The locale of a command-line process, from the usual environment variables. */
export function localeFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  return env.LC_ALL || env.LC_MESSAGES || env.LANG || undefined;
}

/** Texts in the user's language: looks a key up in the English or Simplified Chinese dictionary and fills its placeholders. */
import { printable } from './display.js';
import { en, type MessageKey } from './en.js';
import { zhCN } from './zh-CN.js';
import type { Language, LanguageSetting } from '../settings/language.js';

export { LANGUAGES, type Language, type LanguageSetting } from '../settings/language.js';
export type MessageParams = Record<string, string | number>;
export type { MessageKey };

const builders: Record<Language, () => Record<MessageKey, string>> = { en, 'zh-CN': zhCN };
const built: Partial<Record<Language, Record<MessageKey, string>>> = {};

/** A language's texts by key, built on its first use: a process builds only the languages it speaks (issue 19). */
export function dictionary(lang: Language): Record<MessageKey, string> {
  return (built[lang] ??= builders[lang]());
}

/** The text for `key`, placeholders filled; every value is made printable, since values come from users and servers. */
export function translate(lang: Language, key: MessageKey, params: MessageParams = {}): string {
  return dictionary(lang)[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? printable(String(params[name])) : whole,
  );
}

/** A key read from markup (`data-i18n`), checked at run time since the compiler cannot see it: unknown ones throw. */
export function messageKey(text: string | undefined): MessageKey {
  if (text === undefined || !Object.hasOwn(dictionary('en'), text)) throw new Error(`"${text}" is not a message key`);
  return text as MessageKey;
}

/** Maps an OS locale (zh-CN, zh_CN.UTF-8, zh-Hans-CN, zh-SG) to a language we speak; anything else is English. */
export function languageFromLocale(locale: string | undefined): Language {
  return locale && /^zh([-_](hans|cn|sg)|$)/i.test(locale) ? 'zh-CN' : 'en';
}

export function resolveLanguage(setting: LanguageSetting, osLocale: string | undefined): Language {
  return setting === 'system' ? languageFromLocale(osLocale) : setting;
}

/** The locale of a command-line process, from the usual environment variables. */
export function localeFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  return env.LC_ALL || env.LC_MESSAGES || env.LANG || undefined;
}

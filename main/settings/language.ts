/** The languages the app speaks, as the language setting names them; i18n/ holds a dictionary for each. */

export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];
/** "system" follows the OS's locale (i18n/translate.ts `resolveLanguage`). */
export type LanguageSetting = 'system' | Language;

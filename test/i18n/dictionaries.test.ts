import { describe, expect, it } from 'vitest';
import { en as englishTexts, type MessageKey } from '../../main/i18n/en.js';
import { helpEn } from '../../main/i18n/help-en.js';
import { helpZhCN } from '../../main/i18n/help-zh-CN.js';
import { messageKey, messageTemplate } from '../../main/i18n/translate.js';
import { zhCN as chineseTexts } from '../../main/i18n/zh-CN.js';

const en: Record<MessageKey, string> = { ...englishTexts(), ...helpEn() };
const zhCN: Record<MessageKey, string> = { ...chineseTexts(), ...helpZhCN() };

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
/** Keys whose text is empty on purpose. */
const EMPTY = new Set(['unit.none']);

describe('dictionaries', () => {
  it('have the same keys in English and Simplified Chinese', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
  });

  it('leave no text empty', () => {
    for (const [key, text] of [...Object.entries(en), ...Object.entries(zhCN)]) {
      if (!EMPTY.has(key)) expect(text.trim(), key).not.toBe('');
    }
  });

  it('use the same placeholders in both languages, so no value is lost in translation', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(placeholders(zhCN[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it('are what translate reads, the help as well as the rest, in both languages', () => {
    for (const key of Object.keys(en) as MessageKey[]) {
      expect(messageTemplate('en', key), key).toBe(en[key]);
      expect(messageTemplate('zh-CN', key), key).toBe(zhCN[key]);
    }
  });

  it('know their keys, help included, and nothing else', () => {
    expect(messageKey('help.check')).toBe('help.check');
    expect(messageKey('address.empty')).toBe('address.empty');
    for (const stranger of ['__proto__', 'toString', 'help.nothing', '']) expect(() => messageKey(stranger)).toThrow(/not a message key/);
  });

  it('really are translated: desktop texts differ from the English', () => {
    const desktopKeys = (Object.keys(en) as (keyof typeof en)[]).filter((k) => /^(tray|menu|notify|store|window)\./.test(k));
    expect(desktopKeys.length).toBeGreaterThan(20);
    for (const key of desktopKeys) expect(zhCN[key], key).not.toBe(en[key]);
  });
});

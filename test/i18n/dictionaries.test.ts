import { describe, expect, it } from 'vitest';
import { en as englishTexts } from '../../main/i18n/en.js';
import { zhCN as chineseTexts } from '../../main/i18n/zh-CN.js';
import { dictionary } from '../../main/i18n/translate.js';

const en = englishTexts();
const zhCN = chineseTexts();

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

  it('are built once per language, on first use, and are the ones translate reads', () => {
    expect(dictionary('en')).toBe(dictionary('en'));
    expect(dictionary('zh-CN')).toEqual(zhCN);
    expect(dictionary('en')).toEqual(en);
  });

  it('really are translated: desktop texts differ from the English', () => {
    const desktopKeys = (Object.keys(en) as (keyof typeof en)[]).filter((k) => /^(tray|menu|notify|store|window)\./.test(k));
    expect(desktopKeys.length).toBeGreaterThan(20);
    for (const key of desktopKeys) expect(zhCN[key], key).not.toBe(en[key]);
  });
});

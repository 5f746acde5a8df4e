import { describe, expect, it } from 'vitest';
import { printable, redactUrl } from '../../main/i18n/display.js';
import { translate } from '../../main/i18n/translate.js';

describe('printable', () => {
  it('writes newlines, escapes, NUL and bidi overrides as visible escapes', () => {
    expect(printable('a\nb')).toBe('a\\nb');
    expect(printable('x\u001b[31my')).toBe('x\\u001b[31my');
    expect(printable('\u0000\r\t')).toBe('\\u0000\\r\\t');
    expect(printable('abc\u202edef')).toBe('abc\\u202edef');
    expect(printable('\u0085\u2028')).toBe('\\u0085\\u2028');
  });

  it('leaves ordinary text, Chinese included, alone', () => {
    expect(printable('time.example.com:123 服务器 +1.5 ms')).toBe('time.example.com:123 服务器 +1.5 ms');
  });

  it('is applied to every value translate() fills in, so no message can carry a raw control character', () => {
    const text = translate('en', 'address.bad-host', { input: 'evil\nOK forged row', accepted: '' });
    expect(text).not.toMatch(/\n/);
    expect(text).toContain('evil\\nOK forged row');
  });

  it('does not take placeholders from the object prototype', () => {
    expect(translate('en', 'address.bad-host', {} as Record<string, string>)).toContain('{input}');
  });
});

describe('redactUrl', () => {
  it('hides user and password', () => {
    expect(redactUrl('https://alice:s3cret@hooks.example.com/x')).toBe('https://***:***@hooks.example.com/x');
  });

  it('hides every query value and a fragment but keeps the names', () => {
    const shown = redactUrl('https://hooks.example.com/api?token=abc123&channel=ops#sig');
    expect(shown).toBe('https://hooks.example.com/api?token=***&channel=***#***');
    expect(shown).not.toMatch(/abc123|ops|sig/);
  });

  it('keeps a URL without secrets as it is', () => {
    expect(redactUrl('http://127.0.0.1:9000/hook')).toBe('http://127.0.0.1:9000/hook');
  });

  it('hides what follows ? and a credential even when the text is not a valid URL', () => {
    expect(redactUrl('ftp//bob:pw@host?key=zzz')).not.toMatch(/pw|zzz/);
    expect(redactUrl('https://u:p@[bad/x?t=1')).not.toMatch(/u:p|t=1/);
  });
});

/** The `daemon` setting: the same texts as `--daemon`'s reader accepts, refused with the forms listed in both languages. */
import { describe, expect, it } from 'vitest';
import { DAEMON_FORMS, isDaemonSetting } from '../../main/settings/daemon.js';
import { defaultSettings } from '../../main/settings/settings.js';
import { problemWords } from '../../main/i18n/problem-words.js';
import { validateSettings } from '../../main/settings/validate.js';
import { parseDaemonOption } from '../../main/timeservice/daemon-option.js';

const TEXTS = [
  'auto', 'none', 'chrony', 'chrony=127.0.0.1', 'chrony=127.0.0.1:11323', 'chrony=[::1]:323', 'chrony=::1', 'chrony=localhost:323',
  'ntpd', 'ntpd=127.0.0.1:123', 'timesyncd', 'kernel', 'w32time', 'timed', 'w32time=x', 'timed=127.0.0.1', 'W32Time', 'windows', '', 'Auto', 'chrony=', 'chrony=a b', 'chrony=http://x', 'chrony:323', ' none',
];

describe('the daemon setting', () => {
  it.each(TEXTS)('accepts %j exactly when the reader can read it', (text) => {
    expect(isDaemonSetting(text)).toBe(parseDaemonOption(text) !== null);
  });

  it('lists the Windows and macOS services among the forms, in both languages', () => {
    expect(DAEMON_FORMS).toBe('auto, none, chrony[=HOST:PORT], ntpd[=HOST:PORT], timesyncd, kernel, w32time, timed');
    expect(isDaemonSetting('w32time') && isDaemonSetting('timed')).toBe(true);
    const result = validateSettings({ ...defaultSettings(), daemon: 'timed=x' });
    expect(!result.ok && problemWords(result.problems[0]!, 'zh-CN')).toContain('w32time, timed');
  });

  it('defaults to auto and refuses a bad value naming the forms, in English and Chinese', () => {
    expect(defaultSettings().daemon).toBe('auto');
    const result = validateSettings({ ...defaultSettings(), daemon: 'chrony=a b' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.path)).toEqual(['daemon']);
    expect(problemWords(result.problems[0]!, 'en')).toBe(`Time service must be one of: ${DAEMON_FORMS}; got "chrony=a b".`);
    expect(problemWords(result.problems[0]!, 'zh-CN')).toBe(`时间服务必须是以下之一：${DAEMON_FORMS}；当前为“chrony=a b”。`);
    const notText = validateSettings({ ...defaultSettings(), daemon: 42 });
    expect(!notText.ok && problemWords(notText.problems[0]!, 'en')).toContain('got "42"');
  });
});

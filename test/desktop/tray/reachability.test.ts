import { describe, expect, it } from 'vitest';
import { keepReachable } from '../../../main/desktop/tray/reachability.js';
import type { TraySupport } from '../../../main/desktop/tray/tray-support.js';
import type { TransitionText } from '../../../main/i18n/describe.js';

async function run(firstRun: boolean, platform: NodeJS.Platform, support: TraySupport, lang: 'en' | 'zh-CN' = 'en') {
  const opened: string[] = [];
  const announced: TransitionText[] = [];
  let asked = 0;
  const result = await keepReachable({
    firstRun,
    platform,
    traySupport: async () => (asked++, support),
    lang,
    openMainWindow: () => opened.push('main'),
    announce: (text) => announced.push(text),
  });
  return { result, opened, announced, asked };
}

describe('keeping the app reachable without a tray', () => {
  it('opens the main window on the first run, and only then, where the tray shows', async () => {
    expect((await run(true, 'linux', 'present')).opened).toEqual(['main']);
    expect((await run(false, 'linux', 'present')).opened).toEqual([]);
    expect((await run(true, 'darwin', 'absent')).opened).toEqual(['main']);
  });

  it('on Linux where no tray shows: says so once and opens the window, first run or not', async () => {
    const later = await run(false, 'linux', 'absent');
    expect(later.opened).toEqual(['main']);
    expect(later.announced).toEqual([{ title: 'No tray icon on this desktop', body: expect.stringContaining('AppIndicator') }]);
    const first = await run(true, 'linux', 'absent', 'zh-CN');
    expect(first.opened).toEqual(['main']);
    expect(first.announced[0]!.title).toBe('此桌面不显示托盘图标');
  });

  it('assumes a tray when the probe cannot tell, and asks only on Linux', async () => {
    expect(await run(false, 'linux', 'unknown')).toMatchObject({ opened: [], announced: [], asked: 1 });
    expect(await run(false, 'win32', 'absent')).toMatchObject({ opened: [], announced: [], asked: 0 });
  });

  it('opens the first-run window at once, before the tray question is answered', async () => {
    const opened: string[] = [];
    let answer!: (support: TraySupport) => void;
    const done = keepReachable({
      firstRun: true,
      platform: 'linux',
      traySupport: () => new Promise((resolve) => (answer = resolve)),
      lang: 'en',
      openMainWindow: () => opened.push('main'),
      announce: () => {},
    });
    expect(opened).toEqual(['main']);
    answer('absent');
    expect(await done).toEqual({ opened: true, trayMissing: true });
    expect(opened).toEqual(['main']);
  });
});

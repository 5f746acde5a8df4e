import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { composeEngine } from '../../main/engine/engine.js';
import { HistoryReader } from '../../main/history/reader.js';
import { resolveLanguage } from '../../main/i18n/translate.js';
import { defaultSettings, type Settings } from '../../main/settings/settings.js';
import { AlertSinks } from '../../main/sinks/sinks.js';
import { tempDir } from '../history/helpers.js';
import { failureResult } from '../support/results.js';
import { checked } from '../support/settings.js';

const tmp = tempDir();
afterAll(() => tmp.remove());

const RATE_EN = "The server asks us to query less often (Kiss-o'-Death RATE); backing off.";
const RATE_ZH = "该服务器要求降低查询频率（Kiss-o'-Death RATE），已退避。";

async function messagesIn(file: string): Promise<(string | null)[]> {
  const reader = await HistoryReader.open(file);
  const messages = [...reader.rows({ from: 0, to: Number.MAX_SAFE_INTEGER })].map((row) => row.errorMessage);
  reader.close();
  return messages;
}

/** An engine over real sinks (log to a stream) and a real history file, asking a query that answers KoD RATE. */
async function engineWith(settings: Settings, locale: string | undefined, defaultHistoryFile?: string) {
  let log = '';
  const stream = new PassThrough().on('data', (chunk: Buffer) => (log += chunk));
  const first = checked(settings);
  // Started by the face in the language its settings resolve to, as watch and the desktop do.
  const sinks = await AlertSinks.start(first, { language: resolveLanguage(settings.language, locale), stream });
  const seenByFace: string[] = [];
  const troubles: string[] = [];
  const engine = composeEngine(first, {
    query: async (server) => failureResult(server, 'kod', 'RATE', Date.now()),
    locale,
    sinks,
    onTrouble: (message) => troubles.push(message),
    ...(defaultHistoryFile !== undefined && { defaultHistoryFile }),
    // The face's own listener runs after the sinks: the line is in the log by then.
    listeners: [{ onResult: () => void seenByFace.push(log) }],
  });
  await engine.history;
  return { engine, log: () => log, seenByFace, troubles };
}

describe('composeEngine, the one composition root of watch and the desktop app', () => {
  it('feeds the history, then the sinks, then the face, each in the language the settings and locale resolve to', async () => {
    const file = tmp.path('words.sqlite');
    const { engine, log, seenByFace, troubles } = await engineWith({ ...defaultSettings(['192.0.2.1']), language: 'system', historyFile: file }, 'zh_CN.UTF-8');
    expect(engine.language()).toBe('zh-CN');
    await engine.monitor.checkNow();
    expect(log()).toContain(RATE_ZH);
    expect(seenByFace).toEqual([log()]);

    await engine.monitor.apply(checked({ ...defaultSettings(['192.0.2.1']), language: 'en', historyFile: file }));
    expect(engine.language()).toBe('en');
    await engine.monitor.checkNow();
    expect(log()).toContain(RATE_EN);
    await engine.monitor.stop();
    expect(await messagesIn(file)).toEqual([RATE_ZH, RATE_EN]);
    expect(troubles).toEqual([]);
  });

  it('keeps a history in the face\'s own file while the settings name none (the desktop\'s charts), and none without one', async () => {
    const own = tmp.path('own.sqlite');
    const desktop = await engineWith({ ...defaultSettings(['192.0.2.1']), language: 'en' }, undefined, own);
    await desktop.engine.monitor.checkNow();
    expect(desktop.engine.openedHistory()?.store?.file).toBe(own);
    await desktop.engine.monitor.stop();
    expect(await messagesIn(own)).toEqual([RATE_EN]);

    const watch = await engineWith({ ...defaultSettings(['192.0.2.1']), language: 'en' }, undefined);
    await watch.engine.monitor.checkNow();
    expect(watch.engine.openedHistory()?.store).toBeUndefined();
    expect(watch.log()).toContain(RATE_EN);
    await watch.engine.monitor.stop();
  });
});

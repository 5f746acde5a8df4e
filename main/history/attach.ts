/**
 * The history of one monitor (`watch`, later the desktop): a store opened when the settings name a file, fed every
 * result of the scheduler, and following settings changes (another file, another retention) without a restart.
 */
import type { Language } from '../i18n/translate.js';
import type { Scheduler } from '../scheduler/scheduler.js';
import type { Settings } from '../settings/settings.js';
import { HistoryStore, type HistoryStoreOptions } from './store.js';

export type HistorySettings = Pick<Settings, 'historyFile' | 'historyRetentionDays'>;

export interface AttachedHistory {
  /** The store being written, while history is on. */
  readonly store: HistoryStore | undefined;
  /** Opens another file when `historyFile` changed (closing the old one); applies the retention at once. */
  update(settings: HistorySettings, language: Language): Promise<void>;
  /** Stops listening and closes the file. */
  close(): void;
}

type Options = Omit<HistoryStoreOptions, 'file' | 'retentionDays'>;

/** Never rejects: a file that cannot be used is reported through `onTrouble` and monitoring goes on. */
export async function attachHistory(scheduler: Scheduler, settings: HistorySettings, options: Options): Promise<AttachedHistory> {
  let store: HistoryStore | undefined;
  let language = options.language;
  const open = async (next: HistorySettings) => {
    store?.close();
    store = next.historyFile === '' ? undefined : await HistoryStore.open({ ...options, language, file: next.historyFile, retentionDays: next.historyRetentionDays });
  };
  await open(settings);
  const off = scheduler.on('result', (event) => store?.onResult(event));
  return {
    get store() {
      return store;
    },
    async update(next, nextLanguage) {
      language = nextLanguage;
      if (next.historyFile !== (store?.file ?? '')) await open(next);
      else if (store) store.retentionDays = next.historyRetentionDays;
    },
    close() {
      off();
      store?.close();
      store = undefined;
    },
  };
}

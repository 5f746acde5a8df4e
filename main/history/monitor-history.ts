/**
 * The history of one monitor (`watch`, later the desktop), as a monitor listener: a store opened when the settings
 * name a file, fed every result, following settings changes (another file, another retention) without a restart.
 */
import type { Language } from '../i18n/translate.js';
import type { MonitorListener, MonitorView } from '../monitor/listener.js';
import type { ResultEvent } from '../judging/events.js';
import type { Settings } from '../settings/settings.js';
import type { CheckedSettings } from '../settings/validate.js';
import { HistoryStore, type HistoryStoreOptions } from './store.js';

export type HistorySettings = Pick<Settings, 'historyFile' | 'historyRetentionDays'>;

type Options = Omit<HistoryStoreOptions, 'file' | 'retentionDays'>;

export class MonitorHistory implements MonitorListener {
  private current: HistoryStore | undefined;

  /** Never rejects: a file that cannot be used is reported through `onTrouble` and monitoring goes on. */
  static async open(settings: HistorySettings, options: Options): Promise<MonitorHistory> {
    const history = new MonitorHistory(options);
    await history.use(settings);
    return history;
  }

  private constructor(private options: Options) {}

  /** The store being written, while history is on. */
  get store(): HistoryStore | undefined {
    return this.current;
  }

  /** Recorded with the monitor's verdict as it stands after this result: a row then says why an alarm fired. */
  onResult(event: ResultEvent, monitor?: MonitorView): void {
    this.current?.onResult(event, monitor?.verdict());
  }

  /** Opens another file when `historyFile` changed (closing the old one); applies the retention at once; words in `language`. */
  async apply(checked: CheckedSettings, language: Language = this.options.language): Promise<void> {
    this.options = { ...this.options, language };
    const next = checked.settings;
    if (next.historyFile !== (this.current?.file ?? '')) await this.use(next);
    else if (this.current) Object.assign(this.current, { retentionDays: next.historyRetentionDays, language });
  }

  /** Closes the file; every row recorded is already in it. */
  async close(): Promise<void> {
    this.current?.close();
    this.current = undefined;
  }

  private async use(settings: HistorySettings): Promise<void> {
    this.current?.close();
    this.current = undefined;
    if (settings.historyFile === '') return;
    this.current = await HistoryStore.open({ ...this.options, file: settings.historyFile, retentionDays: settings.historyRetentionDays });
  }
}

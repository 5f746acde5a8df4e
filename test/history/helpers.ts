/** Shared by the history tests: a temporary folder, scheduler-shaped result events, and a store that records what it tells. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Language } from '../../main/i18n/translate.js';
import type { QueryResult } from '../../main/ntp/result.js';
import type { ResultEvent } from '../../main/judging/events.js';
import { HistoryStore, type HistoryStoreOptions } from '../../main/history/store.js';
import { status } from '../support/results.js';
import type { ServerState } from '../../main/judging/server-state.js';

/** The why of a row (schema 2) where nothing was recorded: rows of schema 1, or written without a monitor. */
export const NOT_RECORDED = { selection: null, falseticker: null, authenticated: null, clockState: null, consensusOffsetMs: null, errorCode: null } as const;

export function tempDir(): { path: (name: string) => string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'ntp-monitor-history-'));
  return { path: (name) => join(dir, name), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** What the scheduler emits for `result`, in the state given. */
export function eventOf(result: QueryResult, state: ServerState = 'ok'): ResultEvent {
  const server = result.ok ? result.sample.server : result.failure.server;
  return { server, result, status: status(server, state, result), knownAt: result.ok ? result.sample.at : result.failure.at };
}

export interface Opened {
  store: HistoryStore;
  told: string[];
}

export async function openStore(file: string, options: Partial<HistoryStoreOptions> & { language?: Language } = {}): Promise<Opened> {
  const told: string[] = [];
  const store = await HistoryStore.open({ file, language: 'en', onTrouble: (m) => told.push(m), pruneEveryMs: 3_600_000, ...options });
  return { store, told };
}

/** Registers one ipcMain.handle per contract channel; a request from any other sender is refused. */
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { CHANNELS } from '../contract.js';
import type { IpcHandlers } from './ipc-handlers.js';

export function registerIpc(handlers: IpcHandlers, isTrusted: (event: IpcMainInvokeEvent) => boolean): () => void {
  const channels = Object.values(CHANNELS);
  for (const channel of channels) {
    const handler = handlers[channel] as (...args: unknown[]) => Promise<unknown>;
    ipcMain.handle(channel, (event, ...args: unknown[]) => {
      if (!isTrusted(event)) throw new Error(`Refused ${channel}: the request does not come from the settings window.`);
      return handler(...args);
    });
  }
  return () => channels.forEach((channel) => ipcMain.removeHandler(channel));
}

/** Registers one ipcMain.handle per channel of a window's handlers; a request from any other sender is refused. */
import { ipcMain, type IpcMainInvokeEvent } from 'electron';

type Handlers = Record<string, (...args: never[]) => Promise<unknown>>;

/** `window` names the only trusted sender in the refusal message. Returns the function that removes the handlers. */
export function registerIpc(handlers: Handlers, isTrusted: (event: IpcMainInvokeEvent) => boolean, window: string): () => void {
  const channels = Object.keys(handlers);
  for (const channel of channels) {
    const handler = handlers[channel] as (...args: unknown[]) => Promise<unknown>;
    ipcMain.handle(channel, (event, ...args: unknown[]) => {
      if (!isTrusted(event)) throw new Error(`Refused ${channel}: the request does not come from the ${window} window.`);
      return handler(...args);
    });
  }
  return () => channels.forEach((channel) => ipcMain.removeHandler(channel));
}

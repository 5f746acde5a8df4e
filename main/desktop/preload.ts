/**
 * The settings window's only door to the main process: four calls, each a named channel of the contract. Bundled by
 * esbuild into one CommonJS file (dist/preload.cjs), since a sandboxed preload cannot load other files.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { API_NAME, CHANNELS, type NtpMonitorApi } from '../contract.js';

const api: NtpMonitorApi = {
  load: () => ipcRenderer.invoke(CHANNELS.load),
  save: (settings) => ipcRenderer.invoke(CHANNELS.save, settings),
  test: (server) => ipcRenderer.invoke(CHANNELS.test, server),
  close: () => ipcRenderer.invoke(CHANNELS.close),
};

contextBridge.exposeInMainWorld(API_NAME, api);

/**
 * Both windows' only door to the main process: named calls of the contract, and one subscription that hands the
 * listener a copy of each pushed view (never the raw ipcRenderer event). Bundled by esbuild into one CommonJS file
 * (dist/preload.cjs), since a sandboxed preload cannot load other files.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { API_NAME, SETTINGS_CHANNELS, CLOSE_REQUEST_CHANNEL, STATUS_CHANNELS, STATUS_UPDATE_CHANNEL, type NtpMonitorApi, type StatusView } from '../../contract.js';

const api: NtpMonitorApi = {
  load: () => ipcRenderer.invoke(SETTINGS_CHANNELS.load),
  save: (settings) => ipcRenderer.invoke(SETTINGS_CHANNELS.save, settings),
  test: (server) => ipcRenderer.invoke(SETTINGS_CHANNELS.test, server),
  close: () => ipcRenderer.invoke(SETTINGS_CHANNELS.close),
  chooseCa: () => ipcRenderer.invoke(SETTINGS_CHANNELS.chooseCa),
  unsaved: (unsaved) => ipcRenderer.invoke(SETTINGS_CHANNELS.unsaved, unsaved),
  onCloseRequest(listener) {
    const wrapped = () => listener();
    ipcRenderer.on(CLOSE_REQUEST_CHANNEL, wrapped);
    return () => void ipcRenderer.removeListener(CLOSE_REQUEST_CHANNEL, wrapped);
  },
  status: {
    load: () => ipcRenderer.invoke(STATUS_CHANNELS.load),
    series: (request) => ipcRenderer.invoke(STATUS_CHANNELS.series, request),
    exportCsv: (request) => ipcRenderer.invoke(STATUS_CHANNELS.exportCsv, request),
    openSettings: () => ipcRenderer.invoke(STATUS_CHANNELS.openSettings),
    snooze: (request) => ipcRenderer.invoke(STATUS_CHANNELS.snooze, request),
    checkNow: (request) => ipcRenderer.invoke(STATUS_CHANNELS.checkNow, request),
    copyDiagnostics: () => ipcRenderer.invoke(STATUS_CHANNELS.copyDiagnostics),
    onUpdate(listener) {
      const wrapped = (_event: IpcRendererEvent, view: StatusView) => listener(view);
      ipcRenderer.on(STATUS_UPDATE_CHANNEL, wrapped);
      return () => void ipcRenderer.removeListener(STATUS_UPDATE_CHANNEL, wrapped);
    },
  },
};

contextBridge.exposeInMainWorld(API_NAME, api);

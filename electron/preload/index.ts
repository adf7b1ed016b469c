/**
 * The preload script: the only bridge between the renderer and the main process. It exposes a
 * narrow, typed API (never ipcRenderer itself). This first version exposes the app's version only;
 * the capture and analysis API arrives with the desktop-app issue.
 */

import { contextBridge } from 'electron';

const api = {
  /** The callscope version the shell was built from. */
  version: '0.1.0',
} as const;

contextBridge.exposeInMainWorld('callscope', api);

export type CallscopeApi = typeof api;

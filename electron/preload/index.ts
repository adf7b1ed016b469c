/**
 * The preload script (built as CommonJS, so the window keeps `sandbox: true`): the only bridge between
 * the page and main. It exposes one object of named functions as `window.callscope` (api.ts), never
 * ipcRenderer, and opens capture files dropped on the window (drop.ts).
 */

import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createApi } from './api.ts';
import { type DropTarget, installDropHandler } from './drop.ts';

const api = createApi(ipcRenderer);
contextBridge.exposeInMainWorld('callscope', api);

installDropHandler(
  // The node tsconfig has no DOM types; in the preload `document` is the page's document.
  (globalThis as unknown as { document: DropTarget }).document,
  (file) => webUtils.getPathForFile(file),
  (path) => api.openFile({ path }),
);

export type { DesktopApi, MenuCommand } from './api.ts';

/**
 * The IPC manager (fiddle style): one `ipcMain.handle` per request method of the contract, each
 * dropping requests from anything but our window's main frame showing our page, validating the
 * argument with the contract's zod schemas, then calling the shell API. Engine updates go to the
 * window on UPDATE_CHANNEL.
 */

import { type BrowserWindow, type IpcMainInvokeEvent, ipcMain } from 'electron';
import { API_METHODS, channelOf, type EngineUpdate, UPDATE_CHANNEL } from '../../shared/ipc.ts';
import { isTrustedSender } from './app-url.ts';
import { handleRequest, type RequestApi } from './handle-request.ts';

export { isTrustedSender } from './app-url.ts';
export { handleRequest } from './handle-request.ts';

/** The parts of an IPC event the sender check reads. */
export interface SenderInfo {
  sender: unknown;
  senderFrame: { url: string; parent: unknown; processId: number; routingId: number } | null;
}

/** The parts of the window the sender check reads. */
export interface WindowInfo {
  isDestroyed(): boolean;
  webContents: { mainFrame: { processId: number; routingId: number } };
}

/**
 * Whether an IPC event comes from `window`'s main frame (not a subframe, not another window or web
 * contents) while it shows the app's page `appUrl`.
 */
export function isTrustedEvent(event: SenderInfo, window: WindowInfo | null, appUrl: string): boolean {
  if (window === null || window.isDestroyed()) return false;
  if (event.sender !== window.webContents) return false;
  const frame = event.senderFrame;
  if (frame === null || frame.parent !== null) return false;
  const main = window.webContents.mainFrame;
  if (frame.processId !== main.processId || frame.routingId !== main.routingId) return false;
  return isTrustedSender(frame.url, appUrl);
}

export interface IpcOptions {
  /** What the requests run on (the shell API over the engine). */
  api: RequestApi;
  /** The app's window (null while there is none). */
  getWindow(): BrowserWindow | null;
  /** The page the window shows (app-url.ts). */
  appUrl: string;
  /** Told about refused senders. */
  log?: (message: string) => void;
}

/** Registers a handler for every API method; returns the function that removes them. */
export function setupIpc(options: IpcOptions): () => void {
  for (const method of API_METHODS) {
    ipcMain.handle(channelOf(method), async (event: IpcMainInvokeEvent, ...args: unknown[]) => {
      if (!isTrustedEvent(event, options.getWindow(), options.appUrl)) {
        options.log?.(`refused ${method} from ${event.senderFrame?.url ?? 'a gone frame'}`);
        throw new Error('refused: not the callscope window');
      }
      if (args.length > 1) throw new Error(`invalid argument to ${method}: takes at most one argument`);
      return handleRequest(options.api, method, args[0]);
    });
  }
  return () => {
    for (const method of API_METHODS) ipcMain.removeHandler(channelOf(method));
  };
}

/** Sends every engine update to the window (dropped while there is none); returns the unsubscribe. */
export function forwardUpdates(
  engine: { onUpdate(listener: (update: EngineUpdate) => void): () => void },
  getWindow: () => BrowserWindow | null,
): () => void {
  return engine.onUpdate((update) => {
    const window = getWindow();
    if (window === null || window.isDestroyed() || window.webContents.isDestroyed()) return;
    window.webContents.send(UPDATE_CHANNEL, update);
  });
}

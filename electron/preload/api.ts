/**
 * The API the page gets as `window.callscope`: the contract's CallscopeApi over Electron IPC, plus
 * `onMenu` for commands from the application menu. Each method is one `ipcRenderer.invoke` on its
 * channel; subscriptions wrap the listener so the page never sees an IPC event (or ipcRenderer), and
 * their unsubscribe removes exactly that wrapper. No contextBridge here, so tests can build it.
 */

import {
  type ApiMethod,
  type CallscopeApi,
  channelOf,
  type EngineUpdate,
  type ExportRequest,
  type InterfaceInfo,
  type OpenFileRequest,
  type Settings,
  type StartCaptureRequest,
  UPDATE_CHANNEL,
} from '../../shared/ipc.ts';

/** Commands the application menu sends (main's menu.ts keeps the same list: test/electron checks). */
export const MENU_COMMANDS = ['start', 'stop', 'choose-interface', 'open', 'export'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];
/** The channel of menu commands, main → renderer. */
export const MENU_CHANNEL = 'callscope:menu';

/** `window.callscope` in the desktop app. */
export interface DesktopApi extends CallscopeApi {
  /** Subscribes to menu commands; returns the function that unsubscribes. */
  onMenu(listener: (command: MenuCommand) => void): () => void;
}

type IpcListener = (event: unknown, ...args: unknown[]) => void;

/** The parts of ipcRenderer the API uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: IpcListener): unknown;
  removeListener(channel: string, listener: IpcListener): unknown;
}

const REMOTE_PREFIX = /^Error invoking remote method '[^']*': (?:\w*Error: )?/;

/** The error main rejected with, without Electron's "Error invoking remote method …" wrapping. */
function cleanError(error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  return new Error(message.replace(REMOTE_PREFIX, ''));
}

const isMenuCommand = (value: unknown): value is MenuCommand =>
  typeof value === 'string' && (MENU_COMMANDS as readonly string[]).includes(value);
const isUpdate = (value: unknown): value is EngineUpdate =>
  typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string';

/** Builds the API over `ipc` (ipcRenderer in the preload). */
export function createApi(ipc: IpcRendererLike): DesktopApi {
  const invoke = async (method: ApiMethod, argument?: unknown): Promise<unknown> => {
    try {
      return await (argument === undefined
        ? ipc.invoke(channelOf(method))
        : ipc.invoke(channelOf(method), argument));
    } catch (error) {
      throw cleanError(error);
    }
  };

  function subscribe<T>(
    channel: string,
    accept: (value: unknown) => value is T,
    listener: (value: T) => void,
  ) {
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    const wrapper: IpcListener = (_event, value) => {
      if (accept(value)) listener(value);
    };
    ipc.on(channel, wrapper);
    let subscribed = true;
    return (): void => {
      if (!subscribed) return;
      subscribed = false;
      ipc.removeListener(channel, wrapper);
    };
  }

  const api: DesktopApi = {
    listInterfaces: () => invoke('listInterfaces') as Promise<InterfaceInfo[]>,
    startCapture: (request: StartCaptureRequest) => invoke('startCapture', request) as Promise<void>,
    stopCapture: () => invoke('stopCapture') as Promise<void>,
    openFile: (request?: OpenFileRequest) => invoke('openFile', request) as Promise<void>,
    cancel: () => invoke('cancel') as Promise<void>,
    exportReport: (request?: ExportRequest) => invoke('exportReport', request) as Promise<string[]>,
    getSettings: () => invoke('getSettings') as Promise<Settings>,
    saveSettings: (settings: Settings) => invoke('saveSettings', settings) as Promise<Settings>,
    listFiles: () => invoke('listFiles') as Promise<string[]>,
    onUpdate: (listener) => subscribe(UPDATE_CHANNEL, isUpdate, listener),
    onMenu: (listener) => subscribe(MENU_CHANNEL, isMenuCommand, listener),
  };
  return Object.freeze(api);
}

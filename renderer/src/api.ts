/**
 * The renderer's one way to the engine: the Electron preload's `window.callscope`, or, in a browser
 * opened from `callscope serve`, a WebSocket client with the same interface.
 */

import type { ApiMethod, CallscopeApi } from '../../shared/ipc.ts';
import {
  type ConnectionStatus,
  createWsClient,
  type SocketFactory,
  serveSocketUrl,
} from './lib/ws-client.ts';

/** The API and how it is carried. */
export interface Transport {
  api: CallscopeApi;
  /** 'electron': the preload (file dialogs, always connected); 'websocket': serve. */
  kind: 'electron' | 'websocket';
  /** Connection state changes (the preload is always 'open'). */
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  status(): ConnectionStatus;
}

/**
 * The request methods, checked exhaustively against ApiMethod at compile time (a type-only import:
 * shared/ipc.ts's API_METHODS would pull zod into the bundle).
 */
const METHODS = Object.keys({
  listInterfaces: true,
  startCapture: true,
  stopCapture: true,
  openFile: true,
  cancel: true,
  exportReport: true,
  getSettings: true,
  saveSettings: true,
  listFiles: true,
} satisfies Record<ApiMethod, true>) as ApiMethod[];

/** Whether the Electron preload exposed the whole API. */
export function hasPreload(): boolean {
  const exposed = window.callscope;
  if (exposed === undefined || exposed === null) return false;
  return (
    typeof exposed.onUpdate === 'function' && METHODS.every((method) => typeof exposed[method] === 'function')
  );
}

/** A browser WebSocket behind the client's SocketFactory. */
const browserSocket: SocketFactory = (url, handlers) => {
  const socket = new WebSocket(url);
  socket.onopen = () => handlers.open();
  socket.onmessage = (event: MessageEvent) => {
    if (typeof event.data === 'string') handlers.message(event.data);
  };
  // An error is always followed by close, which does the reconnecting.
  socket.onerror = () => {};
  socket.onclose = () => handlers.close();
  return {
    send: (text) => socket.send(text),
    close: () => socket.close(),
  };
};

let transport: Transport | null = null;

/** The transport, created on first use. */
export function getTransport(): Transport {
  if (transport !== null) return transport;
  if (hasPreload()) {
    const api = window.callscope as unknown as CallscopeApi;
    transport = { api, kind: 'electron', onStatus: () => () => {}, status: () => 'open' };
  } else {
    const client = createWsClient({ url: serveSocketUrl(window.location), connect: browserSocket });
    transport = {
      api: client,
      kind: 'websocket',
      onStatus: (listener) => client.onStatus(listener),
      status: () => client.status,
    };
  }
  return transport;
}

/** The CallscopeApi: the preload's or the WebSocket client. */
export function getApi(): CallscopeApi {
  return getTransport().api;
}

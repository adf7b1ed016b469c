/**
 * The CallscopeApi over the WebSocket of `callscope serve`: requests go out as ClientFrame
 * `{ id, method, argument }`, replies come back as `{ id, result }` or `{ id, error }`, and engine
 * updates as `{ update }`. Reconnects with exponential backoff; calls waiting for a reply (or still
 * queued) when the socket closes are rejected. Pure: the socket is injected (see SocketFactory),
 * so this module runs under Node in the unit tests.
 */

import type {
  ApiMethod,
  CallscopeApi,
  ClientFrame,
  EngineUpdate,
  ExportRequest,
  InterfaceInfo,
  OpenFileRequest,
  Settings,
  StartCaptureRequest,
} from '../../../shared/ipc.ts';

/** What the client tells the socket's owner to do with events. */
export interface SocketHandlers {
  open(): void;
  message(text: string): void;
  close(): void;
}

/** The little of a WebSocket the client uses. */
export interface SocketLike {
  send(text: string): void;
  close(): void;
}

/** Opens a socket to `url` and reports its events to `handlers`. */
export type SocketFactory = (url: string, handlers: SocketHandlers) => SocketLike;

/** Connection state of a transport. */
export type ConnectionStatus = 'connecting' | 'open' | 'closed';

/** A failed request: the server's message and kind (`busy`, `permission`, `usage`, ...). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly kind: string,
    readonly hint: string | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Timers, injectable for tests. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface WsClientOptions {
  url: string;
  connect: SocketFactory;
  timers?: Timers;
  /** First reconnect delay, ms (doubles up to maxDelayMs). */
  initialDelayMs?: number;
  maxDelayMs?: number;
}

/** The API plus what only a network transport has. */
export interface WsClient extends CallscopeApi {
  readonly status: ConnectionStatus;
  /** Subscribes to connection state changes; returns the function that unsubscribes. */
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  /** Closes for good (no reconnect); pending calls are rejected. */
  dispose(): void;
}

/** One connection attempt; events of an older one are ignored. */
interface Connection {
  socket: SocketLike | null;
  opened: boolean;
  closed: boolean;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

const defaultTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

/** The reconnect delay after `attempt` failed attempts (0-based), ms. */
export function backoffDelay(attempt: number, initialMs: number, maxMs: number): number {
  return Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
}

/** What a server frame is, after checking its shape (anything else is ignored). */
export type ParsedFrame =
  | { type: 'update'; update: EngineUpdate }
  | { type: 'result'; id: number; result: unknown }
  | { type: 'error'; id: number; message: string; kind: string }
  | { type: 'invalid' };

/** Classifies one server frame (text). */
export function parseServerFrame(text: string): ParsedFrame {
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    return { type: 'invalid' };
  }
  if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) return { type: 'invalid' };
  const record = frame as Record<string, unknown>;
  if ('update' in record) {
    const update = record.update;
    if (
      typeof update === 'object' &&
      update !== null &&
      typeof (update as { kind?: unknown }).kind === 'string'
    ) {
      return { type: 'update', update: update as EngineUpdate };
    }
    return { type: 'invalid' };
  }
  const id = record.id;
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) return { type: 'invalid' };
  if ('error' in record) {
    const error = record.error as { message?: unknown; kind?: unknown } | null;
    const message = typeof error?.message === 'string' ? error.message : 'request failed';
    const kind = typeof error?.kind === 'string' ? error.kind : 'error';
    return { type: 'error', id, message, kind };
  }
  if ('result' in record) return { type: 'result', id, result: record.result };
  return { type: 'invalid' };
}

/** Creates the client and starts connecting. */
export function createWsClient(options: WsClientOptions): WsClient {
  const timers = options.timers ?? defaultTimers;
  const initialDelayMs = options.initialDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 10_000;
  const updateListeners = new Set<(update: EngineUpdate) => void>();
  const statusListeners = new Set<(status: ConnectionStatus) => void>();
  /** Sent, waiting for a reply. */
  const pending = new Map<number, Pending>();
  /** Not sent yet (socket still connecting). */
  let queue: { frame: ClientFrame; pending: Pending }[] = [];
  let nextId = 1;
  let status: ConnectionStatus = 'connecting';
  let attempt = 0;
  let timer: unknown = null;
  let disposed = false;

  const setStatus = (next: ConnectionStatus) => {
    if (status === next) return;
    status = next;
    for (const listener of statusListeners) {
      try {
        listener(next);
      } catch {
        // A broken listener must not break the transport.
      }
    }
  };

  const rejectAll = (reason: string) => {
    const error = new ApiError(reason, 'disconnected');
    const waiting = [...pending.values(), ...queue.map((entry) => entry.pending)];
    pending.clear();
    queue = [];
    for (const entry of waiting) entry.reject(error);
  };

  const dispatch = (update: EngineUpdate) => {
    for (const listener of updateListeners) {
      try {
        listener(update);
      } catch {
        // One listener's bug must not starve the others.
      }
    }
  };

  const onMessage = (text: string) => {
    const frame = parseServerFrame(text);
    switch (frame.type) {
      case 'update':
        dispatch(frame.update);
        return;
      case 'result': {
        const entry = pending.get(frame.id);
        if (entry === undefined) return;
        pending.delete(frame.id);
        entry.resolve(frame.result);
        return;
      }
      case 'error': {
        const entry = pending.get(frame.id);
        if (entry === undefined) return;
        pending.delete(frame.id);
        entry.reject(new ApiError(frame.message, frame.kind));
        return;
      }
      default:
        return;
    }
  };

  let active: Connection | null = null;

  const flush = (connection: Connection) => {
    const current = connection.socket;
    if (current === null || active !== connection || connection.closed) return;
    attempt = 0;
    setStatus('open');
    const waiting = queue;
    queue = [];
    for (const { frame, pending: entry } of waiting) {
      pending.set(frame.id, entry);
      try {
        current.send(JSON.stringify(frame));
      } catch (error) {
        pending.delete(frame.id);
        entry.reject(error instanceof Error ? error : new Error(String(error)));
      }
    }
  };

  const open = () => {
    if (disposed) return;
    timer = null;
    setStatus('connecting');
    const connection: Connection = { socket: null, opened: false, closed: false };
    active = connection;
    connection.socket = options.connect(options.url, {
      open: () => {
        if (connection.closed || active !== connection) return;
        connection.opened = true;
        flush(connection);
      },
      message: (text) => {
        if (!connection.closed && active === connection) onMessage(text);
      },
      close: () => {
        if (connection.closed) return;
        connection.closed = true;
        if (active !== connection) return;
        active = null;
        rejectAll(connection.opened ? 'connection to callscope lost' : 'cannot reach callscope');
        setStatus('closed');
        if (disposed) return;
        const delay = backoffDelay(attempt++, initialDelayMs, maxDelayMs);
        timer = timers.setTimeout(open, delay);
      },
    });
    // A socket that reported open before connect() returned (fakes may) is flushed now.
    if (connection.opened) flush(connection);
  };

  const call = <T>(method: ApiMethod, argument?: unknown): Promise<T> => {
    if (disposed) return Promise.reject(new ApiError('client closed', 'disconnected'));
    const frame: ClientFrame =
      argument === undefined ? { id: nextId++, method } : { id: nextId++, method, argument };
    return new Promise<T>((resolve, reject) => {
      const entry: Pending = { resolve: resolve as (value: unknown) => void, reject };
      const current = active?.socket ?? null;
      if (status === 'open' && current !== null) {
        pending.set(frame.id, entry);
        try {
          current.send(JSON.stringify(frame));
        } catch (error) {
          pending.delete(frame.id);
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      } else {
        queue.push({ frame, pending: entry });
        // Not connected and not about to be: try now rather than after the backoff.
        if (status === 'closed' && timer !== null) {
          timers.clearTimeout(timer);
          open();
        }
      }
    });
  };

  const asArray = <T>(value: unknown): T[] => (Array.isArray(value) ? (value as T[]) : []);

  open();

  return {
    get status() {
      return status;
    },
    listInterfaces: async () => asArray<InterfaceInfo>(await call('listInterfaces')),
    startCapture: async (request: StartCaptureRequest) => {
      await call('startCapture', request);
    },
    stopCapture: async () => {
      await call('stopCapture');
    },
    openFile: async (request?: OpenFileRequest) => {
      await call('openFile', request);
    },
    cancel: async () => {
      await call('cancel');
    },
    exportReport: async (request?: ExportRequest) =>
      asArray<unknown>(await call('exportReport', request)).filter((p): p is string => typeof p === 'string'),
    getSettings: () => call<Settings>('getSettings'),
    saveSettings: (settings: Settings) => call<Settings>('saveSettings', settings),
    listFiles: async () =>
      asArray<unknown>(await call('listFiles')).filter((p): p is string => typeof p === 'string'),
    onUpdate(listener) {
      updateListeners.add(listener);
      return () => {
        updateListeners.delete(listener);
      };
    },
    onStatus(listener) {
      statusListeners.add(listener);
      return () => {
        statusListeners.delete(listener);
      };
    },
    dispose() {
      disposed = true;
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
      const current = active?.socket ?? null;
      active = null;
      rejectAll('client closed');
      current?.close();
      setStatus('closed');
    },
  };
}

/** The WebSocket URL of serve for a page location: same host, /ws, the page's ?token= passed on. */
export function serveSocketUrl(location: { protocol: string; host: string; search: string }): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const token = new URLSearchParams(location.search).get('token');
  const query = token === null || token === '' ? '' : `?token=${encodeURIComponent(token)}`;
  return `${scheme}://${location.host}/ws${query}`;
}

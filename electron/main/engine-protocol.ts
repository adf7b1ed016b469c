/**
 * The frames between the main process and the engine worker: the same {id, method, argument} /
 * {id, result | error} / {update} frames as serve's WebSocket (ClientFrame / ServerFrame in
 * shared/ipc.ts), plus three control frames: the worker says `ready` once it serves, main asks it to
 * `dispose` at quit, and the worker answers `disposed`. Both ends are plain Node (no electron) and
 * talk over anything with postMessage and on('message'): a Worker, its parentPort, or a MessageChannel.
 */

import type { ApiMethod, ClientFrame, EngineUpdate, ServerFrame } from '../../shared/ipc.ts';
import { handleRequest, type RequestApi } from './handle-request.ts';

/** Frames main sends to the engine. */
export type ToEngine = ClientFrame | { control: 'dispose' };
/** Frames the engine sends to main. */
export type FromEngine = ServerFrame | { control: 'ready' } | { control: 'disposed' };

/** One end of a message channel (Worker, parentPort, MessagePort). */
export interface PortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  off(event: 'message', listener: (message: unknown) => void): unknown;
}

/** What the engine side serves: the request methods, the update stream and shutdown (the Backend). */
export interface EngineBackend extends RequestApi {
  onUpdate(listener: (update: EngineUpdate) => void): () => void;
  dispose(): Promise<void>;
}

/** An error the engine answered with; `kind` says which (BackendError kinds, or the error's name). */
export class EngineError extends Error {
  readonly kind: string;
  constructor(message: string, kind: string) {
    super(message);
    this.name = 'EngineError';
    this.kind = kind;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function errorFrame(id: number, error: unknown): ServerFrame {
  const message = error instanceof Error ? error.message : String(error);
  const kind =
    isRecord(error) && typeof error.kind === 'string'
      ? error.kind
      : error instanceof Error
        ? error.name
        : 'error';
  return { id, error: { message, kind } };
}

/**
 * Serves `backend` on `port`: validates and runs each request (handleRequest), answers with its
 * result or error, forwards every update, and on `dispose` stops the backend, answers `disposed`
 * and calls `onDisposed`. Sends `ready` once listening.
 */
export function serveBackend(port: PortLike, backend: EngineBackend, onDisposed?: () => void): void {
  const post = (frame: FromEngine): void => port.postMessage(frame);
  const unsubscribe = backend.onUpdate((update) => post({ update }));
  const onMessage = (message: unknown): void => {
    if (!isRecord(message)) return;
    if (message.control === 'dispose') {
      unsubscribe();
      port.off('message', onMessage);
      void backend
        .dispose()
        .catch(() => undefined)
        .then(() => {
          post({ control: 'disposed' });
          onDisposed?.();
        });
      return;
    }
    const id = message.id;
    if (typeof id !== 'number' || !Number.isSafeInteger(id)) return;
    handleRequest(backend, message.method, message.argument).then(
      (result) => {
        try {
          post({ id, result });
        } catch (error) {
          // A result that can't be cloned: answer with the error instead of leaving the caller waiting.
          post(errorFrame(id, error));
        }
      },
      (error: unknown) => post(errorFrame(id, error)),
    );
  };
  port.on('message', onMessage);
  post({ control: 'ready' });
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** The main-process end: calls the engine's methods and receives its updates. */
export class EngineClient {
  readonly #port: PortLike;
  readonly #pending = new Map<number, Pending>();
  readonly #listeners = new Set<(update: EngineUpdate) => void>();
  #nextId = 1;
  #closed: string | null = null;
  #disposed: (() => void) | null = null;

  constructor(port: PortLike) {
    this.#port = port;
    port.on('message', this.#onMessage);
  }

  readonly #onMessage = (message: unknown): void => {
    if (!isRecord(message)) return;
    if ('update' in message) {
      for (const listener of this.#listeners) {
        try {
          listener(message.update as EngineUpdate);
        } catch {
          // One broken listener must not stop the others.
        }
      }
      return;
    }
    if (message.control === 'disposed') {
      this.#disposed?.();
      return;
    }
    if (typeof message.id !== 'number') return;
    const pending = this.#pending.get(message.id);
    if (pending === undefined) return;
    this.#pending.delete(message.id);
    if (isRecord(message.error)) {
      const { message: text, kind } = message.error;
      pending.reject(new EngineError(String(text), typeof kind === 'string' ? kind : 'error'));
    } else {
      pending.resolve(message.result);
    }
  };

  /** Whether the engine is gone (closed by `close` or `dispose`). */
  get closed(): boolean {
    return this.#closed !== null;
  }

  /** Sends one request; rejects with EngineError when the engine answers with an error or is gone. */
  call(method: ApiMethod, argument?: unknown): Promise<unknown> {
    if (this.#closed !== null) return Promise.reject(new EngineError(this.#closed, 'engine-stopped'));
    const id = this.#nextId++;
    const frame: ClientFrame = argument === undefined ? { id, method } : { id, method, argument };
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      try {
        this.#port.postMessage(frame);
      } catch (error) {
        this.#pending.delete(id);
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  onUpdate(listener: (update: EngineUpdate) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Marks the engine gone: every pending and later call rejects with `reason`. */
  close(reason: string): void {
    if (this.#closed !== null) return;
    this.#closed = reason;
    this.#port.off('message', this.#onMessage);
    for (const pending of this.#pending.values()) pending.reject(new EngineError(reason, 'engine-stopped'));
    this.#pending.clear();
  }

  /** Asks the engine to stop what runs and waits for it (at most `timeoutMs`); then closes. */
  async dispose(timeoutMs = 5000): Promise<void> {
    if (this.#closed !== null) return;
    const done = new Promise<void>((resolve) => {
      this.#disposed = resolve;
      setTimeout(resolve, timeoutMs).unref();
    });
    try {
      this.#port.postMessage({ control: 'dispose' } satisfies ToEngine);
      await done;
    } finally {
      this.close('the engine has stopped');
    }
  }
}

/**
 * Starts and keeps the engine for main: a worker thread running engine-worker.js, so parsing never
 * stalls the window. If the worker can't start at all (say, a packaging problem), the same Backend
 * runs in main over an in-process MessageChannel instead, with the same frames. A worker that dies
 * later is reported to the UI as an error update and restarted. No electron imports here.
 */

import { MessageChannel, Worker } from 'node:worker_threads';
import type { ApiMethod, EngineUpdate } from '../../shared/ipc.ts';
import type { EngineConfig } from './engine-backend.ts';
import {
  type EngineBackend,
  EngineClient,
  EngineError,
  type PortLike,
  serveBackend,
} from './engine-protocol.ts';
import type { RequestApi } from './handle-request.ts';

/** The engine as main uses it. */
export interface EngineHandle {
  /** Where the Backend runs now. */
  readonly mode: 'worker' | 'in-process';
  /** The request methods (each waits for the engine to be up). */
  readonly api: RequestApi;
  onUpdate(listener: (update: EngineUpdate) => void): () => void;
  /** Stops what runs (capture, analysis) and ends the worker. */
  dispose(): Promise<void>;
}

/** The parts of a Worker the engine uses (a fake in tests). */
export interface WorkerLike extends PortLike {
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  terminate(): Promise<number>;
}

export interface EngineOptions {
  /** out/main/engine-worker.js. */
  workerPath: string;
  config: EngineConfig;
  /** Builds the Backend in this thread, for when no worker starts. */
  inProcess: () => Promise<EngineBackend>;
  /** How long a starting worker may take to say `ready`, ms (default 15 000). */
  readyTimeoutMs?: number;
  /** Restarts after crashes before the engine gives up (default 5). */
  maxRestarts?: number;
  log?: (message: string) => void;
  /** Makes the worker (tests pass a fake). */
  spawn?: (path: string, config: EngineConfig) => WorkerLike;
}

const DEFAULT_READY_TIMEOUT_MS = 15_000;
const DEFAULT_MAX_RESTARTS = 5;

function spawnWorker(path: string, config: EngineConfig): WorkerLike {
  return new Worker(path, { workerData: config });
}

/** Resolves once `worker` says ready; rejects if it fails, exits or stays silent too long. */
function whenReady(worker: WorkerLike, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    timer.unref();
    const onMessage = (message: unknown): void => {
      if (
        typeof message === 'object' &&
        message !== null &&
        (message as { control?: unknown }).control === 'ready'
      ) {
        clearTimeout(timer);
        worker.off('message', onMessage);
        resolve();
      }
    };
    worker.on('message', onMessage);
    worker.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    worker.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with code ${code}`));
    });
  });
}

export class Engine implements EngineHandle {
  readonly #options: EngineOptions;
  readonly #listeners = new Set<(update: EngineUpdate) => void>();
  #mode: 'worker' | 'in-process' = 'worker';
  #client: EngineClient | null = null;
  #worker: WorkerLike | null = null;
  #starting: Promise<EngineClient> | null = null;
  #restarts = 0;
  #disposed = false;
  #gaveUp: string | null = null;
  readonly api: RequestApi;

  constructor(options: EngineOptions) {
    this.#options = options;
    const call = (method: ApiMethod) => async (argument?: unknown) =>
      (await this.#current()).call(method, argument);
    this.api = {
      listInterfaces: call('listInterfaces'),
      startCapture: call('startCapture'),
      stopCapture: call('stopCapture'),
      openFile: call('openFile'),
      cancel: call('cancel'),
      exportReport: call('exportReport'),
      getSettings: call('getSettings'),
      saveSettings: call('saveSettings'),
      listFiles: call('listFiles'),
    } as RequestApi;
  }

  get mode(): 'worker' | 'in-process' {
    return this.#mode;
  }

  /** Starts the engine now (rather than at the first request); resolves once it serves. */
  async start(): Promise<void> {
    await this.#current();
  }

  onUpdate(listener: (update: EngineUpdate) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  #emit(update: EngineUpdate): void {
    for (const listener of this.#listeners) {
      try {
        listener(update);
      } catch {
        // One broken listener must not stop the others.
      }
    }
  }

  #current(): Promise<EngineClient> {
    if (this.#disposed) return Promise.reject(new EngineError('the engine has stopped', 'engine-stopped'));
    if (this.#gaveUp !== null) return Promise.reject(new EngineError(this.#gaveUp, 'engine-stopped'));
    if (this.#client !== null && !this.#client.closed) return Promise.resolve(this.#client);
    if (this.#starting === null) {
      this.#starting = this.#start().finally(() => {
        this.#starting = null;
      });
    }
    return this.#starting;
  }

  #attach(port: PortLike): EngineClient {
    const client = new EngineClient(port);
    client.onUpdate((update) => this.#emit(update));
    this.#client = client;
    return client;
  }

  async #start(): Promise<EngineClient> {
    const log = this.#options.log ?? (() => undefined);
    if (this.#mode === 'worker') {
      const spawn = this.#options.spawn ?? spawnWorker;
      let worker: WorkerLike | null = null;
      try {
        worker = spawn(this.#options.workerPath, this.#options.config);
        // The client listens from the start: the first state update comes before `ready`.
        const client = this.#attach(worker);
        await whenReady(worker, this.#options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS);
        this.#watch(worker, client);
        this.#worker = worker;
        return client;
      } catch (error) {
        this.#client?.close('the engine worker did not start');
        this.#client = null;
        void worker?.terminate().catch(() => undefined);
        if (this.#restarts > 0) throw error;
        log(
          `engine worker did not start (${error instanceof Error ? error.message : String(error)}); running the engine in the main process`,
        );
        this.#mode = 'in-process';
      }
    }
    const backend = await this.#options.inProcess();
    const { port1, port2 } = new MessageChannel();
    port1.unref();
    port2.unref();
    const client = this.#attach(port1);
    const ready = new Promise<void>((resolve) => {
      const onReady = (message: unknown): void => {
        if ((message as { control?: unknown } | null)?.control !== 'ready') return;
        port1.off('message', onReady);
        resolve();
      };
      port1.on('message', onReady);
    });
    // serveBackend closes its port after `disposed`.
    serveBackend(port2, backend, () => port2.close());
    await ready;
    return client;
  }

  /** Reports a worker that dies while serving, and starts a new one (up to maxRestarts times). */
  #watch(worker: WorkerLike, client: EngineClient): void {
    let lastError = '';
    worker.on('error', (error) => {
      lastError = error.message;
    });
    worker.on('exit', (code) => {
      if (this.#worker === worker) this.#worker = null;
      if (this.#disposed || client.closed) return;
      const reason = `the engine stopped unexpectedly (exit code ${code}${lastError ? `: ${lastError}` : ''})`;
      client.close(reason);
      this.#options.log?.(reason);
      this.#emit({
        kind: 'error',
        errorKind: 'engine-stopped',
        message: reason,
        hint: 'callscope restarted the engine: open the file or start the capture again',
      });
      this.#emit({ kind: 'state', state: 'idle', source: null });
      if (this.#restarts < (this.#options.maxRestarts ?? DEFAULT_MAX_RESTARTS)) {
        this.#restarts++;
        this.#current().catch((error: unknown) =>
          this.#options.log?.(
            `engine restart failed: ${error instanceof Error ? error.message : String(error)}`,
          ),
        );
      } else {
        this.#gaveUp = `${reason}; it stopped ${this.#restarts + 1} times, restart callscope`;
      }
    });
  }

  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    await this.#starting?.catch(() => undefined);
    const client = this.#client;
    const worker = this.#worker;
    if (client !== null) await client.dispose();
    if (worker !== null) {
      const exited = new Promise<void>((resolve) => {
        worker.on('exit', () => resolve());
        setTimeout(resolve, 2000).unref();
      });
      await exited;
      await worker.terminate().catch(() => undefined);
    }
  }
}

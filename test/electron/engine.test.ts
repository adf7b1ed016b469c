import { EventEmitter } from 'node:events';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Engine, type WorkerLike } from '../../electron/main/engine.ts';
import { EngineClient, EngineError, serveBackend } from '../../electron/main/engine-protocol.ts';
import { defaultSettings } from '../../electron/main/settings-store.ts';
import type { EngineUpdate } from '../../shared/ipc.ts';

class KindError extends Error {
  constructor(
    message: string,
    readonly kind: string,
  ) {
    super(message);
  }
}

function fakeBackend() {
  const listeners = new Set<(update: EngineUpdate) => void>();
  return {
    listeners,
    emit: (update: EngineUpdate) => {
      for (const listener of listeners) listener(update);
    },
    onUpdate(listener: (update: EngineUpdate) => void) {
      listeners.add(listener);
      listener({ kind: 'state', state: 'idle', source: null });
      return () => listeners.delete(listener);
    },
    listInterfaces: vi.fn(async () => [
      { name: 'lo', description: null, addresses: [], up: true, running: true, loopback: true },
    ]),
    startCapture: vi.fn(async () => undefined),
    stopCapture: vi.fn(async () => undefined),
    openFile: vi.fn(async (): Promise<void> => {
      throw new KindError('busy: analyzing (stop it first)', 'busy');
    }),
    cancel: vi.fn(async () => undefined),
    exportReport: vi.fn(async () => ['/tmp/streams.csv']),
    getSettings: vi.fn(async () => defaultSettings()),
    saveSettings: vi.fn(async (settings) => settings),
    listFiles: vi.fn(async () => []),
    dispose: vi.fn(async () => undefined),
  };
}

const ports: MessagePort[] = [];
afterEach(() => {
  for (const port of ports.splice(0)) port.close();
});

function channel() {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  return { port1, port2 };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('serveBackend and EngineClient', () => {
  it('carries requests, results, errors with their kind, and updates', async () => {
    const backend = fakeBackend();
    const { port1, port2 } = channel();
    const client = new EngineClient(port1);
    const updates: EngineUpdate[] = [];
    client.onUpdate((update) => updates.push(update));
    serveBackend(port2, backend);

    await expect(client.call('listInterfaces')).resolves.toMatchObject([{ name: 'lo' }]);
    await expect(client.call('exportReport', { folder: '/tmp' })).resolves.toEqual(['/tmp/streams.csv']);
    expect(backend.exportReport).toHaveBeenCalledWith({ folder: '/tmp' });

    const error = await client.call('openFile', { path: '/a.pcap' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EngineError);
    expect(error).toMatchObject({ message: 'busy: analyzing (stop it first)', kind: 'busy' });

    backend.emit({ kind: 'progress', bytesRead: 1, totalBytes: 2, packets: 3 });
    await tick();
    expect(updates).toEqual([
      { kind: 'state', state: 'idle', source: null },
      { kind: 'progress', bytesRead: 1, totalBytes: 2, packets: 3 },
    ]);
  });

  it('validates requests on the engine side too', async () => {
    const backend = fakeBackend();
    const { port1, port2 } = channel();
    const client = new EngineClient(port1);
    serveBackend(port2, backend);
    await expect(client.call('startCapture', { interface: 'eth0', extra: true })).rejects.toThrow(
      /invalid argument/,
    );
    expect(backend.startCapture).not.toHaveBeenCalled();
    port1.postMessage({ id: 'x', method: 'listFiles' });
    port1.postMessage('garbage');
    await tick();
    expect(backend.listFiles).not.toHaveBeenCalled();
  });

  it('disposes the backend and then refuses calls', async () => {
    const backend = fakeBackend();
    const { port1, port2 } = channel();
    const client = new EngineClient(port1);
    const onDisposed = vi.fn();
    serveBackend(port2, backend, onDisposed);
    await client.dispose();
    expect(backend.dispose).toHaveBeenCalled();
    expect(onDisposed).toHaveBeenCalled();
    expect(backend.listeners.size).toBe(0);
    expect(client.closed).toBe(true);
    await expect(client.call('listFiles')).rejects.toMatchObject({ kind: 'engine-stopped' });
  });

  it('rejects pending calls when the engine goes away', async () => {
    const backend = fakeBackend();
    backend.listFiles.mockImplementation(() => new Promise(() => undefined));
    const { port1, port2 } = channel();
    const client = new EngineClient(port1);
    serveBackend(port2, backend);
    const pending = client.call('listFiles');
    await tick();
    client.close('the engine stopped unexpectedly');
    await expect(pending).rejects.toThrow('the engine stopped unexpectedly');
  });
});

/** A stand-in Worker: a MessageChannel whose other end serves a fake backend. */
class FakeWorker extends EventEmitter implements WorkerLike {
  readonly #port: MessagePort;
  readonly backend = fakeBackend();
  constructor() {
    super();
    const { port1, port2 } = channel();
    this.#port = port1;
    port1.on('message', (message) => this.emit('message', message));
    serveBackend(port2, this.backend, () => {
      setTimeout(() => this.emit('exit', 0), 1);
    });
  }
  postMessage(message: unknown): void {
    this.#port.postMessage(message);
  }
  async terminate(): Promise<number> {
    return 1;
  }
  crash(): void {
    this.emit('error', new Error('boom'));
    this.emit('exit', 1);
  }
}

describe('Engine', () => {
  it('runs the backend in the worker, reports a crash and restarts it', async () => {
    const workers: FakeWorker[] = [];
    const inProcess = vi.fn(async () => fakeBackend());
    const engine = new Engine({
      workerPath: '/out/main/engine-worker.js',
      config: { settingsPath: '/s.json', exportDir: '/tmp' },
      inProcess,
      spawn: () => {
        const worker = new FakeWorker();
        workers.push(worker);
        return worker;
      },
    });
    const updates: EngineUpdate[] = [];
    engine.onUpdate((update) => updates.push(update));
    await expect(engine.api.listFiles()).resolves.toEqual([]);
    expect(engine.mode).toBe('worker');
    expect(workers).toHaveLength(1);
    expect(updates[0]).toEqual({ kind: 'state', state: 'idle', source: null });

    workers[0]!.crash();
    expect(updates).toContainEqual(expect.objectContaining({ kind: 'error', errorKind: 'engine-stopped' }));
    expect(updates.at(-1)?.kind).toBe('state');
    await expect(engine.api.getSettings()).resolves.toEqual(defaultSettings());
    expect(workers).toHaveLength(2);
    expect(inProcess).not.toHaveBeenCalled();

    await engine.dispose();
    expect(workers[1]!.backend.dispose).toHaveBeenCalled();
    await expect(engine.api.listFiles()).rejects.toThrow(/stopped/);
  });

  it('runs the backend in this thread when no worker starts', async () => {
    const backend = fakeBackend();
    const log = vi.fn();
    const engine = new Engine({
      workerPath: '/nowhere/engine-worker.js',
      config: { settingsPath: '/s.json', exportDir: '/tmp' },
      inProcess: async () => backend,
      log,
      spawn: () => {
        const worker = new EventEmitter() as EventEmitter & WorkerLike;
        Object.assign(worker, { postMessage() {}, terminate: async () => 1 });
        setTimeout(() => worker.emit('error', new Error('Cannot find module')), 1);
        return worker;
      },
    });
    await engine.start();
    expect(engine.mode).toBe('in-process');
    expect(log).toHaveBeenCalledWith(expect.stringContaining('Cannot find module'));
    await expect(engine.api.exportReport({ folder: '/x' })).resolves.toEqual(['/tmp/streams.csv']);
    await engine.dispose();
    expect(backend.dispose).toHaveBeenCalled();
  });

  it('gives a silent worker up after the ready timeout', async () => {
    const engine = new Engine({
      workerPath: '/w.js',
      config: { settingsPath: '/s.json', exportDir: '/tmp' },
      inProcess: async () => fakeBackend(),
      readyTimeoutMs: 20,
      spawn: () => Object.assign(new EventEmitter(), { postMessage() {}, terminate: async () => 1 }) as never,
    });
    await engine.start();
    expect(engine.mode).toBe('in-process');
    await engine.dispose();
  });
});

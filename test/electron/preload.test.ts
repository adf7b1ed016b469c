import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { API_METHODS, channelOf, UPDATE_CHANNEL } from '../../shared/ipc.ts';

const exposed = new Map<string, unknown>();
const documentListeners = new Map<string, (event: unknown) => void>();
const fakeIpc = Object.assign(new EventEmitter(), { invoke: vi.fn(async (..._args: unknown[]) => 'result') });
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
  ipcRenderer: fakeIpc,
  webUtils: { getPathForFile: (file: { path?: string }) => file.path ?? '' },
}));

const { createApi, MENU_CHANNEL } = await import('../../electron/preload/api.ts');
const { installDropHandler, droppedPath } = await import('../../electron/preload/drop.ts');

const API_KEYS = [...API_METHODS, 'onUpdate', 'onMenu'].sort();

function fakeIpcRenderer() {
  const emitter = new EventEmitter();
  return Object.assign(emitter, { invoke: vi.fn(async (..._args: unknown[]) => undefined as unknown) });
}

describe('createApi', () => {
  it('has exactly the contract methods plus onMenu, all functions, and no IPC object', () => {
    const ipc = fakeIpcRenderer();
    const api = createApi(ipc);
    expect(Object.keys(api).sort()).toEqual(API_KEYS);
    for (const value of Object.values(api)) {
      expect(typeof value).toBe('function');
      expect(value).not.toBe(ipc);
    }
    expect(Object.isFrozen(api)).toBe(true);
    expect(JSON.stringify(Object.keys(api))).not.toMatch(/ipc|invoke|send|on\b/);
  });

  it('invokes the method channel with the argument only', async () => {
    const ipc = fakeIpcRenderer();
    ipc.invoke.mockResolvedValue(['/tmp/streams.csv']);
    const api = createApi(ipc);
    await expect(api.exportReport({ folder: '/tmp' })).resolves.toEqual(['/tmp/streams.csv']);
    expect(ipc.invoke).toHaveBeenLastCalledWith(channelOf('exportReport'), { folder: '/tmp' });
    await api.openFile();
    expect(ipc.invoke).toHaveBeenLastCalledWith(channelOf('openFile'));
    await api.listInterfaces();
    expect(ipc.invoke).toHaveBeenLastCalledWith(channelOf('listInterfaces'));
  });

  it("strips Electron's remote-method wrapping from errors", async () => {
    const ipc = fakeIpcRenderer();
    ipc.invoke.mockRejectedValue(
      new Error("Error invoking remote method 'callscope:openFile': Error: busy: analyzing (stop it first)"),
    );
    await expect(createApi(ipc).openFile({ path: '/a.pcap' })).rejects.toThrow(
      /^busy: analyzing \(stop it first\)$/,
    );
  });

  it('delivers updates without the IPC event, and unsubscribe removes exactly that listener', () => {
    const ipc = fakeIpcRenderer();
    const api = createApi(ipc);
    const first = vi.fn();
    const second = vi.fn();
    const stopFirst = api.onUpdate(first);
    api.onUpdate(second);
    expect(ipc.listenerCount(UPDATE_CHANNEL)).toBe(2);

    const update = { kind: 'state', state: 'idle', source: null };
    ipc.emit(UPDATE_CHANNEL, { sender: ipc, ports: [] }, update);
    expect(first).toHaveBeenCalledWith(update);
    expect(first.mock.calls[0]).toHaveLength(1);

    stopFirst();
    stopFirst(); // twice: still removes only its own
    expect(ipc.listenerCount(UPDATE_CHANNEL)).toBe(1);
    ipc.emit(UPDATE_CHANNEL, {}, update);
    expect(first).toHaveBeenCalledTimes(1);
    expect(second).toHaveBeenCalledTimes(2);

    ipc.emit(UPDATE_CHANNEL, {}, 'not an update');
    expect(second).toHaveBeenCalledTimes(2);
    expect(() => api.onUpdate('nope' as never)).toThrow(TypeError);
  });

  it('delivers known menu commands only', () => {
    const ipc = fakeIpcRenderer();
    const listener = vi.fn();
    const stop = createApi(ipc).onMenu(listener);
    ipc.emit(MENU_CHANNEL, {}, 'open');
    ipc.emit(MENU_CHANNEL, {}, 'rm -rf');
    expect(listener.mock.calls).toEqual([['open']]);
    stop();
    expect(ipc.listenerCount(MENU_CHANNEL)).toBe(0);
  });
});

describe('preload entry', () => {
  it('exposes only the api object as window.callscope', async () => {
    vi.stubGlobal('document', {
      addEventListener: (type: string, listener: (event: unknown) => void) =>
        documentListeners.set(type, listener),
    });
    await import('../../electron/preload/index.ts');
    expect([...exposed.keys()]).toEqual(['callscope']);
    const api = exposed.get('callscope') as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual(API_KEYS);
    expect(Object.values(api)).not.toContain(fakeIpc);

    // A dropped file is opened by path.
    const drop = {
      dataTransfer: { types: ['Files'], files: [{ path: '/captures/a.pcapng' }] },
      preventDefault: vi.fn(),
    };
    documentListeners.get('drop')!(drop);
    expect(drop.preventDefault).toHaveBeenCalled();
    expect(fakeIpc.invoke).toHaveBeenCalledWith(channelOf('openFile'), { path: '/captures/a.pcapng' });
    vi.unstubAllGlobals();
  });
});

describe('drop handler', () => {
  function install() {
    const listeners = new Map<string, (event: never) => void>();
    const open = vi.fn(async (_path: string) => undefined);
    installDropHandler(
      { addEventListener: (type, listener) => listeners.set(type, listener as never) },
      (file) => (file as unknown as { path: string }).path,
      open,
    );
    return { listeners, open };
  }
  const files = (...paths: string[]) => paths.map((path) => ({ path }) as unknown as File);

  it('opens the first dropped file', () => {
    const { listeners, open } = install();
    const over = { dataTransfer: { types: ['Files'], files: [] }, preventDefault: vi.fn() };
    listeners.get('dragover')!(over as never);
    expect(over.preventDefault).toHaveBeenCalled();
    const drop = {
      dataTransfer: { types: ['Files'], files: files('/a.pcap', '/b.pcap') },
      preventDefault: vi.fn(),
    };
    listeners.get('drop')!(drop as never);
    expect(open).toHaveBeenCalledWith('/a.pcap');
    expect(open).toHaveBeenCalledTimes(1);
  });

  it('leaves drags without files alone and ignores files without a path', () => {
    const { listeners, open } = install();
    const text = { dataTransfer: { types: ['text/plain'], files: [] }, preventDefault: vi.fn() };
    listeners.get('dragover')!(text as never);
    listeners.get('drop')!(text as never);
    expect(text.preventDefault).not.toHaveBeenCalled();
    const web = { dataTransfer: { types: ['Files'], files: files('') }, preventDefault: vi.fn() };
    listeners.get('drop')!(web as never);
    expect(web.preventDefault).toHaveBeenCalled();
    expect(open).not.toHaveBeenCalled();
    expect(droppedPath({ dataTransfer: null, preventDefault() {} }, () => '/x')).toBeNull();
  });
});

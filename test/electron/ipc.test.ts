import { beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultSettings } from '../../electron/main/settings-store.ts';
import {
  API_METHODS,
  channelOf,
  MAX_FILTER_LENGTH,
  MAX_PATH_LENGTH,
  UPDATE_CHANNEL,
} from '../../shared/ipc.ts';

const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) =>
      handlers.set(channel, handler),
    removeHandler: (channel: string) => handlers.delete(channel),
  },
}));

const { isTrustedSender, isTrustedEvent, handleRequest, setupIpc, forwardUpdates } = await import(
  '../../electron/main/ipc.ts'
);
const { appUrlOf } = await import('../../electron/main/app-url.ts');

const FILE_APP = 'file:///opt/callscope/resources/app.asar/out/renderer/index.html';
const DEV_APP = 'http://localhost:5173/';

function fakeApi() {
  return {
    listInterfaces: vi.fn(async () => []),
    startCapture: vi.fn(async () => undefined),
    stopCapture: vi.fn(async () => undefined),
    openFile: vi.fn(async () => undefined),
    cancel: vi.fn(async () => undefined),
    exportReport: vi.fn(async () => ['/tmp/streams.csv']),
    getSettings: vi.fn(async () => defaultSettings()),
    saveSettings: vi.fn(async (settings: unknown) => settings as never),
    listFiles: vi.fn(async () => []),
  };
}

function fakeWindow(url: string) {
  const mainFrame = { url, parent: null, processId: 7, routingId: 3 };
  const webContents = { mainFrame, send: vi.fn(), isDestroyed: () => false };
  return { isDestroyed: () => false, webContents };
}

describe('isTrustedSender', () => {
  it('accepts the built page, with or without query and fragment', () => {
    expect(isTrustedSender(FILE_APP, FILE_APP)).toBe(true);
    expect(isTrustedSender(`${FILE_APP}#/streams`, FILE_APP)).toBe(true);
    expect(isTrustedSender(`${FILE_APP}?x=1`, FILE_APP)).toBe(true);
  });

  it('rejects other files, sites and schemes', () => {
    for (const url of [
      'file:///opt/callscope/resources/app.asar/out/renderer/other.html',
      'file:///tmp/index.html',
      'file://host/opt/callscope/resources/app.asar/out/renderer/index.html',
      'https://example.com/out/renderer/index.html',
      'http://localhost:5173/',
      'about:blank',
      'data:text/html,<script>1</script>',
      'devtools://devtools/bundled/inspector.html',
      '',
      'not a url',
    ]) {
      expect(isTrustedSender(url, FILE_APP), url).toBe(false);
    }
    expect(isTrustedSender(null, FILE_APP)).toBe(false);
    expect(isTrustedSender(undefined, FILE_APP)).toBe(false);
  });

  it('accepts the dev server origin only', () => {
    expect(isTrustedSender('http://localhost:5173/', DEV_APP)).toBe(true);
    expect(isTrustedSender('http://localhost:5173/index.html#x', DEV_APP)).toBe(true);
    expect(isTrustedSender('http://localhost:5174/', DEV_APP)).toBe(false);
    expect(isTrustedSender('https://localhost:5173/', DEV_APP)).toBe(false);
    expect(isTrustedSender('http://127.0.0.1:5173/', DEV_APP)).toBe(false);
    expect(isTrustedSender('http://localhost.evil.example:5173/', DEV_APP)).toBe(false);
  });

  it('derives the app URL from the built page or the dev server', () => {
    expect(appUrlOf('/opt/app/out/renderer/index.html', undefined)).toBe(
      'file:///opt/app/out/renderer/index.html',
    );
    expect(appUrlOf('/opt/app/out/renderer/index.html', '')).toBe('file:///opt/app/out/renderer/index.html');
    expect(appUrlOf('/x', 'http://localhost:5173')).toBe('http://localhost:5173/');
  });
});

describe('isTrustedEvent', () => {
  const window = fakeWindow(FILE_APP);
  const main = window.webContents.mainFrame;

  it("accepts the window's main frame showing the app", () => {
    expect(isTrustedEvent({ sender: window.webContents, senderFrame: { ...main } }, window, FILE_APP)).toBe(
      true,
    );
  });

  it('rejects other web contents, subframes, other frames, gone frames, no window', () => {
    const other = fakeWindow(FILE_APP);
    expect(isTrustedEvent({ sender: other.webContents, senderFrame: { ...main } }, window, FILE_APP)).toBe(
      false,
    );
    expect(
      isTrustedEvent({ sender: window.webContents, senderFrame: { ...main, parent: {} } }, window, FILE_APP),
    ).toBe(false);
    expect(
      isTrustedEvent(
        { sender: window.webContents, senderFrame: { ...main, routingId: 4 } },
        window,
        FILE_APP,
      ),
    ).toBe(false);
    expect(isTrustedEvent({ sender: window.webContents, senderFrame: null }, window, FILE_APP)).toBe(false);
    expect(
      isTrustedEvent(
        { sender: window.webContents, senderFrame: { ...main, url: 'https://example.com/' } },
        window,
        FILE_APP,
      ),
    ).toBe(false);
    expect(isTrustedEvent({ sender: window.webContents, senderFrame: { ...main } }, null, FILE_APP)).toBe(
      false,
    );
    const destroyed = { ...window, isDestroyed: () => true };
    expect(
      isTrustedEvent({ sender: window.webContents, senderFrame: { ...main } }, destroyed, FILE_APP),
    ).toBe(false);
  });
});

describe('handleRequest', () => {
  it('calls the api with the validated argument', async () => {
    const api = fakeApi();
    await handleRequest(api, 'startCapture', { interface: 'eth0', filter: 'udp' });
    expect(api.startCapture).toHaveBeenCalledWith({ interface: 'eth0', filter: 'udp' });
    await handleRequest(api, 'openFile', { path: '/tmp/a.pcap' });
    expect(api.openFile).toHaveBeenCalledWith({ path: '/tmp/a.pcap' });
    await handleRequest(api, 'openFile', undefined);
    expect(api.openFile).toHaveBeenLastCalledWith();
    await expect(handleRequest(api, 'exportReport', { folder: '/tmp' })).resolves.toEqual([
      '/tmp/streams.csv',
    ]);
    const settings = defaultSettings();
    await expect(handleRequest(api, 'saveSettings', settings)).resolves.toEqual(settings);
    await handleRequest(api, 'listInterfaces', undefined);
    expect(api.listInterfaces).toHaveBeenCalledWith();
  });

  it('keeps `this` for class-based backends', async () => {
    class Backend {
      #files = ['/a.pcap'];
      async listFiles() {
        return this.#files;
      }
    }
    const api = { ...fakeApi(), listFiles: undefined } as unknown as Record<string, unknown>;
    const backend = Object.assign(new Backend(), api, { listFiles: Backend.prototype.listFiles });
    await expect(handleRequest(backend as never, 'listFiles', undefined)).resolves.toEqual(['/a.pcap']);
  });

  const bad: [string, string, unknown, RegExp][] = [
    ['no request', 'startCapture', undefined, /invalid argument to startCapture/],
    ['a number as interface', 'startCapture', { interface: 5 }, /interface/],
    ['an extra key', 'startCapture', { interface: 'eth0', promiscuous: true }, /promiscuous/],
    ['shell characters in the interface', 'startCapture', { interface: 'eth0; rm -rf /' }, /interface/],
    ['a 65-character interface', 'startCapture', { interface: 'x'.repeat(65) }, /interface/],
    [
      'a filter over 4096 characters',
      'startCapture',
      { interface: 'eth0', filter: 'u'.repeat(MAX_FILTER_LENGTH + 1) },
      /filter/,
    ],
    ['a string request', 'startCapture', 'eth0', /invalid argument/],
    ['an empty path', 'openFile', { path: '' }, /path/],
    ['a path over 4096 characters', 'openFile', { path: 'p'.repeat(MAX_PATH_LENGTH + 1) }, /path/],
    ['an array path', 'openFile', { path: ['/etc/passwd'] }, /path/],
    ['an extra key', 'openFile', { path: '/a.pcap', extra: 1 }, /extra/],
    ['null', 'openFile', null, /invalid argument/],
    ['a number folder', 'exportReport', { folder: 7 }, /folder/],
    ['a 5 ms jitter buffer', 'saveSettings', { ...defaultSettings(), jitterBufferMs: 5 }, /jitterBufferMs/],
    ['an unknown setting', 'saveSettings', { ...defaultSettings(), theme: 'dark' }, /theme/],
    ['an argument', 'listFiles', { path: '/' }, /takes no argument/],
    ['an argument', 'cancel', 1, /takes no argument/],
  ];
  it.each(bad)('rejects %s to %s without calling the api', async (_label, method, argument, message) => {
    const api = fakeApi();
    const error = await handleRequest(api, method, argument).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
    for (const fn of Object.values(api)) expect(fn).not.toHaveBeenCalled();
  });

  it('rejects unknown methods', async () => {
    const api = fakeApi();
    await expect(handleRequest(api, 'constructor', undefined)).rejects.toThrow(/unknown method/);
    await expect(handleRequest(api, '__proto__', undefined)).rejects.toThrow(/unknown method/);
    await expect(handleRequest(api, 'onUpdate', undefined)).rejects.toThrow(/unknown method/);
  });

  it('passes the api error on', async () => {
    const api = fakeApi();
    api.exportReport.mockRejectedValueOnce(new Error('nothing to export yet'));
    await expect(handleRequest(api, 'exportReport', undefined)).rejects.toThrow('nothing to export yet');
  });
});

describe('setupIpc', () => {
  beforeEach(() => handlers.clear());

  it('handles every API method and only from the app window', async () => {
    const api = fakeApi();
    const window = fakeWindow(FILE_APP);
    const log = vi.fn();
    const remove = setupIpc({ api, getWindow: () => window as never, appUrl: FILE_APP, log });
    expect([...handlers.keys()].sort()).toEqual(API_METHODS.map(channelOf).sort());

    const trusted = { sender: window.webContents, senderFrame: { ...window.webContents.mainFrame } };
    await expect(handlers.get(channelOf('getSettings'))!(trusted)).resolves.toEqual(defaultSettings());
    await expect(handlers.get(channelOf('openFile'))!(trusted, { path: '/a.pcap' })).resolves.toBeUndefined();
    expect(api.openFile).toHaveBeenCalledWith({ path: '/a.pcap' });
    await expect(handlers.get(channelOf('openFile'))!(trusted, { path: '/a.pcap' }, 'more')).rejects.toThrow(
      /at most one argument/,
    );

    const foreign = {
      sender: window.webContents,
      senderFrame: { ...trusted.senderFrame, url: 'https://x.example/' },
    };
    await expect(
      (async () => handlers.get(channelOf('openFile'))!(foreign, { path: '/etc/shadow' }))(),
    ).rejects.toThrow(/refused/);
    expect(api.openFile).toHaveBeenCalledTimes(1);
    expect(log).toHaveBeenCalledWith(expect.stringContaining('https://x.example/'));

    remove();
    expect(handlers.size).toBe(0);
  });

  it('forwards engine updates to the window while there is one', () => {
    let listener: ((update: unknown) => void) | null = null;
    const engine = {
      onUpdate: (l: (update: never) => void) => {
        listener = l as (update: unknown) => void;
        return () => {
          listener = null;
        };
      },
    };
    const window = fakeWindow(FILE_APP);
    let current: typeof window | null = window;
    const stop = forwardUpdates(engine, () => current as never);
    listener!({ kind: 'state', state: 'idle', source: null });
    expect(window.webContents.send).toHaveBeenCalledWith(UPDATE_CHANNEL, {
      kind: 'state',
      state: 'idle',
      source: null,
    });
    current = null;
    listener!({ kind: 'state', state: 'idle', source: null });
    expect(window.webContents.send).toHaveBeenCalledTimes(1);
    stop();
    expect(listener).toBeNull();
  });
});

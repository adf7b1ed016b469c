import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const openExternal = vi.fn(async (_url: string) => undefined);
const appEvents = new EventEmitter();
vi.mock('electron', () => ({
  app: { on: (event: string, listener: (...args: unknown[]) => void) => appEvents.on(event, listener) },
  BrowserWindow: class {},
  screen: { getAllDisplays: () => [] },
  shell: { openExternal },
}));

const {
  windowOptions,
  handleWindowOpen,
  handleNavigation,
  guardWebContents,
  denyPermissionRequest,
  secureSession,
  setupWebContentsGuards,
} = await import('../../electron/main/window.ts');
const { CONTENT_SECURITY_POLICY } = await import('../../shared/csp.ts');
const { initialBounds, isOnSomeDisplay, DEFAULT_WINDOW_SIZE, MIN_WINDOW_SIZE } = await import(
  '../../electron/main/window-bounds.ts'
);

class FakeContents extends EventEmitter {
  openHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.openHandler = handler;
  }
}

function navigationEvent(url: string, isMainFrame = true) {
  return { url, isMainFrame, preventDefault: vi.fn() };
}

beforeEach(() => openExternal.mockClear());

describe('windowOptions', () => {
  it('has the security settings and the CommonJS preload', () => {
    const options = windowOptions('/app/out/preload/index.cjs', { width: 1000, height: 700 });
    expect(options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    });
    expect(options.width).toBe(1000);
    expect(options.height).toBe(700);
    expect(options.x).toBeUndefined();
  });

  it('passes a remembered position', () => {
    expect(windowOptions('/p.cjs', { x: 5, y: 6, width: 900, height: 600 })).toMatchObject({ x: 5, y: 6 });
  });
});

describe('navigation and new windows', () => {
  it('denies every new window and opens only https links externally', () => {
    expect(handleWindowOpen('https://example.com/help', openExternal)).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledWith('https://example.com/help');
    for (const url of [
      'http://example.com/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'about:blank',
      '',
    ]) {
      expect(handleWindowOpen(url, openExternal)).toEqual({ action: 'deny' });
    }
    expect(openExternal).toHaveBeenCalledTimes(1);
  });

  it('stops every navigation', () => {
    for (const url of ['https://example.com/', 'file:///tmp/x.html', 'http://127.0.0.1:5173/other']) {
      const event = navigationEvent(url);
      handleNavigation(event, url, openExternal);
      expect(event.preventDefault).toHaveBeenCalled();
    }
    expect(openExternal).toHaveBeenCalledTimes(1);
  });

  it('guards a web contents: will-navigate, subframe navigation, webviews, window.open', () => {
    const contents = new FakeContents();
    guardWebContents(contents as never, openExternal);
    guardWebContents(contents as never, openExternal); // a second call adds nothing
    expect(contents.listenerCount('will-navigate')).toBe(1);

    const navigation = navigationEvent('https://evil.example/');
    contents.emit('will-navigate', navigation);
    expect(navigation.preventDefault).toHaveBeenCalled();
    expect(openExternal).toHaveBeenCalledTimes(1);

    const subframe = navigationEvent('https://evil.example/', false);
    contents.emit('will-frame-navigate', subframe);
    expect(subframe.preventDefault).toHaveBeenCalled();

    const webview = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();

    expect(contents.openHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
  });

  it('guards every web contents the app creates', () => {
    setupWebContentsGuards();
    const contents = new FakeContents();
    appEvents.emit('web-contents-created', {}, contents);
    expect(contents.listenerCount('will-navigate')).toBe(1);
    expect(contents.openHandler).not.toBeNull();
  });
});

describe('session', () => {
  it('denies every permission request and check', () => {
    const callback = vi.fn();
    denyPermissionRequest({}, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);

    let check: (() => boolean) | null = null;
    let headers: ((details: unknown, callback: (response: unknown) => void) => void) | null = null;
    const session = {
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: (handler: () => boolean) => {
        check = handler;
      },
      webRequest: { onHeadersReceived: (listener: typeof headers) => (headers = listener) },
    };
    const appUrl = 'file:///app/out/renderer/index.html';
    secureSession(session as never, appUrl);
    expect(session.setPermissionRequestHandler).toHaveBeenCalledWith(denyPermissionRequest);
    expect(check!()).toBe(false);

    const own = vi.fn();
    headers!({ url: appUrl, responseHeaders: {} }, own);
    expect(own).toHaveBeenCalledWith({
      responseHeaders: { 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
    const other = vi.fn();
    headers!({ url: 'https://example.com/', responseHeaders: {} }, other);
    expect(other).toHaveBeenCalledWith({});
  });
});

describe('initialBounds', () => {
  const display = { x: 0, y: 0, width: 1920, height: 1040 };

  it('uses the default size, centered, without a saved state', () => {
    expect(initialBounds(null, [display])).toEqual({ ...DEFAULT_WINDOW_SIZE });
  });

  it('restores the saved place when it is on a display', () => {
    const saved = { x: 100, y: 50, width: 1000, height: 700, maximized: false };
    expect(initialBounds(saved, [display])).toEqual({ x: 100, y: 50, width: 1000, height: 700 });
  });

  it('drops a place on a display that is gone, keeping the size', () => {
    const saved = { x: 2500, y: 100, width: 1000, height: 700, maximized: false };
    expect(initialBounds(saved, [display])).toEqual({ width: 1000, height: 700 });
    expect(isOnSomeDisplay({ x: 1900, y: 100, width: 1000, height: 700 }, [display])).toBe(false);
    expect(isOnSomeDisplay({ x: 100, y: -20, width: 1000, height: 700 }, [display])).toBe(false);
    expect(
      isOnSomeDisplay({ x: 2000, y: 100, width: 800, height: 600 }, [display, { ...display, x: 1920 }]),
    ).toBe(true);
  });

  it('clamps the size to the largest display and the minimum', () => {
    const huge = { width: 5000, height: 3000, maximized: false };
    expect(initialBounds(huge, [display])).toEqual({ width: 1920, height: 1040 });
    const tiny = { width: 200, height: 150, maximized: false };
    expect(initialBounds(tiny, [display])).toEqual({ ...MIN_WINDOW_SIZE });
  });
});

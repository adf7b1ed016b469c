/**
 * The app's one window and the rules every web page in the app lives by: context isolation,
 * sandbox, no Node; no navigation, no new windows, no webviews, no permissions; the CSP also as a
 * response header. Size and place are remembered in the shell state file.
 */

import {
  app,
  BrowserWindow,
  type BrowserWindowConstructorOptions,
  type Event,
  type Session,
  screen,
  shell,
  type WebContents,
} from 'electron';
import { appUrlOf, externalUrl, isTrustedSender } from './app-url.ts';
import { withCspHeader } from './csp.ts';
import type { ShellStateFile } from './shell-state.ts';
import { initialBounds, MIN_WINDOW_SIZE } from './window-bounds.ts';

/** Saves of the bounds wait this long after the last move or resize, ms. */
const SAVE_BOUNDS_DELAY_MS = 500;

/** The window's options: the security settings are fixed here (test/electron/window.test.ts checks them). */
export function windowOptions(
  preloadPath: string,
  bounds: { x?: number; y?: number; width: number; height: number },
): BrowserWindowConstructorOptions {
  return {
    ...bounds,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    title: 'callscope',
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  };
}

type OpenExternal = (url: string) => unknown;

/** setWindowOpenHandler: every new window is denied; https links go to the system browser. */
export function handleWindowOpen(url: string, openExternal: OpenExternal): { action: 'deny' } {
  const external = externalUrl(url);
  if (external !== null) void Promise.resolve(openExternal(external)).catch(() => undefined);
  return { action: 'deny' };
}

/** will-navigate / will-frame-navigate: every navigation is stopped; https links go to the system browser. */
export function handleNavigation(
  event: { preventDefault(): void },
  url: string,
  openExternal: OpenExternal,
): void {
  event.preventDefault();
  const external = externalUrl(url);
  if (external !== null) void Promise.resolve(openExternal(external)).catch(() => undefined);
}

const guarded = new WeakSet<WebContents>();

/** Puts the navigation rules on one web contents (once: a second call does nothing). */
export function guardWebContents(
  contents: WebContents,
  openExternal: OpenExternal = shell.openExternal,
): void {
  if (guarded.has(contents)) return;
  guarded.add(contents);
  contents.setWindowOpenHandler(({ url }) => handleWindowOpen(url, openExternal));
  contents.on('will-navigate', (event) => handleNavigation(event, event.url, openExternal));
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) event.preventDefault();
  });
  contents.on('will-attach-webview', (event: Event) => event.preventDefault());
}

/** Applies the rules to every web contents the app ever creates (window, devtools excepted by Electron). */
export function setupWebContentsGuards(): void {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents));
}

/** Permission request handler: everything (camera, notifications, geolocation, …) is denied. */
export function denyPermissionRequest(
  _contents: unknown,
  _permission: string,
  callback: (granted: boolean) => void,
): void {
  callback(false);
}

/** Denies all permissions in `ses`, and sends the CSP header with the app's own pages. */
export function secureSession(ses: Session, appUrl: string): void {
  ses.setPermissionRequestHandler(denyPermissionRequest);
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    if (isTrustedSender(details.url, appUrl))
      callback({ responseHeaders: withCspHeader(details.responseHeaders) });
    else callback({});
  });
}

/** Saves the window's normal bounds after moves and resizes, and at close. */
function rememberBounds(window: BrowserWindow, state: ShellStateFile): void {
  let timer: NodeJS.Timeout | null = null;
  const save = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (window.isDestroyed()) return;
    const { x, y, width, height } = window.getNormalBounds();
    state.update({ window: { x, y, width, height, maximized: window.isMaximized() } });
  };
  const later = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(save, SAVE_BOUNDS_DELAY_MS);
  };
  window.on('move', later);
  window.on('resize', later);
  window.on('maximize', later);
  window.on('unmaximize', later);
  window.on('close', save);
}

export interface MainWindowOptions {
  preloadPath: string;
  /** out/renderer/index.html. */
  rendererIndexPath: string;
  /** ELECTRON_RENDERER_URL under `electron-vite dev`. */
  devServerUrl: string | undefined;
  state: ShellStateFile;
}

/** Creates the window and loads the app's page; `appUrl` is what IPC senders are checked against. */
export function createMainWindow(options: MainWindowOptions): { window: BrowserWindow; appUrl: string } {
  const saved = options.state.get().window;
  const workAreas = screen.getAllDisplays().map((display) => display.workArea);
  const window = new BrowserWindow(windowOptions(options.preloadPath, initialBounds(saved, workAreas)));
  if (saved?.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  window.webContents.once('did-fail-load', () => window.show());
  const appUrl = appUrlOf(options.rendererIndexPath, options.devServerUrl);
  guardWebContents(window.webContents);
  secureSession(window.webContents.session, appUrl);
  rememberBounds(window, options.state);
  if (options.devServerUrl) void window.loadURL(appUrl);
  else void window.loadFile(options.rendererIndexPath);
  return { window, appUrl };
}

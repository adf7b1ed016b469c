/**
 * The Electron main process: a thin shell over the engine. The engine's Backend runs in a worker
 * thread (engine.ts); main owns the window (window.ts), the IPC surface (ipc.ts), the menu
 * (menu.ts), the native dialogs (dialogs.ts) and what the shell remembers (shell-state.ts).
 */

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { app, type BrowserWindow, nativeTheme } from 'electron';
import { type EngineUpdate, UPDATE_CHANNEL } from '../../shared/ipc.ts';
import { CAPTURE_HELPER_ENV } from '../engine/capture/helper-path.ts';
import { createDialogs } from './dialogs.ts';
import { Engine } from './engine.ts';
import type { EngineConfig } from './engine-backend.ts';
import { forwardUpdates, setupIpc } from './ipc.ts';
import { setupMenu } from './menu.ts';
import { createShellApi } from './shell-api.ts';
import { ShellStateFile } from './shell-state.ts';
import { createMainWindow, setupWebContentsGuards } from './window.ts';

const here = import.meta.dirname;
const PRELOAD_PATH = join(here, '../preload/index.cjs');
const RENDERER_INDEX_PATH = join(here, '../renderer/index.html');
const WORKER_PATH = join(here, 'engine-worker.js');

const log = (message: string): void => console.warn(`callscope: ${message}`);

/**
 * Points the engine at the capture helper: shipped in the resources folder when packaged
 * (electron-builder extraResources), `build/` of the project otherwise. An explicitly set
 * CALLSCOPE_CAPTURE_HELPER wins. Set before the engine worker starts, which copies the environment.
 */
function configureCaptureHelper(): void {
  if (process.env[CAPTURE_HELPER_ENV]) return;
  const name = process.platform === 'win32' ? 'callscope-capture.exe' : 'callscope-capture';
  const candidate = app.isPackaged
    ? join(process.resourcesPath, name)
    : join(app.getAppPath(), 'build', name);
  if (existsSync(candidate)) process.env[CAPTURE_HELPER_ENV] = candidate;
}

function start(): void {
  let window: BrowserWindow | null = null;
  const getWindow = (): BrowserWindow | null => window;

  app.on('second-instance', () => {
    if (window === null) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  setupWebContentsGuards();

  void app.whenReady().then(() => {
    configureCaptureHelper();
    const userData = app.getPath('userData');
    const state = new ShellStateFile(join(userData, 'window-state.json'), (error) =>
      log(`could not save the window state: ${String(error)}`),
    );
    nativeTheme.themeSource = state.get().theme;

    const config: EngineConfig = {
      settingsPath: join(userData, 'settings.json'),
      exportDir: app.getPath('documents'),
    };
    const engine = new Engine({
      workerPath: WORKER_PATH,
      config,
      inProcess: async () => (await import('./engine-backend.ts')).createEngineBackend(config),
      log,
    });
    engine.start().catch((error: unknown) => log(`the engine did not start: ${String(error)}`));

    const report = (update: EngineUpdate): void => {
      if (window !== null && !window.isDestroyed()) window.webContents.send(UPDATE_CHANNEL, update);
    };
    let menu: { refresh(): void } | null = null;
    const api = createShellApi(
      engine.api,
      createDialogs(getWindow, config.exportDir),
      {
        recentFiles: () => state.get().recentFiles,
        addRecentFile: (path) => {
          state.addRecentFile(path);
          menu?.refresh();
        },
      },
      { onUpdate: (listener) => engine.onUpdate(listener), report },
    );

    const openWindow = (): string => {
      const opened = createMainWindow({
        preloadPath: PRELOAD_PATH,
        rendererIndexPath: RENDERER_INDEX_PATH,
        devServerUrl: process.env.ELECTRON_RENDERER_URL,
        state,
      });
      const current = opened.window;
      window = current;
      current.on('closed', () => {
        if (window === current) window = null;
      });
      return opened.appUrl;
    };
    const appUrl = openWindow();
    setupIpc({ api, getWindow, appUrl, log });
    forwardUpdates(engine, getWindow);
    menu = setupMenu({
      getWindow,
      packaged: app.isPackaged,
      recentFiles: () => state.get().recentFiles,
      clearRecent: () => state.update({ recentFiles: [] }),
      // Failures reach the window as an error update (shell-api.ts).
      openRecent: (path) => void api.openFile({ path }).catch(() => undefined),
      theme: () => state.get().theme,
      saveTheme: (theme) => state.update({ theme }),
    });

    app.on('activate', () => {
      if (window === null) openWindow();
    });

    // Stop the capture helper and any analysis before quitting (at most a few seconds).
    let stopped = false;
    let stopping = false;
    app.on('before-quit', (event) => {
      if (stopped) return;
      event.preventDefault();
      if (stopping) return;
      stopping = true;
      void engine.dispose().finally(() => {
        stopped = true;
        app.quit();
      });
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}

if (app.requestSingleInstanceLock()) start();
else app.quit();

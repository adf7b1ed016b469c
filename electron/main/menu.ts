/**
 * The application menu. File and Capture commands that need the UI's state (open, export, start,
 * stop, choose interface) are sent to the renderer as a small `callscope:menu` message, which the
 * preload's `onMenu` delivers; a recent file is opened from here directly (the engine's updates
 * show it). View: theme, zoom, and the developer tools when not packaged.
 */

import { type BrowserWindow, Menu, type MenuItemConstructorOptions, nativeTheme } from 'electron';
import { THEMES, type ThemeSource } from './shell-state.ts';

/** Commands the menu sends to the renderer (the preload keeps the same list: test/electron checks). */
export const MENU_COMMANDS = ['start', 'stop', 'choose-interface', 'open', 'export'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];
/** The channel of menu commands, main → renderer. */
export const MENU_CHANNEL = 'callscope:menu';

const THEME_LABELS: Readonly<Record<ThemeSource, string>> = {
  system: 'System',
  light: 'Light',
  dark: 'Dark',
};

export interface MenuActions {
  send(command: MenuCommand): void;
  openRecent(path: string): void;
  clearRecent(): void;
  setTheme(theme: ThemeSource): void;
}

export interface MenuState {
  platform: NodeJS.Platform;
  /** app.isPackaged: no developer tools then. */
  packaged: boolean;
  recentFiles: readonly string[];
  theme: ThemeSource;
}

/** The menu as a template (pure: tests read it). */
export function menuTemplate(state: MenuState, actions: MenuActions): MenuItemConstructorOptions[] {
  const mac = state.platform === 'darwin';
  const recent: MenuItemConstructorOptions[] =
    state.recentFiles.length === 0
      ? [{ label: 'No recent files', enabled: false }]
      : state.recentFiles.map((path) => ({ label: path, click: () => actions.openRecent(path) }));
  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: 'Open capture…', accelerator: 'CmdOrCtrl+O', click: () => actions.send('open') },
      { label: 'Export report…', accelerator: 'CmdOrCtrl+E', click: () => actions.send('export') },
      {
        label: 'Recent files',
        submenu: [
          ...recent,
          { type: 'separator' },
          {
            label: 'Clear recent files',
            enabled: state.recentFiles.length > 0,
            click: () => actions.clearRecent(),
          },
        ],
      },
      ...(mac ? [] : ([{ type: 'separator' }, { role: 'quit' }] satisfies MenuItemConstructorOptions[])),
    ],
  };
  const capture: MenuItemConstructorOptions = {
    label: '&Capture',
    submenu: [
      { label: 'Start', click: () => actions.send('start') },
      { label: 'Stop', click: () => actions.send('stop') },
      { type: 'separator' },
      { label: 'Choose interface…', click: () => actions.send('choose-interface') },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      {
        label: 'Theme',
        submenu: THEMES.map((theme) => ({
          label: THEME_LABELS[theme],
          type: 'radio' as const,
          checked: state.theme === theme,
          click: () => actions.setTheme(theme),
        })),
      },
      { type: 'separator' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { role: 'resetZoom' },
      ...(state.packaged
        ? []
        : ([{ type: 'separator' }, { role: 'toggleDevTools' }] satisfies MenuItemConstructorOptions[])),
    ],
  };
  // Edit: copy and paste in the filter field need these on macOS (harmless elsewhere).
  const edit: MenuItemConstructorOptions = { role: 'editMenu' };
  return [
    ...(mac ? [{ role: 'appMenu' } satisfies MenuItemConstructorOptions] : []),
    file,
    edit,
    capture,
    view,
  ];
}

export interface MenuOptions {
  getWindow(): BrowserWindow | null;
  packaged: boolean;
  recentFiles(): readonly string[];
  clearRecent(): void;
  openRecent(path: string): void;
  theme(): ThemeSource;
  saveTheme(theme: ThemeSource): void;
}

/** Sets the application menu; `refresh()` rebuilds it (after the recent files or theme changed). */
export function setupMenu(options: MenuOptions): { refresh(): void } {
  const refresh = (): void => {
    const actions: MenuActions = {
      send(command) {
        const window = options.getWindow();
        if (window !== null && !window.isDestroyed()) window.webContents.send(MENU_CHANNEL, command);
      },
      openRecent: options.openRecent,
      clearRecent() {
        options.clearRecent();
        refresh();
      },
      setTheme(theme) {
        nativeTheme.themeSource = theme;
        options.saveTheme(theme);
        refresh();
      },
    };
    const state: MenuState = {
      platform: process.platform,
      packaged: options.packaged,
      recentFiles: options.recentFiles(),
      theme: options.theme(),
    };
    Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(state, actions)));
  };
  refresh();
  return { refresh };
}

import { describe, expect, it, vi } from 'vitest';

const applied: unknown[] = [];
const nativeTheme = { themeSource: 'system' };
vi.mock('electron', () => ({
  Menu: {
    buildFromTemplate: (template: unknown) => ({ template }),
    setApplicationMenu: (menu: unknown) => applied.push(menu),
  },
  nativeTheme,
}));

const { menuTemplate, setupMenu, MENU_CHANNEL, MENU_COMMANDS } = await import('../../electron/main/menu.ts');
const preload = await import('../../electron/preload/api.ts');

type Item = {
  label?: string;
  role?: string;
  type?: string;
  accelerator?: string;
  enabled?: boolean;
  checked?: boolean;
  submenu?: Item[];
  click?: () => void;
};

function find(items: Item[], ...path: string[]): Item {
  let current: Item | undefined;
  let level = items;
  for (const label of path) {
    current = level.find((item) => item.label === label || item.role === label);
    if (current === undefined) throw new Error(`no menu item ${path.join(' › ')}`);
    level = current.submenu ?? [];
  }
  return current!;
}

function actions() {
  return { send: vi.fn(), openRecent: vi.fn(), clearRecent: vi.fn(), setTheme: vi.fn() };
}

const state = {
  platform: 'linux' as NodeJS.Platform,
  packaged: false,
  recentFiles: [] as string[],
  theme: 'system' as const,
};

describe('menuTemplate', () => {
  it('has File, Capture and View commands that send menu commands to the page', () => {
    const a = actions();
    const menu = menuTemplate(state, a) as Item[];
    expect(find(menu, '&File', 'Open capture…').accelerator).toBe('CmdOrCtrl+O');
    expect(find(menu, '&File', 'Export report…').accelerator).toBe('CmdOrCtrl+E');
    find(menu, '&File', 'Open capture…').click!();
    find(menu, '&File', 'Export report…').click!();
    find(menu, '&Capture', 'Start').click!();
    find(menu, '&Capture', 'Stop').click!();
    find(menu, '&Capture', 'Choose interface…').click!();
    expect(a.send.mock.calls.map(([command]) => command)).toEqual([
      'open',
      'export',
      'start',
      'stop',
      'choose-interface',
    ]);
    expect(find(menu, '&File', 'quit')).toBeDefined();
    for (const role of ['zoomIn', 'zoomOut', 'resetZoom', 'toggleDevTools'])
      expect(find(menu, '&View', role)).toBeDefined();
  });

  it('lists recent files and clears them', () => {
    const a = actions();
    const empty = menuTemplate(state, a) as Item[];
    expect(find(empty, '&File', 'Recent files', 'No recent files').enabled).toBe(false);
    expect(find(empty, '&File', 'Recent files', 'Clear recent files').enabled).toBe(false);

    const menu = menuTemplate({ ...state, recentFiles: ['/a.pcap', '/b.pcapng'] }, a) as Item[];
    find(menu, '&File', 'Recent files', '/b.pcapng').click!();
    expect(a.openRecent).toHaveBeenCalledWith('/b.pcapng');
    const clear = find(menu, '&File', 'Recent files', 'Clear recent files');
    expect(clear.enabled).toBe(true);
    clear.click!();
    expect(a.clearRecent).toHaveBeenCalled();
  });

  it('offers the themes as radio items with the current one checked', () => {
    const a = actions();
    const menu = menuTemplate({ ...state, theme: 'dark' }, a) as Item[];
    const themes = find(menu, '&View', 'Theme').submenu!;
    expect(themes.map((item) => [item.label, item.type, item.checked])).toEqual([
      ['System', 'radio', false],
      ['Light', 'radio', false],
      ['Dark', 'radio', true],
    ]);
    themes[1]!.click!();
    expect(a.setTheme).toHaveBeenCalledWith('light');
  });

  it('has no developer tools when packaged, and the app menu on macOS', () => {
    const packaged = menuTemplate({ ...state, packaged: true }, actions()) as Item[];
    expect(() => find(packaged, '&View', 'toggleDevTools')).toThrow();
    const mac = menuTemplate({ ...state, platform: 'darwin' }, actions()) as Item[];
    expect(mac[0]!.role).toBe('appMenu');
    expect(() => find(mac, '&File', 'quit')).toThrow();
  });

  it('keeps the same commands and channel as the preload', () => {
    expect([...MENU_COMMANDS]).toEqual([...preload.MENU_COMMANDS]);
    expect(MENU_CHANNEL).toBe(preload.MENU_CHANNEL);
  });
});

describe('setupMenu', () => {
  it('sends commands to the window, sets the theme and rebuilds', () => {
    const send = vi.fn();
    const window = { isDestroyed: () => false, webContents: { send } };
    let recent = ['/a.pcap'];
    let theme: 'system' | 'light' | 'dark' = 'system';
    applied.length = 0;
    setupMenu({
      getWindow: () => window as never,
      packaged: true,
      recentFiles: () => recent,
      clearRecent: () => {
        recent = [];
      },
      openRecent: vi.fn(),
      theme: () => theme,
      saveTheme: (next) => {
        theme = next;
      },
    });
    expect(applied).toHaveLength(1);
    const menu = (applied[0] as { template: Item[] }).template;
    find(menu, '&Capture', 'Start').click!();
    expect(send).toHaveBeenCalledWith(MENU_CHANNEL, 'start');
    find(menu, '&View', 'Theme', 'Dark').click!();
    expect(nativeTheme.themeSource).toBe('dark');
    expect(theme).toBe('dark');
    find(menu, '&File', 'Recent files', 'Clear recent files').click!();
    expect(recent).toEqual([]);
    const latest = (applied.at(-1) as { template: Item[] }).template;
    expect(find(latest, '&File', 'Recent files', 'No recent files')).toBeDefined();
  });
});

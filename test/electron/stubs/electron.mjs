// A stand-in for the 'electron' module so the built main bundle can run under plain Node (no
// Electron binary here). It records what main does in globalThis.__electronStub for the smoke test.
import { EventEmitter } from 'node:events';
import { pathToFileURL } from 'node:url';

const record = {
  windows: [],
  handlers: new Map(),
  menus: [],
  quitRequested: 0,
  quit: false,
  userData: process.env.CALLSCOPE_STUB_USER_DATA ?? '/nonexistent',
  appPath: process.env.CALLSCOPE_STUB_APP_PATH ?? process.cwd(),
};
globalThis.__electronStub = record;

class StubEvent {
  defaultPrevented = false;
  preventDefault() {
    this.defaultPrevented = true;
  }
}

class StubApp extends EventEmitter {
  isPackaged = false;
  requestSingleInstanceLock() {
    return true;
  }
  whenReady() {
    return Promise.resolve();
  }
  getPath(name) {
    return name === 'userData' ? record.userData : `${record.userData}/${name}`;
  }
  getAppPath() {
    return record.appPath;
  }
  quit() {
    record.quitRequested++;
    const event = new StubEvent();
    this.emit('before-quit', event);
    if (!event.defaultPrevented) record.quit = true;
  }
}
export const app = new StubApp();

class StubWebContents extends EventEmitter {
  mainFrame = { url: '', parent: null, processId: 1, routingId: 1 };
  sent = [];
  windowOpenHandler = null;
  session = {
    permissionRequestHandler: null,
    permissionCheckHandler: null,
    headersListener: null,
    setPermissionRequestHandler(handler) {
      this.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler(handler) {
      this.permissionCheckHandler = handler;
    },
    webRequest: {
      onHeadersReceived: (listener) => {
        this.session.headersListener = listener;
      },
    },
  };
  send(channel, payload) {
    this.sent.push([channel, payload]);
  }
  setWindowOpenHandler(handler) {
    this.windowOpenHandler = handler;
  }
  isDestroyed() {
    return false;
  }
}

export class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    this.webContents = new StubWebContents();
    this.loaded = null;
    record.windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  static getAllWindows() {
    return record.windows;
  }
  loadFile(path) {
    this.loaded = path;
    this.webContents.mainFrame.url = pathToFileURL(path).href;
    return Promise.resolve();
  }
  loadURL(url) {
    this.loaded = url;
    this.webContents.mainFrame.url = url;
    return Promise.resolve();
  }
  isDestroyed() {
    return false;
  }
  isMaximized() {
    return false;
  }
  isMinimized() {
    return false;
  }
  maximize() {}
  show() {}
  focus() {}
  restore() {}
  getNormalBounds() {
    return { x: 10, y: 20, width: 1000, height: 700 };
  }
}

export const ipcMain = {
  handle(channel, handler) {
    if (record.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    record.handlers.set(channel, handler);
  },
  removeHandler(channel) {
    record.handlers.delete(channel);
  },
};

export const Menu = {
  buildFromTemplate(template) {
    return { template };
  },
  setApplicationMenu(menu) {
    record.menus.push(menu);
  },
};

export const dialog = {
  showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
};
export const nativeTheme = { themeSource: 'system' };
export const screen = { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] };
export const shell = { openExternal: async () => undefined };
export const contextBridge = { exposeInMainWorld() {} };
export const ipcRenderer = { invoke: async () => undefined, on() {}, removeListener() {} };
export const webUtils = { getPathForFile: () => '' };

export default { app, BrowserWindow, ipcMain, Menu, dialog, nativeTheme, screen, shell };

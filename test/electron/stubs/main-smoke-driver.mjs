// Runs the built main bundle (argv[2]: the out folder) against the electron stub and prints what it
// saw as one JSON line. Quits the app at the end: the process only exits if the engine worker ended.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const outDir = process.argv[2];
const warnings = [];
const warn = console.warn;
console.warn = (...args) => {
  warnings.push(args.join(' '));
  warn(...args);
};

await import(pathToFileURL(join(outDir, 'main/index.js')).href);
const stub = globalThis.__electronStub;
// Let whenReady's continuation run.
await new Promise((resolve) => setTimeout(resolve, 50));

const window = stub.windows[0];
const trusted = { sender: window.webContents, senderFrame: { ...window.webContents.mainFrame } };
const foreign = {
  sender: window.webContents,
  senderFrame: { ...window.webContents.mainFrame, url: 'https://example.com/' },
};
const call = async (channel, event, ...args) => {
  try {
    return { ok: true, value: await stub.handlers.get(channel)(event, ...args) };
  } catch (error) {
    return { ok: false, error: error.message };
  }
};

const settings = await call('callscope:getSettings', trusted);
const saved = settings.ok
  ? await call('callscope:saveSettings', trusted, { ...settings.value, jitterBufferMs: 80 })
  : null;
const result = {
  webPreferences: window.options.webPreferences,
  loaded: window.loaded,
  channels: [...stub.handlers.keys()].sort(),
  menus: stub.menus.length,
  settings,
  saved,
  foreign: await call('callscope:getSettings', foreign),
  badArgument: await call('callscope:openFile', trusted, { path: 'x', extra: 1 }),
  files: await call('callscope:listFiles', trusted),
  sentChannels: [...new Set(window.webContents.sent.map(([channel]) => channel))],
  warnings,
};

stub.quitRequested = 0;
globalThis.__electronApp = (await import('electron')).app;
globalThis.__electronApp.quit();
const deadline = Date.now() + 10_000;
while (!stub.quit && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
result.quit = stub.quit;
process.stdout.write(`${JSON.stringify(result)}\n`);

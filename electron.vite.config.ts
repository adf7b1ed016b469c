import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // Two entries: the main process and the engine worker thread (out/main/engine-worker.js, which
      // index.js starts with worker_threads). Shared code lands in chunks next to them.
      lib: {
        entry: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          'engine-worker': resolve(__dirname, 'electron/main/engine-worker.ts'),
        },
      },
      // Bundle the npm dependencies (zod, sdp-transform, csv-stringify) into out/main: the worker
      // then needs nothing from node_modules inside the asar archive. Only electron stays external.
      externalizeDeps: false,
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      lib: { entry: resolve(__dirname, 'electron/preload/index.ts') },
      // A sandboxed preload can't require npm modules: bundle everything it uses into one file.
      externalizeDeps: false,
      // A CommonJS preload keeps `sandbox: true` possible (an ESM preload needs the sandbox off).
      rolldownOptions: {
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
        // shared/ipc.ts builds its zod schemas at the top level; the preload uses none of them, so
        // marking zod's builders pure lets them (and zod) drop out of the sandboxed bundle.
        treeshake: { manualPureFunctions: ['z'] },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rolldownOptions: { input: resolve(__dirname, 'renderer/index.html') },
    },
  },
});

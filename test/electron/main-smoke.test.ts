/**
 * Builds the app with electron-vite (into a temp folder, leaving out/ alone) and runs the built main
 * bundle under plain Node with 'electron' mapped to a stub (stubs/register.mjs; toolchain.md §6).
 * This catches bundling and wiring errors no unit test sees: the worker entry, its chunks, the
 * preload path, the IPC handlers reaching the Backend in the worker thread, and a clean quit.
 */

import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_METHODS, channelOf } from '../../shared/ipc.ts';
import { tempFolder } from '../helpers/temp-files.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const out = join(tempFolder(), 'out');

beforeAll(() => {
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--outDir', out],
    {
      cwd: root,
      stdio: 'pipe',
      timeout: 120_000,
    },
  );
}, 120_000);

describe('built app', () => {
  it('has main, the engine worker, a CommonJS preload without npm imports, and the renderer', () => {
    for (const file of [
      'main/index.js',
      'main/engine-worker.js',
      'preload/index.cjs',
      'renderer/index.html',
    ]) {
      expect(existsSync(join(out, file)), file).toBe(true);
    }
    for (const file of readdirSync(join(out, 'main'))) {
      execFileSync(process.execPath, ['--check', join(out, 'main', file)]);
    }
    execFileSync(process.execPath, ['--check', join(out, 'preload/index.cjs')]);
    const preload = readFileSync(join(out, 'preload/index.cjs'), 'utf8');
    expect([...preload.matchAll(/require\("([^"]+)"\)/g)].map((match) => match[1])).toEqual(['electron']);
    // Main and the worker import no npm package at run time (they are bundled), only node: and electron.
    for (const file of readdirSync(join(out, 'main'))) {
      const text = readFileSync(join(out, 'main', file), 'utf8');
      const imports = [...text.matchAll(/from "([^"]+)"/g)].map((match) => match[1]!);
      expect(
        imports.filter((name) => !name.startsWith('node:') && !name.startsWith('./') && name !== 'electron'),
      ).toEqual([]);
    }
    expect(readFileSync(join(out, 'main/engine-worker.js'), 'utf8')).not.toContain('"electron"');
  });

  it('runs under Node with a stubbed electron: window, IPC to the engine worker, clean quit', () => {
    const userData = tempFolder();
    const stdout = execFileSync(
      process.execPath,
      [
        '--import',
        join(root, 'test/electron/stubs/register.mjs'),
        join(root, 'test/electron/stubs/main-smoke-driver.mjs'),
        out,
      ],
      {
        cwd: root,
        env: { ...process.env, CALLSCOPE_STUB_USER_DATA: userData, CALLSCOPE_STUB_APP_PATH: root },
        // The process ends only if the engine worker ended at quit.
        timeout: 30_000,
        encoding: 'utf8',
      },
    );
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(result.webPreferences).toMatchObject({
      preload: join(out, 'preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    });
    expect(result.loaded).toBe(join(out, 'renderer/index.html'));
    expect(result.channels).toEqual(API_METHODS.map(channelOf).sort());
    expect(result.menus).toBeGreaterThan(0);
    expect(result.settings).toMatchObject({
      ok: true,
      value: { jitterBuffer: 'adaptive', jitterBufferMs: 60 },
    });
    expect(result.saved).toMatchObject({ ok: true, value: { jitterBufferMs: 80 } });
    expect(JSON.parse(readFileSync(join(userData, 'settings.json'), 'utf8')).jitterBufferMs).toBe(80);
    expect(result.foreign).toEqual({ ok: false, error: 'refused: not the callscope window' });
    expect(result.badArgument.ok).toBe(false);
    expect(result.files).toEqual({ ok: true, value: [] });
    expect(result.sentChannels).toContain('callscope:update');
    // The worker started (no fallback to the main thread).
    expect(result.warnings.filter((line: string) => line.includes('main process'))).toEqual([]);
    expect(result.quit).toBe(true);
  });
});

/**
 * The renderer `serve` hands to browsers: the same React app Electron loads, built with Vite into
 * out/renderer-web (relative asset paths) when that build is missing or older than the sources.
 */

import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const repoRoot = resolve(import.meta.dirname, '..', '..');
/** Where the browser build goes. */
export const WEB_BUILD_DIR = join(repoRoot, 'out', 'renderer-web');
const SOURCES = [join(repoRoot, 'renderer'), join(repoRoot, 'shared')];

function newestMtime(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Whether the browser build is there and newer than renderer/ and shared/. */
export function webBuildIsCurrent(): boolean {
  const index = join(WEB_BUILD_DIR, 'index.html');
  if (!existsSync(index)) return false;
  const built = statSync(index).mtimeMs;
  return SOURCES.every((source) => !existsSync(source) || newestMtime(source) <= built);
}

/** Builds the renderer for browsers unless the build is current; returns the folder. */
export async function ensureWebBuild(): Promise<string> {
  if (webBuildIsCurrent()) return WEB_BUILD_DIR;
  const [{ build }, { default: react }] = await Promise.all([import('vite'), import('@vitejs/plugin-react')]);
  await build({
    root: join(repoRoot, 'renderer'),
    base: './',
    logLevel: 'warn',
    plugins: [react()],
    build: { outDir: WEB_BUILD_DIR, emptyOutDir: true },
  });
  return WEB_BUILD_DIR;
}

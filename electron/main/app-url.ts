/**
 * Which URL is the app's own page. Packaged and `electron-vite preview`: the built file
 * `out/renderer/index.html`; `electron-vite dev`: the Vite dev server named by ELECTRON_RENDERER_URL.
 * IPC requests, the CSP header and navigation are all judged against it. No electron imports here.
 */

import { pathToFileURL } from 'node:url';

/** The URL the window loads: the dev server's when one is given, else the built page's file URL. */
export function appUrlOf(rendererIndexPath: string, devServerUrl: string | undefined): string {
  if (devServerUrl !== undefined && devServerUrl !== '') return new URL(devServerUrl).href;
  return pathToFileURL(rendererIndexPath).href;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * Whether a frame showing `frameUrl` is the app's page at `appUrl`. For a file page: the very same
 * file (query and fragment ignored); for the dev server: the same origin (scheme, host and port).
 * Anything else (other files, other sites, about:blank, data:, unparsable) is not.
 */
export function isTrustedSender(frameUrl: string | null | undefined, appUrl: string): boolean {
  if (typeof frameUrl !== 'string' || frameUrl === '') return false;
  const frame = parse(frameUrl);
  const app = parse(appUrl);
  if (frame === null || app === null) return false;
  if (app.protocol === 'file:') {
    return frame.protocol === 'file:' && frame.host === app.host && frame.pathname === app.pathname;
  }
  if (app.protocol === 'http:' || app.protocol === 'https:') {
    return frame.protocol === app.protocol && frame.origin === app.origin;
  }
  return false;
}

/** The URL to hand to the system browser for a link the app won't open itself: https only. */
export function externalUrl(url: string): string | null {
  const parsed = parse(url);
  return parsed !== null && parsed.protocol === 'https:' ? parsed.href : null;
}

/**
 * The renderer's Content Security Policy, one string for every way the page is served: the meta tag
 * of renderer/index.html (test/electron/csp.test.ts keeps the two equal), the response header the
 * Electron main process adds to the app's own pages, and the header `callscope serve` sends. No
 * 'unsafe-inline' or 'unsafe-eval': scripts and styles come from the app's own files only.
 * `ws://127.0.0.1:*` is for `callscope serve` on loopback ('self' covers its WebSocket elsewhere).
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ws://127.0.0.1:*; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

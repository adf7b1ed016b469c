/** Where the live-capture helper `callscope-capture` is (see docs/adr/0002-capture-helper.md). */
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Environment variable naming the helper binary; when set, no other place is looked at. */
export const CAPTURE_HELPER_ENV = 'CALLSCOPE_CAPTURE_HELPER';

const HELPER_NAME = process.platform === 'win32' ? 'callscope-capture.exe' : 'callscope-capture';

/** `<repo>/build/callscope-capture`, as built by scripts/build-capture-helper.mjs (this file is electron/engine/capture/). */
export const BUILT_HELPER_PATH = fileURLToPath(new URL(`../../../build/${HELPER_NAME}`, import.meta.url));

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Path of the capture helper: `$CALLSCOPE_CAPTURE_HELPER` when set (null if that file does not exist),
 * else `<repo>/build/callscope-capture` when it was built; null when there is none.
 */
export function captureHelperPath(env: NodeJS.ProcessEnv = process.env): string | null {
  const configured = env[CAPTURE_HELPER_ENV];
  if (configured !== undefined && configured !== '') return isFile(configured) ? configured : null;
  return isFile(BUILT_HELPER_PATH) ? BUILT_HELPER_PATH : null;
}

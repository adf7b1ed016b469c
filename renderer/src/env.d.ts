/** Globals of the renderer: what the Electron preload exposes. */

import type { CallscopeApi } from '../../shared/ipc.ts';

declare global {
  interface Window {
    /** Set by the Electron preload (contextBridge); absent in a browser talking to `callscope serve`. */
    callscope?: Partial<CallscopeApi> & Record<string, unknown>;
  }
}

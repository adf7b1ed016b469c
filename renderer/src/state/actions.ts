/**
 * What the UI asks of the engine, with failures turned into errors the UI shows. Each returns a
 * promise that never rejects.
 */

import type { CallscopeApi, Settings, StartCaptureRequest } from '../../../shared/ipc.ts';
import type { Store } from './store.ts';

export interface Actions {
  /** Interfaces, offered files and settings (at start and after a reconnect). */
  load(): Promise<void>;
  refreshInterfaces(): Promise<void>;
  refreshFiles(): Promise<void>;
  startCapture(request: StartCaptureRequest): Promise<void>;
  stopCapture(): Promise<void>;
  /** A path (serve, recent files), or none: Electron asks with a dialog. */
  openFile(path?: string): Promise<void>;
  cancel(): Promise<void>;
  exportReport(): Promise<void>;
  /** Saves; resolves true when saved. */
  saveSettings(settings: Settings): Promise<boolean>;
}

/** A failure as kind, message and hint. */
export function describeError(error: unknown): { kind: string; message: string; hint: string | null } {
  if (error instanceof Error) {
    const { kind, hint } = error as Error & { kind?: unknown; hint?: unknown };
    // Electron prefixes rejected invokes with "Error invoking remote method 'x': Error: ".
    const message = error.message.replace(/^Error invoking remote method '[^']*': (?:\w*Error: )?/, '');
    return {
      kind: typeof kind === 'string' ? kind : error.name,
      message: message.split('\n')[0] ?? message,
      hint: typeof hint === 'string' && hint !== '' ? hint : null,
    };
  }
  return { kind: 'error', message: String(error), hint: null };
}

export function createActions(api: CallscopeApi, store: Store): Actions {
  const guard = async <T>(work: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await work();
    } catch (error) {
      store.dispatch({ type: 'error', ...describeError(error) });
      return undefined;
    }
  };

  const actions: Actions = {
    async load() {
      await Promise.all([
        actions.refreshInterfaces(),
        actions.refreshFiles(),
        guard(async () => {
          store.dispatch({ type: 'settings', settings: await api.getSettings() });
        }),
      ]);
    },
    refreshInterfaces: () =>
      guard(async () => {
        store.dispatch({ type: 'interfaces', interfaces: await api.listInterfaces() });
      }).then(() => undefined),
    refreshFiles: () =>
      guard(async () => {
        store.dispatch({ type: 'files', files: await api.listFiles() });
      }).then(() => undefined),
    startCapture: (request) =>
      guard(async () => {
        store.dispatch({ type: 'captureRequested', request });
        await api.startCapture(request);
      }).then(() => undefined),
    stopCapture: () => guard(() => api.stopCapture()).then(() => undefined),
    openFile: (path) =>
      guard(() => (path === undefined ? api.openFile() : api.openFile({ path }))).then(() => undefined),
    cancel: () => guard(() => api.cancel()).then(() => undefined),
    exportReport: () =>
      guard(async () => {
        store.dispatch({ type: 'exported', paths: null });
        store.dispatch({ type: 'exported', paths: await api.exportReport() });
      }).then(() => undefined),
    saveSettings: async (settings) => {
      const saved = await guard(() => api.saveSettings(settings));
      if (saved === undefined) return false;
      store.dispatch({ type: 'settings', settings: saved });
      return true;
    },
  };
  return actions;
}

/**
 * What the IPC handlers call: the engine's API plus the parts only the desktop shell can do. Opening
 * without a path and exporting without a folder ask the user with a native dialog first (a cancelled
 * dialog does nothing); opened files become recent files, which are what `listFiles` offers. A failed
 * open or capture start always reaches the UI as one `error` update as well (the engine sends one for
 * most failures; for the rest, such as "busy", the shell does), so opens from the menu or a drop,
 * whose promise nobody shows, are reported too. No electron imports here: dialogs are passed in.
 */

import type { EngineUpdate, ExportRequest, OpenFileRequest, StartCaptureRequest } from '../../shared/ipc.ts';
import type { RequestApi } from './handle-request.ts';

/** The native dialogs (electron's dialog module in main, fakes in tests). */
export interface ShellDialogs {
  /** A capture file to open, or null when cancelled. */
  chooseCaptureFile(): Promise<string | null>;
  /** A folder to export to, or null when cancelled. */
  chooseExportFolder(): Promise<string | null>;
}

/** The recent files (ShellStateFile in main). */
export interface RecentFiles {
  recentFiles(): string[];
  addRecentFile(path: string): void;
}

/** The update stream: the engine's (to watch) and the window's (to add to). */
export interface ShellUpdates {
  onUpdate(listener: (update: EngineUpdate) => void): () => void;
  report(update: EngineUpdate): void;
}

function errorKind(error: unknown): string {
  const kind = (error as { kind?: unknown } | null)?.kind;
  return typeof kind === 'string' ? kind : 'failed';
}

/** The shell's API over `engine`. */
export function createShellApi(
  engine: RequestApi,
  dialogs: ShellDialogs,
  recent: RecentFiles,
  updates: ShellUpdates,
): RequestApi {
  /** Runs `action`; when it fails without the engine having sent an error update meanwhile, sends one. */
  const reported = async <T>(action: () => Promise<T>): Promise<T> => {
    let sawError = false;
    const unsubscribe = updates.onUpdate((update) => {
      if (update.kind === 'error') sawError = true;
    });
    try {
      return await action();
    } catch (error) {
      if (!sawError) {
        const message = error instanceof Error ? error.message : String(error);
        updates.report({ kind: 'error', errorKind: errorKind(error), message, hint: null });
      }
      throw error;
    } finally {
      unsubscribe();
    }
  };

  const openFile = async (request?: OpenFileRequest): Promise<void> => {
    const path = request?.path ?? (await dialogs.chooseCaptureFile());
    if (path === null) return;
    await reported(() => engine.openFile({ path }));
    recent.addRecentFile(path);
  };
  const exportReport = async (request?: ExportRequest): Promise<string[]> => {
    const folder = request?.folder ?? (await dialogs.chooseExportFolder());
    if (folder === null) return [];
    return engine.exportReport({ folder });
  };
  return {
    listInterfaces: () => engine.listInterfaces(),
    startCapture: (request: StartCaptureRequest) => reported(() => engine.startCapture(request)),
    stopCapture: () => engine.stopCapture(),
    openFile,
    cancel: () => engine.cancel(),
    exportReport,
    getSettings: () => engine.getSettings(),
    saveSettings: (settings) => engine.saveSettings(settings),
    listFiles: async () => recent.recentFiles(),
  };
}

/** The native dialogs the shell shows for File › Open and Export (opened by main, never the page). */

import { type BrowserWindow, dialog, type OpenDialogOptions } from 'electron';
import type { ShellDialogs } from './shell-api.ts';

/** Extensions offered by the open dialog (the engine reads pcap and pcapng, whatever the name). */
export const CAPTURE_FILE_EXTENSIONS = ['pcap', 'pcapng', 'cap'];

async function showOpen(window: BrowserWindow | null, options: OpenDialogOptions): Promise<string | null> {
  const result =
    window !== null && !window.isDestroyed()
      ? await dialog.showOpenDialog(window, options)
      : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

/** Dialogs attached to the app's window. */
export function createDialogs(
  getWindow: () => BrowserWindow | null,
  defaultExportFolder: string,
): ShellDialogs {
  return {
    chooseCaptureFile: () =>
      showOpen(getWindow(), {
        title: 'Open capture',
        properties: ['openFile'],
        filters: [
          { name: 'Capture files (pcap, pcapng)', extensions: CAPTURE_FILE_EXTENSIONS },
          { name: 'All files', extensions: ['*'] },
        ],
      }),
    chooseExportFolder: () =>
      showOpen(getWindow(), {
        title: 'Export report to folder',
        buttonLabel: 'Export here',
        defaultPath: defaultExportFolder,
        properties: ['openDirectory', 'createDirectory'],
      }),
  };
}

/**
 * Capture files dropped on the window are opened: the preload listens on the document, gets the
 * file's path from Electron (webUtils.getPathForFile; the page itself never sees paths) and calls
 * openFile. Drags without files (text into an input) are left alone. Failures reach the page as the
 * engine's error updates.
 */

/** The parts of a drag event used here (DragEvent in the preload). */
export interface DragEventLike {
  dataTransfer: { types: ArrayLike<string> | readonly string[]; files: ArrayLike<File> } | null;
  preventDefault(): void;
}

/** Where drops are listened for (the document). */
export interface DropTarget {
  addEventListener(type: 'dragover' | 'drop', listener: (event: DragEventLike) => void): void;
}

const carriesFiles = (event: DragEventLike): boolean =>
  event.dataTransfer !== null && Array.from(event.dataTransfer.types).includes('Files');

/** The path of the first dropped file ('' from getPath, e.g. a file from a web page: none). */
export function droppedPath(event: DragEventLike, getPath: (file: File) => string): string | null {
  const file = event.dataTransfer?.files[0];
  if (file === undefined) return null;
  const path = getPath(file);
  return path === '' ? null : path;
}

/** Opens files dropped on `target` with `open`. */
export function installDropHandler(
  target: DropTarget,
  getPath: (file: File) => string,
  open: (path: string) => Promise<void>,
): void {
  target.addEventListener('dragover', (event) => {
    if (carriesFiles(event)) event.preventDefault();
  });
  target.addEventListener('drop', (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    const path = droppedPath(event, getPath);
    if (path !== null) void open(path).catch(() => undefined);
  });
}

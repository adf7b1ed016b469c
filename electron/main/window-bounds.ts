/**
 * Where the window opens: the remembered bounds when they are still on a display, otherwise the
 * remembered size (or the default) centered by Electron. No electron imports here.
 */

import type { WindowBounds } from './shell-state.ts';

/** A rectangle in screen coordinates, px (Electron's Rectangle). */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_WINDOW_SIZE = { width: 1280, height: 800 } as const;
export const MIN_WINDOW_SIZE = { width: 800, height: 500 } as const;
/** The strip along the window's top that must be on a display (title bar: where it is dragged), px. */
const GRIP_HEIGHT = 32;
/** How much of that strip must be visible, px (or the window's width if smaller). */
const GRIP_MIN_VISIBLE = 100;

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
  };
}

/** Whether a window at `bounds` can be seen and dragged on one of the `workAreas`. */
export function isOnSomeDisplay(bounds: Rect, workAreas: readonly Rect[]): boolean {
  const grip: Rect = { x: bounds.x, y: bounds.y, width: bounds.width, height: GRIP_HEIGHT };
  const needed = Math.min(GRIP_MIN_VISIBLE, bounds.width);
  return workAreas.some((area) => {
    const o = overlap(grip, area);
    return o.width >= needed && o.height >= GRIP_HEIGHT / 2;
  });
}

/** The bounds to open the window with: x and y only when the remembered place is visible. */
export function initialBounds(
  saved: WindowBounds | null,
  workAreas: readonly Rect[],
): { x?: number; y?: number; width: number; height: number } {
  const largest = workAreas.reduce<Rect | null>(
    (best, area) => (best === null || area.width * area.height > best.width * best.height ? area : best),
    null,
  );
  const maxWidth = largest?.width ?? Number.POSITIVE_INFINITY;
  const maxHeight = largest?.height ?? Number.POSITIVE_INFINITY;
  const width = Math.max(
    MIN_WINDOW_SIZE.width,
    Math.min(saved?.width ?? DEFAULT_WINDOW_SIZE.width, maxWidth),
  );
  const height = Math.max(
    MIN_WINDOW_SIZE.height,
    Math.min(saved?.height ?? DEFAULT_WINDOW_SIZE.height, maxHeight),
  );
  if (saved?.x !== undefined && saved.y !== undefined) {
    const candidate = { x: saved.x, y: saved.y, width, height };
    if (isOnSomeDisplay(candidate, workAreas)) return candidate;
  }
  return { width, height };
}

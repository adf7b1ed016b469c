/**
 * What the desktop shell remembers besides the engine's settings: the window's place and size, the
 * theme, and the recent files. One small JSON file in the user data folder, read once at start and
 * rewritten (atomically, synchronously: it is a few hundred bytes, and a write at window close must
 * finish before the process ends) on every change. A missing or damaged file gives defaults field
 * by field. No electron imports here.
 */

import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { MAX_PATH_LENGTH } from '../../shared/ipc.ts';

/** Most recent files remembered (and shown in File › Recent files). */
export const MAX_RECENT_FILES = 10;

export const THEMES = ['system', 'light', 'dark'] as const;
/** nativeTheme.themeSource. */
export type ThemeSource = (typeof THEMES)[number];

const Bounds = z
  .object({
    x: z.number().int().optional(),
    y: z.number().int().optional(),
    width: z.number().int().min(100).max(100_000),
    height: z.number().int().min(100).max(100_000),
    maximized: z.boolean(),
  })
  .strict();
/** The window's normal (not maximized) bounds, px, and whether it was maximized. */
export type WindowBounds = z.infer<typeof Bounds>;

/** What the shell remembers. */
export interface ShellState {
  window: WindowBounds | null;
  theme: ThemeSource;
  recentFiles: string[];
}

export function defaultShellState(): ShellState {
  return { window: null, theme: 'system', recentFiles: [] };
}

const RecentPath = z.string().min(1).max(MAX_PATH_LENGTH);

/** Shell state from the file's text (null: no file); every invalid part takes its default. */
export function parseShellState(text: string | null): ShellState {
  const state = defaultShellState();
  if (text === null) return state;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return state;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return state;
  const record = raw as Record<string, unknown>;
  const bounds = Bounds.safeParse(record.window);
  if (bounds.success) state.window = bounds.data;
  if (THEMES.includes(record.theme as ThemeSource)) state.theme = record.theme as ThemeSource;
  if (Array.isArray(record.recentFiles)) {
    for (const path of record.recentFiles) {
      if (RecentPath.safeParse(path).success)
        state.recentFiles = withRecentFile(state.recentFiles, path, 'end');
    }
  }
  return state;
}

/**
 * `list` with `path` added: at the front (most recent first) or the end, never twice, at most
 * MAX_RECENT_FILES entries.
 */
export function withRecentFile(
  list: readonly string[],
  path: string,
  where: 'front' | 'end' = 'front',
): string[] {
  const rest = list.filter((entry) => entry !== path);
  const next = where === 'front' ? [path, ...rest] : [...rest, path];
  return next.slice(0, MAX_RECENT_FILES);
}

/** Writes `text` to `path` so that it is either complete or not there (temp file + rename). */
export function writeFileAtomicSync(path: string, text: string): void {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(temporary, text, { encoding: 'utf8', mode: 0o644, flag: 'wx' });
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** The shell state file. Write failures are reported to `onError` and otherwise ignored. */
export class ShellStateFile {
  readonly path: string;
  readonly #onError: (error: unknown) => void;
  #state: ShellState;

  constructor(path: string, onError: (error: unknown) => void = () => undefined) {
    this.path = path;
    this.#onError = onError;
    let text: string | null = null;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      // Missing or unreadable: defaults.
    }
    this.#state = parseShellState(text);
  }

  get(): ShellState {
    return structuredClone(this.#state);
  }

  update(patch: Partial<ShellState>): void {
    this.#state = { ...this.#state, ...structuredClone(patch) };
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      writeFileAtomicSync(this.path, `${JSON.stringify(this.#state, null, 2)}\n`);
    } catch (error) {
      this.#onError(error);
    }
  }

  /** Puts `path` first in the recent files. */
  addRecentFile(path: string): void {
    this.update({ recentFiles: withRecentFile(this.#state.recentFiles, path) });
  }
}

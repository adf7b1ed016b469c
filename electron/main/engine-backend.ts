/**
 * The engine as the desktop app runs it: the Backend with the wall clock, the settings file and a
 * default export folder. Built inside the engine worker (or in main when no worker could start).
 * Plain Node: no electron imports, so the worker bundle never loads electron.
 */

import { Backend } from '../engine/app/backend.ts';
import type { Clock } from '../engine/live/capture-session.ts';
import { FileSettingsStore } from './settings-store.ts';

/** What main tells the engine when it starts it (structured-cloneable: it is the Worker's workerData). */
export interface EngineConfig {
  /** `userData/settings.json`. */
  settingsPath: string;
  /** Where exports go when the request names no folder (main always asks the user first). */
  exportDir: string;
}

const MS_PER_S = 1000;
const NS_PER_MS = 1e6;

/** The wall clock, read here at the edge (the engine itself never reads one). */
export const systemClock: Clock = {
  now() {
    const ms = Date.now();
    return { sec: Math.floor(ms / MS_PER_S), nsec: (ms % MS_PER_S) * NS_PER_MS };
  },
};

/** The desktop app's Backend. */
export function createEngineBackend(config: EngineConfig): Backend {
  return new Backend({
    clock: systemClock,
    settings: new FileSettingsStore(config.settingsPath),
    exportDir: config.exportDir,
  });
}

/** Whether `value` is an EngineConfig (workerData is checked before use). */
export function isEngineConfig(value: unknown): value is EngineConfig {
  if (typeof value !== 'object' || value === null) return false;
  const { settingsPath, exportDir } = value as Record<string, unknown>;
  return typeof settingsPath === 'string' && settingsPath !== '' && typeof exportDir === 'string';
}

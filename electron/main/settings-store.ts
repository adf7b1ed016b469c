/**
 * The user's settings as a JSON file (the Electron shell keeps it in `userData/settings.json`).
 * Loading never fails: a missing, unreadable or invalid file gives the defaults, and a partly valid
 * one keeps its valid fields. Saving validates first and writes atomically (temp file + rename), so
 * a crash never leaves half a file. No electron imports here: the path is given by the caller.
 */

import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Settings } from '../../shared/ipc.ts';
import { DEFAULT_THRESHOLDS, type ThresholdMetric } from '../../shared/thresholds.ts';
import { defaultSettings, type SettingsStore } from '../engine/app/backend.ts';
import { writeFileAtomic } from '../engine/report/atomic-write.ts';

/** The settings of a fresh installation (one definition, the engine's). */
export { defaultSettings };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const TOP_LEVEL_FIELDS = ['interface', 'filter', 'jitterBuffer', 'jitterBufferMs'] as const;
const METRICS = Object.keys(DEFAULT_THRESHOLDS) as ThresholdMetric[];

/**
 * Settings from the text of a settings file (null: no file). Invalid JSON or a non-object gives the
 * defaults; otherwise each field (and each metric's thresholds) that passes its schema is kept and
 * every other one takes its default. Unknown keys are dropped.
 */
export function parseSettings(text: string | null): Settings {
  const defaults = defaultSettings();
  if (text === null) return defaults;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return defaults;
  }
  const whole = Settings.safeParse(raw);
  if (whole.success) return whole.data as Settings;
  if (!isRecord(raw)) return defaults;

  const merged: Record<string, unknown> = { ...defaults };
  for (const field of TOP_LEVEL_FIELDS) {
    if (field in raw && Settings.shape[field].safeParse(raw[field]).success) merged[field] = raw[field];
  }
  const thresholds: Record<string, unknown> = { ...defaults.thresholds };
  if (isRecord(raw.thresholds)) {
    for (const metric of METRICS) {
      const candidate = raw.thresholds[metric];
      if (Settings.shape.thresholds.shape[metric].safeParse(candidate).success)
        thresholds[metric] = candidate;
    }
  }
  merged.thresholds = thresholds;
  const result = Settings.safeParse(merged);
  return result.success ? (result.data as Settings) : defaults;
}

/** A SettingsStore backed by one JSON file; keeps what it read or wrote in memory. */
export class FileSettingsStore implements SettingsStore {
  readonly path: string;
  #cached: Settings | null = null;
  #writing: Promise<void> = Promise.resolve();

  constructor(path: string) {
    this.path = path;
  }

  async load(): Promise<Settings> {
    if (this.#cached === null) {
      let text: string | null = null;
      try {
        text = await readFile(this.path, 'utf8');
      } catch {
        // Missing or unreadable: defaults (the next save creates the file).
      }
      this.#cached = parseSettings(text);
    }
    return structuredClone(this.#cached);
  }

  /** Validates `settings` (throws ZodError when invalid, leaving file and memory as they were) and writes them. */
  async save(settings: Settings): Promise<void> {
    const valid = Settings.parse(settings) as Settings;
    const text = `${JSON.stringify(valid, null, 2)}\n`;
    const write = this.#writing.then(async () => {
      await mkdir(dirname(this.path), { recursive: true });
      await writeFileAtomic(this.path, text);
    });
    // Writes run one after another; a failed one does not block the next.
    this.#writing = write.catch(() => undefined);
    await write;
    this.#cached = structuredClone(valid);
  }
}

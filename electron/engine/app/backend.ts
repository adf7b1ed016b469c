/**
 * The engine behind the UI: one implementation of the CallscopeApi of shared/ipc.ts that both the
 * Electron shell and `callscope serve` put behind their transport. It runs one thing at a time (a
 * live capture or a file analysis), pushes at most one snapshot a second, and keeps the last report
 * for export. The clock is injected (the engine never reads one).
 */

import { basename, resolve, sep } from 'node:path';
import type { AnalysisReport } from '../../../shared/analysis.ts';
import type {
  CallscopeApi,
  EngineState,
  EngineUpdate,
  ExportRequest,
  InterfaceInfo,
  OpenFileRequest,
  Settings,
  StartCaptureRequest,
} from '../../../shared/ipc.ts';
import { DEFAULT_THRESHOLDS } from '../../../shared/thresholds.ts';
import { analyzeFile } from '../analyze-file.ts';
import { listInterfaces } from '../capture/interfaces.ts';
import { CaptureError, DEFAULT_CAPTURE_FILTER } from '../capture/live-capture.ts';
import { CaptureSession, type Clock } from '../live/capture-session.ts';
import { writeCsvReport } from '../report/csv.ts';
import { DEFAULT_JITTER_BUFFER } from '../track/jitter-buffer.ts';
import type { QualityOptions } from '../track/stream-quality.ts';

/** Where settings live (a JSON file for the Electron shell; memory for serve). */
export interface SettingsStore {
  load(): Promise<Settings>;
  save(settings: Settings): Promise<void>;
}

/** The settings a fresh installation starts with. */
export function defaultSettings(): Settings {
  return {
    interface: null,
    filter: null,
    jitterBuffer: DEFAULT_JITTER_BUFFER.mode,
    jitterBufferMs: DEFAULT_JITTER_BUFFER.fixedDelayMs,
    thresholds: structuredClone(DEFAULT_THRESHOLDS) as Settings['thresholds'],
  };
}

/** Settings kept in memory only. */
export class MemorySettingsStore implements SettingsStore {
  #settings = defaultSettings();
  async load(): Promise<Settings> {
    return structuredClone(this.#settings);
  }
  async save(settings: Settings): Promise<void> {
    this.#settings = structuredClone(settings);
  }
}

export interface BackendOptions {
  clock: Clock;
  settings?: SettingsStore;
  /** Folder CSV exports go to when the request names none. */
  exportDir?: string;
  /** Files and folders the UI may open by path (serve); empty: any path (Electron, after a dialog). */
  fileRoots?: string[];
  /** Files offered by `listFiles` (serve: its --file; Electron: recent files). */
  offeredFiles?: string[];
}

/** A refusal the UI should show as it is (one line, with what to do). */
export class BackendError extends Error {
  constructor(
    message: string,
    readonly kind: string,
    readonly hint: string | null = null,
  ) {
    super(message);
    this.name = 'BackendError';
  }
}

export class Backend implements CallscopeApi {
  readonly #options: BackendOptions;
  readonly #settings: SettingsStore;
  readonly #listeners = new Set<(update: EngineUpdate) => void>();
  #state: EngineState = 'idle';
  #capture: CaptureSession | null = null;
  #analysis: AbortController | null = null;
  #report: AnalysisReport | null = null;

  constructor(options: BackendOptions) {
    this.#options = options;
    this.#settings = options.settings ?? new MemorySettingsStore();
  }

  onUpdate(listener: (update: EngineUpdate) => void): () => void {
    this.#listeners.add(listener);
    listener({ kind: 'state', state: this.#state, source: null });
    if (this.#report !== null) listener({ kind: 'report', report: this.#report });
    return () => {
      this.#listeners.delete(listener);
    };
  }

  #emit(update: EngineUpdate): void {
    for (const listener of this.#listeners) {
      try {
        listener(update);
      } catch {
        // A broken listener must not stop the engine or the other listeners.
      }
    }
  }

  #setState(state: EngineState, source: string | null): void {
    this.#state = state;
    this.#emit({ kind: 'state', state, source });
  }

  #requireIdle(): void {
    if (this.#state !== 'idle') {
      throw new BackendError(`busy: ${this.#state} (stop it first)`, 'busy');
    }
  }

  async listInterfaces(): Promise<InterfaceInfo[]> {
    return (await listInterfaces()).interfaces;
  }

  async #qualityOptions(): Promise<Partial<QualityOptions>> {
    const settings = await this.#settings.load();
    return {
      thresholds: settings.thresholds,
      jitterBuffer: {
        ...DEFAULT_JITTER_BUFFER,
        mode: settings.jitterBuffer,
        fixedDelayMs: settings.jitterBufferMs,
      },
    };
  }

  async startCapture(request: StartCaptureRequest): Promise<void> {
    this.#requireIdle();
    const quality = await this.#qualityOptions();
    let session: CaptureSession;
    try {
      session = await CaptureSession.start(
        {
          interface: request.interface,
          filter: request.filter?.trim() ? request.filter : DEFAULT_CAPTURE_FILTER,
          bufferMiB: 64,
          analyzer: { quality },
        },
        this.#options.clock,
        (snapshot) => this.#emit({ kind: 'snapshot', snapshot }),
      );
    } catch (error) {
      if (error instanceof CaptureError) {
        this.#emit({
          kind: 'error',
          errorKind: error.kind,
          message: error.message,
          hint: error.hint || null,
        });
        throw new BackendError(error.message, error.kind, error.hint || null);
      }
      throw error;
    }
    this.#capture = session;
    this.#report = null;
    this.#setState('capturing', `interface ${request.interface}`);
    void session.result.then(({ report, reason }) => {
      this.#capture = null;
      this.#report = report;
      this.#emit({ kind: 'report', report });
      if (reason === 'interface-down' || report.error !== null) {
        this.#emit({
          kind: 'error',
          errorKind: 'interface-down',
          message: report.error ?? reason,
          hint: null,
        });
      }
      this.#setState('idle', null);
    });
  }

  async stopCapture(): Promise<void> {
    const session = this.#capture;
    if (session === null) return;
    await session.stop();
  }

  #checkPath(path: string): string {
    const absolute = resolve(path);
    const roots = this.#options.fileRoots ?? [];
    if (roots.length === 0) return absolute;
    const allowed = roots.some((root) => {
      const r = resolve(root);
      return absolute === r || absolute.startsWith(r.endsWith(sep) ? r : r + sep);
    });
    if (!allowed) throw new BackendError(`not offered here: ${basename(path)}`, 'forbidden');
    return absolute;
  }

  async openFile(request?: OpenFileRequest): Promise<void> {
    if (request === undefined) throw new BackendError('no file given', 'usage');
    this.#requireIdle();
    const path = this.#checkPath(request.path);
    const quality = await this.#qualityOptions();
    const controller = new AbortController();
    this.#analysis = controller;
    this.#report = null;
    this.#setState('analyzing', path);
    try {
      const report = await analyzeFile(
        path,
        { quality },
        {
          signal: controller.signal,
          onProgress: (bytesRead, totalBytes, packets) =>
            this.#emit({ kind: 'progress', bytesRead, totalBytes, packets }),
        },
      );
      this.#report = report;
      this.#emit({ kind: 'report', report });
      if (report.error !== null)
        this.#emit({ kind: 'error', errorKind: 'damaged-file', message: report.error, hint: null });
    } catch (error) {
      if (controller.signal.aborted) {
        this.#emit({ kind: 'error', errorKind: 'cancelled', message: 'analysis cancelled', hint: null });
      } else {
        const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
        this.#emit({ kind: 'error', errorKind: 'unreadable', message, hint: null });
        throw new BackendError(message, 'unreadable');
      }
    } finally {
      this.#analysis = null;
      this.#setState('idle', null);
    }
  }

  async cancel(): Promise<void> {
    this.#analysis?.abort(new Error('cancelled'));
  }

  async exportReport(request?: ExportRequest): Promise<string[]> {
    if (this.#report === null)
      throw new BackendError('nothing to export yet: open a file or stop a capture', 'empty');
    const folder = request?.folder ?? this.#options.exportDir;
    if (folder === undefined) throw new BackendError('no export folder given', 'usage');
    return writeCsvReport(this.#report, folder);
  }

  getSettings(): Promise<Settings> {
    return this.#settings.load();
  }

  async saveSettings(settings: Settings): Promise<Settings> {
    await this.#settings.save(settings);
    return this.#settings.load();
  }

  async listFiles(): Promise<string[]> {
    return [...(this.#options.offeredFiles ?? [])];
  }

  /** Stops whatever runs (shutdown). */
  async dispose(): Promise<void> {
    await this.cancel();
    await this.stopCapture();
    this.#listeners.clear();
  }
}

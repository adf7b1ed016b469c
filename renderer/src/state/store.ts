/**
 * The renderer's state: one object, replaced per engine message (at most once a second) or user
 * action, read with useSyncExternalStore. The live history (`live`) is the one part mutated in
 * place, because copying an hour of points per stream every second would cost more than the rest
 * of the UI; its `version` (and a new state object) tells readers it changed. Pure (no DOM).
 */

import type { AnalysisReport } from '../../../shared/analysis.ts';
import type {
  EngineState,
  EngineUpdate,
  InterfaceInfo,
  Settings,
  StartCaptureRequest,
} from '../../../shared/ipc.ts';
import type { LiveSnapshot } from '../../../shared/snapshot.ts';
import { DEFAULT_THRESHOLDS, type Thresholds } from '../../../shared/thresholds.ts';
import type { ConnectionStatus } from '../lib/ws-client.ts';
import { LiveHistory } from './live-history.ts';

/** Columns of the streams table (also their `data-col`). */
export type ColumnKey =
  | 'src'
  | 'dst'
  | 'ssrc'
  | 'codec'
  | 'packets'
  | 'loss'
  | 'jitter'
  | 'rtt'
  | 'r'
  | 'mos';

export interface SortState {
  /** null: the report's order (stream id). */
  key: ColumnKey | null;
  descending: boolean;
}

/** Key of a table row: `s:<stream id>` or `c:<Call-ID>`. */
export type RowKey = `s:${number}` | `c:${string}`;

export interface Selection {
  /** Streams shown in the gauges and the timeline (at most MAX_SELECTED). */
  streamIds: number[];
  /** The selected call (its streams are in streamIds), or null. */
  callId: string | null;
  /** The row the keyboard moves from. */
  anchor: RowKey | null;
}

/** Streams the timeline draws at most. */
export const MAX_SELECTED = 10;

export interface AppError {
  id: number;
  kind: string;
  message: string;
  hint: string | null;
}

/** Errors kept (oldest dropped). */
const MAX_ERRORS = 5;

export interface Progress {
  bytesRead: number;
  totalBytes: number;
  packets: number;
}

export interface AppState {
  /** The transport's connection (the Electron preload is always open). */
  connection: ConnectionStatus;
  engine: { state: EngineState; source: string | null };
  /** The latest live snapshot (null outside a capture). */
  snapshot: LiveSnapshot | null;
  /** Per-stream history of the current capture (mutated in place; see the module comment). */
  live: LiveHistory;
  /** The final report: a file's, or a capture's once it stopped. When set, it is what is shown. */
  report: AnalysisReport | null;
  /** File analysis progress while analysing. */
  progress: Progress | null;
  /** What the current (or last) capture was started with. */
  captureRequest: StartCaptureRequest | null;
  selection: Selection;
  /** null until listed. */
  interfaces: InterfaceInfo[] | null;
  /** Files the backend offers (serve: demo/--file; Electron: recent). */
  files: string[];
  /** null until loaded. */
  settings: Settings | null;
  /** The thresholds in force (settings', else the defaults). */
  thresholds: Readonly<Thresholds>;
  errors: AppError[];
  /** Paths the last export wrote. */
  exported: string[] | null;
  /** The streams table's filter text. */
  filterText: string;
  sort: SortState;
  settingsOpen: boolean;
}

export type Action =
  | { type: 'update'; update: EngineUpdate }
  | { type: 'connection'; status: ConnectionStatus }
  | { type: 'interfaces'; interfaces: InterfaceInfo[] }
  | { type: 'files'; files: string[] }
  | { type: 'settings'; settings: Settings }
  | { type: 'captureRequested'; request: StartCaptureRequest }
  | { type: 'error'; kind: string; message: string; hint: string | null }
  | { type: 'dismissError'; id: number }
  | { type: 'exported'; paths: string[] | null }
  | { type: 'select'; selection: Selection }
  | { type: 'clearSelection' }
  | { type: 'filter'; text: string }
  | { type: 'sort'; key: ColumnKey }
  | { type: 'settingsOpen'; open: boolean };

const EMPTY_SELECTION: Selection = { streamIds: [], callId: null, anchor: null };

export function initialState(): AppState {
  return {
    connection: 'connecting',
    engine: { state: 'idle', source: null },
    snapshot: null,
    live: new LiveHistory(),
    report: null,
    progress: null,
    captureRequest: null,
    selection: EMPTY_SELECTION,
    interfaces: null,
    files: [],
    settings: null,
    thresholds: DEFAULT_THRESHOLDS,
    errors: [],
    exported: null,
    filterText: '',
    sort: { key: null, descending: false },
    settingsOpen: false,
  };
}

let nextErrorId = 1;

function addError(state: AppState, kind: string, message: string, hint: string | null): AppState {
  // The engine reports a failure as an update and the request rejects with the same message.
  const same = state.errors.find((error) => error.message === message);
  if (same !== undefined) {
    if (hint === null || same.hint !== null) return state;
    return { ...state, errors: state.errors.map((error) => (error === same ? { ...error, hint } : error)) };
  }
  const errors = [...state.errors, { id: nextErrorId++, kind, message, hint }];
  return { ...state, errors: errors.slice(-MAX_ERRORS) };
}

/** Everything that belongs to one capture or one file, cleared when the next starts. */
function freshData(state: AppState): AppState {
  return {
    ...state,
    snapshot: null,
    live: new LiveHistory(),
    report: null,
    progress: null,
    selection: EMPTY_SELECTION,
    exported: null,
  };
}

function applyUpdate(state: AppState, update: EngineUpdate): AppState {
  switch (update.kind) {
    case 'state': {
      const previous = state.engine.state;
      let next: AppState = { ...state, engine: { state: update.state, source: update.source } };
      if (update.state !== previous && update.state !== 'idle') {
        // A new capture or analysis: the previous one's data and errors no longer apply.
        next = { ...freshData(next), errors: [] };
        if (update.state === 'analyzing') next.progress = { bytesRead: 0, totalBytes: 0, packets: 0 };
      }
      if (update.state === 'idle') next.progress = null;
      return next;
    }
    case 'snapshot':
      state.live.ingest(update.snapshot);
      return { ...state, snapshot: update.snapshot };
    case 'progress':
      return {
        ...state,
        progress: { bytesRead: update.bytesRead, totalBytes: update.totalBytes, packets: update.packets },
      };
    case 'report':
      return { ...state, report: update.report, progress: null };
    case 'error':
      return addError(state, update.errorKind, update.message, update.hint);
    default:
      return state;
  }
}

/** The next state. Pure except for the live history's in-place ingest. */
export function reduce(state: AppState, action: Action): AppState {
  switch (action.type) {
    case 'update':
      return applyUpdate(state, action.update);
    case 'connection':
      return action.status === state.connection ? state : { ...state, connection: action.status };
    case 'interfaces':
      return { ...state, interfaces: action.interfaces };
    case 'files':
      return { ...state, files: action.files };
    case 'settings':
      return {
        ...state,
        settings: action.settings,
        thresholds: action.settings.thresholds ?? DEFAULT_THRESHOLDS,
      };
    case 'captureRequested':
      return { ...state, captureRequest: action.request };
    case 'error':
      return addError(state, action.kind, action.message, action.hint);
    case 'dismissError':
      return { ...state, errors: state.errors.filter((error) => error.id !== action.id) };
    case 'exported':
      return { ...state, exported: action.paths };
    case 'select':
      return {
        ...state,
        selection: { ...action.selection, streamIds: action.selection.streamIds.slice(0, MAX_SELECTED) },
      };
    case 'clearSelection':
      return state.selection === EMPTY_SELECTION ? state : { ...state, selection: EMPTY_SELECTION };
    case 'filter':
      return { ...state, filterText: action.text };
    case 'sort': {
      const { key, descending } = state.sort;
      // Click order: ascending, descending, back to the report's order.
      const sort: SortState =
        key !== action.key
          ? { key: action.key, descending: false }
          : descending
            ? { key: null, descending: false }
            : { key, descending: true };
      return { ...state, sort };
    }
    case 'settingsOpen':
      return { ...state, settingsOpen: action.open };
    default:
      return state;
  }
}

/** A minimal external store for useSyncExternalStore. */
export class Store {
  #state: AppState;
  readonly #listeners = new Set<() => void>();

  constructor(state: AppState = initialState()) {
    this.#state = state;
  }

  getState = (): AppState => this.#state;

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  };

  dispatch = (action: Action): void => {
    const next = reduce(this.#state, action);
    if (next === this.#state) return;
    this.#state = next;
    for (const listener of this.#listeners) listener();
  };
}

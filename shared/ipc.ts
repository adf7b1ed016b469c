/**
 * The one API between the UI and the engine, whatever carries it: Electron IPC (main <-> preload)
 * or the WebSocket of `callscope serve`. Main, preload, renderer and serve all compile against this
 * file; every request is validated with these schemas on the receiving side (IPC input is untrusted).
 */

import { z } from 'zod';
import type { AnalysisReport } from './analysis.ts';
import type { LiveSnapshot } from './snapshot.ts';
import type { Thresholds } from './thresholds.ts';

/** One address of a network interface. */
export interface InterfaceAddressInfo {
  family: 'inet' | 'inet6' | 'other';
  address: string;
  netmask: string | null;
}

/** A network interface a capture can use. */
export interface InterfaceInfo {
  name: string;
  description: string | null;
  addresses: InterfaceAddressInfo[];
  up: boolean;
  running: boolean;
  loopback: boolean;
}

/** Longest BPF filter accepted, characters. */
export const MAX_FILTER_LENGTH = 4096;
/** Longest path accepted, characters. */
export const MAX_PATH_LENGTH = 4096;

export const StartCaptureRequest = z
  .object({
    interface: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[\w.:@-]+$/, 'interface names are letters, digits and . : @ - _'),
    filter: z.string().max(MAX_FILTER_LENGTH).optional(),
  })
  .strict();
export type StartCaptureRequest = z.infer<typeof StartCaptureRequest>;

export const OpenFileRequest = z.object({ path: z.string().min(1).max(MAX_PATH_LENGTH) }).strict();
export type OpenFileRequest = z.infer<typeof OpenFileRequest>;

export const ExportRequest = z.object({ folder: z.string().min(1).max(MAX_PATH_LENGTH).optional() }).strict();
export type ExportRequest = z.infer<typeof ExportRequest>;

const Boundaries = z
  .object({
    good: z.number().finite(),
    warning: z.number().finite(),
    fair: z.number().finite(),
    poor: z.number().finite(),
  })
  .strict();

/** The user's settings (persisted by the Electron shell; kept in memory by serve). */
export const Settings = z
  .object({
    interface: z.string().max(64).nullable(),
    filter: z.string().max(MAX_FILTER_LENGTH).nullable(),
    jitterBuffer: z.enum(['adaptive', 'fixed']),
    jitterBufferMs: z.number().int().min(10).max(1000),
    thresholds: z
      .object({
        mos: Boundaries,
        rFactor: Boundaries,
        jitterMs: Boundaries,
        lossPercent: Boundaries,
        rttMs: Boundaries,
      })
      .strict(),
  })
  .strict();
export type Settings = z.infer<typeof Settings> & { thresholds: Thresholds };

/** What the engine is doing. */
export type EngineState = 'idle' | 'capturing' | 'analyzing';

/** Everything the engine pushes to the UI: at most one snapshot a second, never one per packet. */
export type EngineUpdate =
  | { kind: 'state'; state: EngineState; source: string | null }
  | { kind: 'snapshot'; snapshot: LiveSnapshot }
  | { kind: 'progress'; bytesRead: number; totalBytes: number; packets: number }
  | { kind: 'report'; report: AnalysisReport }
  | { kind: 'error'; errorKind: string; message: string; hint: string | null };

/** The narrow API the renderer sees (the preload's `window.callscope`, or the WebSocket client). */
export interface CallscopeApi {
  listInterfaces(): Promise<InterfaceInfo[]>;
  startCapture(request: StartCaptureRequest): Promise<void>;
  stopCapture(): Promise<void>;
  /** Electron: asks the user with a file dialog when `request` is absent. serve: a file it offers. */
  openFile(request?: OpenFileRequest): Promise<void>;
  /** Cancels a file analysis in progress. */
  cancel(): Promise<void>;
  /** Writes streams.csv, seconds.csv and calls.csv of the current report; returns their paths. */
  exportReport(request?: ExportRequest): Promise<string[]>;
  getSettings(): Promise<Settings>;
  saveSettings(settings: Settings): Promise<Settings>;
  /** Files the backend offers to open (serve: its --file and data folder; Electron: recent files). */
  listFiles(): Promise<string[]>;
  /** Subscribes to engine updates; returns the function that unsubscribes. */
  onUpdate(listener: (update: EngineUpdate) => void): () => void;
}

/** Request methods of CallscopeApi (everything but onUpdate), as carried over IPC or WebSocket. */
export const API_METHODS = [
  'listInterfaces',
  'startCapture',
  'stopCapture',
  'openFile',
  'cancel',
  'exportReport',
  'getSettings',
  'saveSettings',
  'listFiles',
] as const satisfies readonly Exclude<keyof CallscopeApi, 'onUpdate'>[];
export type ApiMethod = (typeof API_METHODS)[number];

/** Validates the argument of a request method; throws ZodError when it isn't acceptable. */
export function parseRequest(method: ApiMethod, argument: unknown): unknown {
  switch (method) {
    case 'startCapture':
      return StartCaptureRequest.parse(argument);
    case 'openFile':
      return argument === undefined ? undefined : OpenFileRequest.parse(argument);
    case 'exportReport':
      return argument === undefined ? undefined : ExportRequest.parse(argument);
    case 'saveSettings':
      return Settings.parse(argument);
    default:
      if (argument !== undefined) throw new TypeError(`${method} takes no argument`);
      return undefined;
  }
}

/** Electron IPC channel of a request method, and of the update stream. */
export const channelOf = (method: ApiMethod): string => `callscope:${method}`;
export const UPDATE_CHANNEL = 'callscope:update';

/** WebSocket frames of `serve`. */
export type ClientFrame = { id: number; method: ApiMethod; argument?: unknown };
export type ServerFrame =
  | { id: number; result: unknown }
  | { id: number; error: { message: string; kind: string } }
  | { update: EngineUpdate };

/**
 * The per-second snapshot of a live capture: what the `capture --json` lines, the renderer's
 * once-a-second message and `serve` all carry. Units are in the names.
 */

import type { CallReport, StreamSecond } from './analysis.ts';

/** How the capture itself is doing: what was seen and what was lost before analysis. */
export interface CaptureHealth {
  /** Interface being captured. */
  interface: string;
  /** Frames the engine has analysed since the start. */
  packetsSeen: number;
  /** Frames the engine analysed during the last second. */
  packetsPerSecond: number;
  /** Packets the kernel passed the filter, since the start (libpcap ps_recv); null before the first statistics. */
  kernelReceived: number | null;
  /** Packets the kernel dropped for lack of buffer space (ps_drop): capture loss, not network loss. */
  kernelDropped: number | null;
  /** Packets the interface or its driver dropped (ps_ifdrop). */
  interfaceDropped: number | null;
  /** Packets the capture helper handed over (isb_usrdeliv). */
  delivered: number | null;
  /** Packets handed over but not yet analysed: the engine is behind by this many. */
  engineBacklog: number | null;
  /** Kernel and interface drops during the last second. */
  droppedLastSecond: number;
}

/** One stream's figures at a tick. */
export interface LiveStreamFigures {
  id: number;
  ssrc: string;
  src: string;
  dst: string;
  callId: string | null;
  direction: 'caller-to-callee' | 'callee-to-caller' | null;
  codec: string | null;
  /** True once the stream was silent past the idle timeout. */
  ended: boolean;
  /** Totals since the stream started. */
  packets: number;
  lost: number;
  lossPercent: number;
  /** The latest closed second, or null before the first one closed. */
  second: StreamSecond | null;
  /** Lowest per-second MOS so far. */
  minMos: number | null;
}

/** Everything a sink needs once a second during a live capture. */
export interface LiveSnapshot {
  /** Wall-clock (capture clock) time of the tick, ISO 8601 with microseconds. */
  time: string;
  /** Seconds since the first captured frame (0 before it). */
  elapsedSeconds: number;
  health: CaptureHealth;
  streams: LiveStreamFigures[];
  calls: CallReport[];
}

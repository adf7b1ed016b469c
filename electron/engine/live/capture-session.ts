/**
 * A live capture session: the capture helper's frames and statistics feed the analyzer, and once a
 * second the session ticks the analyzer at the current time (so silent streams show as silent) and
 * hands a snapshot to the caller. The time comes from the clock the caller injects: the engine itself
 * never reads one. Stopping (or the interface going down) ends with the same report `analyze` prints.
 */

import type { AnalysisReport } from '../../../shared/analysis.ts';
import type { CaptureHealth, LiveSnapshot } from '../../../shared/snapshot.ts';
import { Analyzer, type AnalyzerOptions } from '../analyzer.ts';
import {
  type LiveCaptureHandle,
  type LiveCaptureOptions,
  startLiveCapture,
} from '../capture/live-capture.ts';
import { analysisReport } from '../report/analysis-report.ts';
import { liveSnapshot } from '../report/live-snapshot.ts';
import type { InterfaceStatistics } from '../source/interface-statistics.ts';

/** A wall clock, injected by the caller (seconds and nanoseconds since the Unix epoch). */
export interface Clock {
  now(): { sec: number; nsec: number };
}

export interface CaptureSessionOptions extends LiveCaptureOptions {
  /** How the analyzer finds RTP and rates it. */
  analyzer?: AnalyzerOptions;
  /** Milliseconds between ticks (default 1000). */
  tickIntervalMs?: number;
}

/** How a session ended. */
export interface CaptureResult {
  /** `stopped` by the caller, or the capture ended by itself (`interface-down`, `ended`). */
  reason: 'stopped' | 'interface-down' | 'ended';
  /** The final report: the same document `analyze --json` prints (error set when the capture failed). */
  report: AnalysisReport;
  /** The last capture health. */
  health: CaptureHealth;
}

const DEFAULT_TICK_MS = 1000;

export class CaptureSession {
  readonly analyzer: Analyzer;
  readonly #options: CaptureSessionOptions;
  readonly #clock: Clock;
  readonly #onSnapshot: (snapshot: LiveSnapshot) => void;
  #capture: LiveCaptureHandle | null = null;
  #timer: NodeJS.Timeout | null = null;
  #stats: InterfaceStatistics | null = null;
  #dropsAtLastTick = 0;
  #seenAtLastTick = 0;
  #health: CaptureHealth;
  #result: Promise<CaptureResult> | null = null;

  private constructor(
    options: CaptureSessionOptions,
    clock: Clock,
    onSnapshot: (snapshot: LiveSnapshot) => void,
  ) {
    this.analyzer = new Analyzer(options.analyzer);
    this.#options = options;
    this.#clock = clock;
    this.#onSnapshot = onSnapshot;
    this.#health = this.#makeHealth(0);
  }

  /** Starts capturing; rejects with the capture helper's CaptureError when it can't start. */
  static async start(
    options: CaptureSessionOptions,
    clock: Clock,
    onSnapshot: (snapshot: LiveSnapshot) => void,
  ): Promise<CaptureSession> {
    const session = new CaptureSession(options, clock, onSnapshot);
    session.#capture = await startLiveCapture(options, session.analyzer.onFrame, (stats) => {
      session.#stats = stats;
    });
    session.#timer = setInterval(() => session.#tick(), options.tickIntervalMs ?? DEFAULT_TICK_MS);
    session.#result = session.#capture.done.then((done) =>
      session.#finish(done.reason, done.error?.message ?? null),
    );
    return session;
  }

  /** Resolves when the capture has ended (stopped, or ended by itself) with the final report. */
  get result(): Promise<CaptureResult> {
    if (this.#result === null) throw new Error('capture session not started');
    return this.#result;
  }

  /** Stops the capture (idempotent) and resolves with the final report. */
  async stop(): Promise<CaptureResult> {
    await this.#capture?.stop();
    return this.result;
  }

  #drops(): number {
    return (this.#stats?.osDropped ?? 0) + (this.#stats?.interfaceDropped ?? 0);
  }

  #makeHealth(droppedLastSecond: number): CaptureHealth {
    const seen = this.analyzer.counts.read;
    const delivered = this.#stats?.delivered ?? null;
    return {
      interface: this.#options.interface,
      packetsSeen: seen,
      packetsPerSecond: seen - this.#seenAtLastTick,
      kernelReceived: this.#stats?.received ?? null,
      kernelDropped: this.#stats?.osDropped ?? null,
      interfaceDropped: this.#stats?.interfaceDropped ?? null,
      delivered,
      engineBacklog: delivered === null ? null : Math.max(0, delivered - seen),
      droppedLastSecond,
    };
  }

  #tick(): void {
    const drops = this.#drops();
    const dropped = drops - this.#dropsAtLastTick;
    if (dropped > 0) this.analyzer.flagCaptureLoss();
    const now = this.#clock.now();
    this.analyzer.tick(now.sec, now.nsec);
    this.#health = this.#makeHealth(dropped);
    this.#dropsAtLastTick = drops;
    this.#seenAtLastTick = this.analyzer.counts.read;
    this.#onSnapshot(liveSnapshot(this.analyzer, this.#health, now.sec, now.nsec));
  }

  #finish(reason: CaptureResult['reason'], error: string | null): CaptureResult {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
    if (this.#drops() > this.#dropsAtLastTick) this.analyzer.flagCaptureLoss();
    this.analyzer.finish();
    this.#health = this.#makeHealth(this.#drops() - this.#dropsAtLastTick);
    const report = analysisReport(this.analyzer, `interface ${this.#options.interface}`, 'pcapng', error);
    return { reason, report, health: this.#health };
  }
}

/**
 * R-factor and MOS for one stream, every second and overall (emodel.md §4.2-4.7, "the spec").
 *
 * Every second, over a sliding window of the last `windowSeconds` seconds (default 5): network loss
 * from the change of expected and received counts, late packets turned into discards by the jitter
 * buffer emulation, the burst ratio from loss runs (2-state Gilbert model), and the delay
 * Ta = RTT/2 (held; both legs when known) + packet time + codec delay + jitter buffer (max(2J, ptime)
 * within [20, 200] ms) go into G.107 (or G.107.1 for wideband codecs). Guards: no figure before two
 * seconds of data; a second without expected packets (silence, DTX, hold) holds the last figure;
 * expected packets with none received in the window is "no media" (MOS 1, flagged).
 */

import type { CodecEntry } from '../../../shared/emodel/codecs.ts';
import type { ImpairmentBreakdown, QualityEstimate, QualityFlag } from '../../../shared/emodel/pipeline.ts';
import {
  burstRatioFromRuns,
  estimateQuality,
  jitterBufferDelayFromJitter,
  noMedia,
} from '../../../shared/emodel/pipeline.ts';
import type { QualityLevel } from '../../../shared/quality-levels.ts';
import { DEFAULT_THRESHOLDS, levelOf, type Thresholds } from '../../../shared/thresholds.ts';
import { DEFAULT_JITTER_BUFFER, JitterBufferEmulator, type JitterBufferOptions } from './jitter-buffer.ts';

/** How MOS is computed; every value has a default. */
export interface QualityOptions {
  /** Seconds of history each per-second figure uses (1-10, default 5). */
  windowSeconds: number;
  /** The emulated receiver's jitter buffer. */
  jitterBuffer: JitterBufferOptions;
  /** G.711 with packet-loss concealment (default true). */
  g711Plc: boolean;
  /** Level boundaries for MOS (and the other metrics). */
  thresholds: Readonly<Thresholds>;
}

export const DEFAULT_QUALITY_OPTIONS: QualityOptions = {
  windowSeconds: 5,
  jitterBuffer: DEFAULT_JITTER_BUFFER,
  g711Plc: true,
  thresholds: DEFAULT_THRESHOLDS,
};

/** One figure: R, MOS, its level and scale, and where the R points went. */
export interface QualityFigure {
  rFactor: number;
  mos: number;
  qualityLevel: QualityLevel;
  scale: 'narrowband' | 'wideband';
  /** One-way mouth-to-ear delay used, ms. */
  taMs: number;
  /** Burst ratio used (1 = random loss). */
  burstRatio: number;
  impairments: ImpairmentBreakdown;
  /** Caveats: no-media, silence-held, rtt-assumed, rtt-one-leg, codec-estimate, codec-fallback, extrapolated. */
  flags: string[];
}

/** What one second contributed to the window. */
interface SecondCounts {
  packets: number;
  expected: number;
  lost: number;
  discards: number;
  lossRuns: number;
}

/** The inputs that don't come from the counts. */
export interface QualityContext {
  codec: CodecEntry;
  /** End-to-end round trip, ms (one leg when `rttLegs` is 1); null when none. */
  rttMs: number | null;
  rttLegs: number;
  /** Current interarrival jitter, ms. */
  jitterMs: number;
  /** Packet time, ms. */
  packetTimeMs: number;
}

const MIN_SECONDS_BEFORE_FIRST_FIGURE = 2;
const PERCENT = 100;

/** Turns an estimate into a figure with its level. */
export function figureOf(
  estimate: QualityEstimate,
  thresholds: Readonly<Thresholds>,
  extraFlags: string[] = [],
): QualityFigure {
  return {
    rFactor: estimate.rFactor,
    mos: estimate.mos,
    qualityLevel: levelOf('mos', estimate.mos, thresholds),
    scale: estimate.scale,
    taMs: estimate.taMs,
    burstRatio: estimate.burstRatio,
    impairments: estimate.impairments,
    flags: [...(estimate.flags as readonly QualityFlag[]), ...extraFlags],
  };
}

/** The E-model figure for loss counts plus context; null when nothing was expected. */
export function rate(
  counts: SecondCounts,
  context: QualityContext,
  options: QualityOptions,
): QualityFigure | null {
  if (counts.expected <= 0) return null;
  const received = Math.max(0, counts.packets - counts.discards);
  if (received === 0) return figureOf(noMedia(context.codec.band), options.thresholds);
  const networkLost = Math.min(counts.expected, Math.max(0, counts.lost));
  const discards = Math.min(counts.expected - networkLost, counts.discards);
  const lost = networkLost + discards;
  const lossRuns = lost === 0 ? 0 : Math.min(lost, Math.max(1, counts.lossRuns));
  const estimate = estimateQuality({
    codec: context.codec,
    rttMs: context.rttMs,
    rttIsOneLegOnly: context.rttLegs === 1,
    packetTimeMs: context.packetTimeMs,
    jitterBufferDelayMs: jitterBufferDelayFromJitter(context.jitterMs, context.packetTimeMs),
    networkLossPercent: (networkLost / counts.expected) * PERCENT,
    discardPercent: (discards / counts.expected) * PERCENT,
    burstRatio: burstRatioFromRuns({ received, lost, lossRuns }),
  });
  return figureOf(estimate, options.thresholds);
}

/** Per-stream state: the jitter-buffer emulation, the sliding window, and the per-second figures. */
export class StreamQuality {
  readonly jitterBuffer: JitterBufferEmulator;
  /** Discards in the second in progress. */
  #secondDiscards = 0;
  #secondDiscardRuns = 0;
  readonly #window: SecondCounts[] = [];
  #last: QualityFigure | null = null;
  #secondsSeen = 0;
  /** Per-second MOS values, for the stream's minimum and mean. */
  #mosSum = 0;
  #mosCount = 0;
  #mosMin = Number.POSITIVE_INFINITY;

  constructor(readonly options: QualityOptions = DEFAULT_QUALITY_OPTIONS) {
    this.jitterBuffer = new JitterBufferEmulator(options.jitterBuffer);
  }

  /** Plays one (non-duplicate) packet through the jitter buffer; counts a discard. */
  onPacket(
    timeMs: number,
    timestamp: number,
    marker: boolean,
    clockRateHz: number,
    jitterMs: number,
    packetTimeMs: number,
  ): void {
    const runsBefore = this.jitterBuffer.discardRuns;
    if (this.jitterBuffer.add(timeMs, timestamp, marker, clockRateHz, jitterMs, packetTimeMs)) {
      this.#secondDiscards++;
      this.#secondDiscardRuns += this.jitterBuffer.discardRuns - runsBefore;
    }
  }

  /**
   * Closes one second: its counts enter the window and the second's figure is returned (null before
   * two seconds of data, or for a stream without a speech codec). `lossRuns` are the second's network
   * loss runs (sequence gaps).
   */
  closeSecond(
    second: { packets: number; expected: number; lost: number },
    lossRuns: number,
    context: QualityContext | null,
  ): { discards: number; figure: QualityFigure | null } {
    const discards = this.#secondDiscards;
    this.#window.push({ ...second, discards, lossRuns: lossRuns + this.#secondDiscardRuns });
    if (this.#window.length > this.options.windowSeconds) this.#window.shift();
    this.#secondDiscards = 0;
    this.#secondDiscardRuns = 0;
    this.#secondsSeen++;
    if (context === null || this.#secondsSeen < MIN_SECONDS_BEFORE_FIRST_FIGURE)
      return { discards, figure: null };
    let figure: QualityFigure | null;
    if (second.expected <= 0 && second.packets === 0) {
      figure =
        this.#last === null
          ? null
          : {
              ...this.#last,
              flags: [...this.#last.flags.filter((f) => f !== 'silence-held'), 'silence-held'],
            };
    } else {
      const total: SecondCounts = { packets: 0, expected: 0, lost: 0, discards: 0, lossRuns: 0 };
      for (const s of this.#window) {
        total.packets += s.packets;
        total.expected += s.expected;
        total.lost += s.lost;
        total.discards += s.discards;
        total.lossRuns += s.lossRuns;
      }
      figure = rate(total, context, this.options) ?? this.#last;
      if (figure !== null) this.#last = figure;
    }
    if (figure !== null) {
      this.#mosSum += figure.mos;
      this.#mosCount++;
      this.#mosMin = Math.min(this.#mosMin, figure.mos);
    }
    return { discards, figure };
  }

  /** Lowest per-second MOS; null before the first. */
  get minMos(): number | null {
    return this.#mosCount === 0 ? null : this.#mosMin;
  }

  /** Mean of the per-second MOS values (time-weighted: one value per second); null before the first. */
  get meanMos(): number | null {
    return this.#mosCount === 0 ? null : this.#mosSum / this.#mosCount;
  }
}

/**
 * Cuts one stream's packets into one-second windows on the capture clock, starting at the stream's
 * first packet. Loss in a window is the change of the stream's cumulative expected and lost counts,
 * so the windows add up to the stream's totals; a sequence gap is counted in the window where the
 * packet after it arrived. Seconds without packets are kept (packets 0), so a silence is visible.
 */

import type { StreamSecond } from '../../../shared/analysis.ts';
import type { RtpStreamStats } from './rtp-stream-stats.ts';

const MS_PER_SECOND = 1000;
const BITS_PER_BYTE = 8;
const BITS_PER_KBIT = 1000;

export class SecondWindows {
  /** Closed windows, oldest first. */
  readonly closed: StreamSecond[] = [];
  #index = 0;
  #packets = 0;
  #ipBytes = 0;
  #expectedAtStart = 0;
  #lostAtStart = 0;
  #lossRunsAtStart = 0;
  #lastJitterMs: number | null = null;
  #maxJitterMs: number | null = null;
  #maxDeltaMs: number | null = null;

  /**
   * @param streamStartMs start of the stream (its first packet), ms on the capture clock
   * @param roundTrip the stream's round-trip samples; each window records the latest one (held)
   */
  constructor(
    readonly streamStartMs: number,
    readonly roundTrip: { readonly lastMs: number | null },
    readonly onClose: (second: StreamSecond, lossRuns: number) => void = () => {},
  ) {}

  /** Index of the window that `timeMs` falls in (packets arriving out of time order stay in the current one). */
  #windowOf(timeMs: number): number {
    return Math.max(this.#index, Math.floor((timeMs - this.streamStartMs) / MS_PER_SECOND));
  }

  /**
   * Closes every window that ends at or before `timeMs`. Call before `add` with the next packet's
   * time, and with the current time on each tick of a live capture.
   */
  closeUntil(timeMs: number, stats: RtpStreamStats): void {
    const target = this.#windowOf(timeMs);
    while (this.#index < target) this.#close(stats);
  }

  /** Accounts the packet that `stats` has just taken in. */
  add(stats: RtpStreamStats, ipBytes: number): void {
    this.#packets++;
    this.#ipBytes += ipBytes;
    if (stats.lastHadClock || stats.clockRateHz !== 0) this.#lastJitterMs = stats.jitterMs;
    if (!stats.lastWasRegular) return;
    if (this.#maxDeltaMs === null || stats.deltaMs > this.#maxDeltaMs) this.#maxDeltaMs = stats.deltaMs;
    if (stats.lastHadClock && (this.#maxJitterMs === null || stats.jitterMs > this.#maxJitterMs)) {
      this.#maxJitterMs = stats.jitterMs;
    }
  }

  /** Closes the window in progress (at the end of a file); a stream that never had a packet gets none. */
  finish(stats: RtpStreamStats): void {
    if (stats.packets > 0) this.#close(stats);
  }

  #close(stats: RtpStreamStats): void {
    const expected = stats.expected - this.#expectedAtStart;
    const lost = stats.lost - this.#lostAtStart;
    const second: StreamSecond = {
      t: this.#index,
      packets: this.#packets,
      expected,
      lost,
      lossPercent: expected > 0 ? Math.min(100, (Math.max(0, lost) / expected) * 100) : 0,
      jitterMs: this.#packets > 0 ? this.#lastJitterMs : null,
      maxJitterMs: this.#maxJitterMs,
      maxDeltaMs: this.#maxDeltaMs,
      bitrateKbps: (this.#ipBytes * BITS_PER_BYTE) / BITS_PER_KBIT,
      rttMs: this.roundTrip.lastMs,
      discards: 0,
      rFactor: null,
      mos: null,
      qualityLevel: null,
      scale: null,
      impairments: null,
      qualityFlags: [],
    };
    this.onClose(second, stats.lossRuns - this.#lossRunsAtStart);
    this.closed.push(second);
    this.#index++;
    this.#packets = 0;
    this.#ipBytes = 0;
    this.#expectedAtStart = stats.expected;
    this.#lostAtStart = stats.lost;
    this.#lossRunsAtStart = stats.lossRuns;
    this.#maxJitterMs = null;
    this.#maxDeltaMs = null;
  }
}

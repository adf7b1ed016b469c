/**
 * A receiver's jitter buffer, emulated on the capture clock to turn late packets into the discards a
 * real receiver would make (emodel.md §4.3): each packet is due at
 *
 *     playout = anchor arrival + (timestamp − anchor timestamp) / clock + buffer
 *
 * and one that arrives after its playout time is discarded. The anchor is set again at the start of
 * every talkspurt (marker bit), after a gap in arrivals of more than a second, after a timestamp jump
 * the clock can't explain, after an underrun (several discards in a row: the receiver resynchronises),
 * and (adaptive mode) every few seconds, where the adaptive buffer also takes its new size:
 * max(2 × jitter, packet time), kept within [20, 200] ms (the spec's recommendation). Between those
 * points the adaptive buffer grows by the lateness of each late packet (up to its maximum), as real
 * adaptive buffers stretch playout after a late packet; the fixed buffer keeps its configured size.
 */

import { timestampDelta } from './wrap.ts';

/** How the emulated receiver sizes its buffer. */
export type JitterBufferMode = 'fixed' | 'adaptive';

export interface JitterBufferOptions {
  /** 'adaptive' (default) or 'fixed'. */
  mode: JitterBufferMode;
  /** Buffer of the fixed mode, ms (default 60: typical of fixed enterprise phone buffers, 40-60 ms). */
  fixedDelayMs: number;
  /** Smallest adaptive buffer, ms (default 20). */
  adaptiveMinMs: number;
  /** Largest adaptive buffer, ms (default 200). */
  adaptiveMaxMs: number;
}

export const DEFAULT_JITTER_BUFFER: JitterBufferOptions = {
  mode: 'adaptive',
  fixedDelayMs: 60,
  adaptiveMinMs: 20,
  adaptiveMaxMs: 200,
};

/** Discards in a row after which the receiver is taken to resynchronise (an underrun). */
const UNDERRUN_DISCARDS = 5;
/** Arrival gap that ends the current playout schedule, ms. */
const RESYNC_GAP_MS = 1000;
/** The adaptive buffer re-anchors and resizes at least this often, ms (streams without talkspurts). */
const ADAPT_INTERVAL_MS = 5000;
/** A timestamp more than this far from the schedule (either way) re-anchors instead of counting, ms. */
const MAX_SCHEDULE_OFFSET_MS = 10_000;
const MS_PER_S = 1000;

export class JitterBufferEmulator {
  /** Packets discarded for arriving after their playout time. */
  discards = 0;
  /** Runs of consecutive discards (for the burst ratio). */
  discardRuns = 0;
  /** Current buffer size, ms (0 before the first audio packet). */
  delayMs = 0;
  #anchorArrivalMs = 0;
  #anchorTimestamp = 0;
  #lastArrivalMs = Number.NEGATIVE_INFINITY;
  #anchored = false;
  #lastDiscarded = false;
  #discardsInRow = 0;

  constructor(readonly options: JitterBufferOptions = DEFAULT_JITTER_BUFFER) {}

  /**
   * Plays one packet; returns true when it came too late and was discarded. Packets without a clock
   * rate (telephone-event, unknown types) and duplicates are not audio frames and are ignored.
   */
  add(
    timeMs: number,
    timestamp: number,
    marker: boolean,
    clockRateHz: number,
    jitterMs: number,
    packetTimeMs: number,
  ): boolean {
    if (clockRateHz <= 0) return false;
    const offsetTs = timestampDelta(this.#anchorTimestamp, timestamp);
    const scheduleMs = (offsetTs / clockRateHz) * MS_PER_S;
    const resync =
      !this.#anchored ||
      marker ||
      timeMs - this.#lastArrivalMs > RESYNC_GAP_MS ||
      Math.abs(scheduleMs - (timeMs - this.#anchorArrivalMs)) > MAX_SCHEDULE_OFFSET_MS ||
      (this.options.mode === 'adaptive' &&
        timeMs - this.#anchorArrivalMs > ADAPT_INTERVAL_MS &&
        scheduleMs >= 0);
    this.#lastArrivalMs = Math.max(this.#lastArrivalMs, timeMs);
    if (resync || this.#discardsInRow >= UNDERRUN_DISCARDS) {
      this.#anchor(timeMs, timestamp, jitterMs, packetTimeMs);
      this.#lastDiscarded = false;
      this.#discardsInRow = 0;
      return false;
    }
    const latenessMs = timeMs - (this.#anchorArrivalMs + scheduleMs + this.delayMs);
    const late = latenessMs > 0;
    if (late) {
      this.discards++;
      if (!this.#lastDiscarded) this.discardRuns++;
      this.#discardsInRow++;
      if (this.options.mode === 'adaptive') {
        this.delayMs = Math.min(this.options.adaptiveMaxMs, this.delayMs + latenessMs);
      }
    } else {
      this.#discardsInRow = 0;
    }
    this.#lastDiscarded = late;
    return late;
  }

  #anchor(timeMs: number, timestamp: number, jitterMs: number, packetTimeMs: number): void {
    const { mode, fixedDelayMs, adaptiveMinMs, adaptiveMaxMs } = this.options;
    this.delayMs =
      mode === 'fixed'
        ? fixedDelayMs
        : Math.min(adaptiveMaxMs, Math.max(adaptiveMinMs, 2 * jitterMs, packetTimeMs));
    this.#anchorArrivalMs = timeMs;
    this.#anchorTimestamp = timestamp;
    this.#anchored = true;
  }
}

/**
 * Per-stream history of per-second points for the timeline: a growable ring buffer of typed
 * arrays (x and five figures), so thousands of streams × an hour cost little and nothing is
 * allocated per point. Pure (no DOM).
 */

import type { StreamSecond } from '../../../shared/analysis.ts';

/** The figures a timeline can plot. */
export type SeriesMetric = 'mos' | 'rFactor' | 'jitterMs' | 'lossPercent' | 'rttMs';
export const SERIES_METRICS: readonly SeriesMetric[] = ['mos', 'rFactor', 'jitterMs', 'lossPercent', 'rttMs'];

/** Bits of a point's flags. */
export const FLAG_CAPTURE_LOSS = 1;
export const FLAG_SILENCE_HELD = 2;
export const FLAG_NO_MEDIA = 4;

/** Points kept per stream during a live capture. */
export const LIVE_HISTORY_POINTS = 3600;

/** The flags of a second as bits. */
export function flagBits(flags: readonly string[]): number {
  let bits = 0;
  for (const flag of flags) {
    if (flag === 'capture-loss') bits |= FLAG_CAPTURE_LOSS;
    else if (flag === 'silence-held') bits |= FLAG_SILENCE_HELD;
    else if (flag === 'no-media') bits |= FLAG_NO_MEDIA;
  }
  return bits;
}

const numberOr = (value: number | null): number => (value === null ? Number.NaN : value);

/** A point as chart.js takes it with `parsing: false`. */
export interface XY {
  x: number;
  y: number;
}

/**
 * A ring buffer of per-second points. `capacity` bounds it (oldest points dropped); storage grows
 * by doubling up to it, so short streams stay small.
 */
export class SeriesBuffer {
  readonly capacity: number;
  #x: Float64Array;
  #values: Record<SeriesMetric, Float32Array>;
  #flags: Uint8Array;
  /** Index of the oldest point in the storage. */
  #head = 0;
  #length = 0;
  /** `t` of the newest second, to replace rather than repeat it. */
  #lastT = Number.NaN;

  constructor(capacity: number, initialSize = 64) {
    this.capacity = Math.max(1, Math.floor(capacity));
    const size = Math.max(1, Math.min(this.capacity, initialSize));
    this.#x = new Float64Array(size);
    this.#values = {
      mos: new Float32Array(size),
      rFactor: new Float32Array(size),
      jitterMs: new Float32Array(size),
      lossPercent: new Float32Array(size),
      rttMs: new Float32Array(size),
    };
    this.#flags = new Uint8Array(size);
  }

  get length(): number {
    return this.#length;
  }

  #grow(): void {
    const size = Math.min(this.capacity, this.#x.length * 2);
    const copy = <A extends Float64Array | Float32Array | Uint8Array>(from: A, to: A): A => {
      for (let i = 0; i < this.#length; i++) to[i] = from[(this.#head + i) % from.length]!;
      return to;
    };
    this.#x = copy(this.#x, new Float64Array(size));
    for (const metric of SERIES_METRICS)
      this.#values[metric] = copy(this.#values[metric], new Float32Array(size));
    this.#flags = copy(this.#flags, new Uint8Array(size));
    this.#head = 0;
  }

  /** Adds a second at `x` (seconds since capture start); a second with the newest `t` replaces it. */
  push(second: StreamSecond, x: number): void {
    let slot: number;
    if (this.#length > 0 && second.t === this.#lastT) {
      slot = (this.#head + this.#length - 1) % this.#x.length;
    } else {
      if (this.#length === this.#x.length && this.#x.length < this.capacity) this.#grow();
      const size = this.#x.length;
      if (this.#length < size) {
        slot = (this.#head + this.#length) % size;
        this.#length++;
      } else {
        slot = this.#head;
        this.#head = (this.#head + 1) % size;
      }
    }
    this.#lastT = second.t;
    this.#x[slot] = x;
    this.#values.mos[slot] = numberOr(second.mos);
    this.#values.rFactor[slot] = numberOr(second.rFactor);
    this.#values.jitterMs[slot] = numberOr(second.jitterMs);
    this.#values.lossPercent[slot] = second.lossPercent;
    this.#values.rttMs[slot] = numberOr(second.rttMs);
    this.#flags[slot] = flagBits(second.qualityFlags);
  }

  #slot(index: number): number {
    return (this.#head + index) % this.#x.length;
  }

  /** x of the index-th oldest point. */
  x(index: number): number {
    return this.#x[this.#slot(index)]!;
  }

  /** A figure of the index-th oldest point; NaN when it had none. */
  value(metric: SeriesMetric, index: number): number {
    return this.#values[metric][this.#slot(index)]!;
  }

  flags(index: number): number {
    return this.#flags[this.#slot(index)]!;
  }

  /** First index whose x ≥ `x` (binary search; x grows with the index). */
  lowerBound(x: number): number {
    let lo = 0;
    let hi = this.#length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.x(mid) < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First index whose x > `x`. */
  upperBound(x: number): number {
    let lo = 0;
    let hi = this.#length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.x(mid) <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * The points of `metric` with from ≤ x ≤ to, plus one neighbour each side so lines reach the
   * edges; NaN y (no figure) leaves a gap.
   */
  points(metric: SeriesMetric, from = Number.NEGATIVE_INFINITY, to = Number.POSITIVE_INFINITY): XY[] {
    const start = Math.max(0, this.lowerBound(from) - 1);
    const end = Math.min(this.#length, this.upperBound(to) + 1);
    const out: XY[] = [];
    for (let i = start; i < end; i++) out.push({ x: this.x(i), y: this.value(metric, i) });
    return out;
  }

  /** x of the oldest and newest point, or null when empty. */
  range(): { first: number; last: number } | null {
    if (this.#length === 0) return null;
    return { first: this.x(0), last: this.x(this.#length - 1) };
  }
}

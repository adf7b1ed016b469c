/**
 * What a live capture leaves behind second by second: per stream, the bounded point history for
 * the timeline, running means for the table's "overall" figures (the snapshot only carries the
 * current second and totals), and events (codec change, end). Mutated in place once per snapshot;
 * `version` counts the changes. Pure (no DOM).
 */

import type { LiveSnapshot } from '../../../shared/snapshot.ts';
import { LIVE_HISTORY_POINTS, SeriesBuffer } from './history.ts';

/** An event on a stream's timeline, x in seconds since capture start. */
export interface TimelineEvent {
  x: number;
  kind: 'start' | 'end' | 'codec';
  label: string;
}

/** A mean kept as sum and count. */
export interface RunningMean {
  sum: number;
  count: number;
}

const addTo = (mean: RunningMean, value: number | null) => {
  if (value === null || Number.isNaN(value)) return;
  mean.sum += value;
  mean.count++;
};

/** The mean, or null before the first value. */
export const meanOf = (mean: RunningMean): number | null => (mean.count === 0 ? null : mean.sum / mean.count);

/** One stream's live history. */
export interface LiveTrack {
  id: number;
  /**
   * Seconds since capture start of the stream's first packet (its second t = 0), estimated when
   * the stream's first closed second appeared: elapsed − (t + 1), within a second of the truth.
   */
  offset: number;
  buffer: SeriesBuffer;
  codec: string | null;
  ended: boolean;
  /** `t` of the newest second seen. */
  lastT: number;
  mos: RunningMean;
  rFactor: RunningMean;
  jitterMs: RunningMean;
  /** Codec changes and the end (the start is the first point). */
  events: TimelineEvent[];
}

export class LiveHistory {
  readonly tracks = new Map<number, LiveTrack>();
  /** Bumped on every ingest. */
  version = 0;
  /** Newest elapsedSeconds seen. */
  elapsedSeconds = 0;

  constructor(readonly capacity = LIVE_HISTORY_POINTS) {}

  /** Takes in one snapshot. */
  ingest(snapshot: LiveSnapshot): void {
    this.version++;
    const elapsed = Number.isFinite(snapshot.elapsedSeconds) ? snapshot.elapsedSeconds : 0;
    this.elapsedSeconds = Math.max(this.elapsedSeconds, elapsed);
    for (const stream of snapshot.streams) {
      const second = stream.second;
      let track = this.tracks.get(stream.id);
      if (track === undefined) {
        if (second === null) continue;
        track = {
          id: stream.id,
          offset: Math.max(0, elapsed - (second.t + 1)),
          buffer: new SeriesBuffer(this.capacity),
          codec: stream.codec,
          ended: false,
          lastT: Number.NaN,
          mos: { sum: 0, count: 0 },
          rFactor: { sum: 0, count: 0 },
          jitterMs: { sum: 0, count: 0 },
          events: [],
        };
        this.tracks.set(stream.id, track);
      }
      if (second !== null) {
        const x = track.offset + second.t;
        if (second.t !== track.lastT) {
          addTo(track.mos, second.mos);
          addTo(track.rFactor, second.rFactor);
          addTo(track.jitterMs, second.jitterMs);
        }
        track.buffer.push(second, x);
        track.lastT = second.t;
      }
      if (stream.codec !== track.codec) {
        const x = second === null ? elapsed : track.offset + second.t;
        track.events.push({ x, kind: 'codec', label: `${track.codec ?? '?'} → ${stream.codec ?? '?'}` });
        track.codec = stream.codec;
      }
      if (stream.ended && !track.ended) {
        track.ended = true;
        const range = track.buffer.range();
        track.events.push({ x: range === null ? elapsed : range.last + 1, kind: 'end', label: 'end' });
      }
    }
  }
}

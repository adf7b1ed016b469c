/**
 * The timeline's series for selected streams: from the report (its `seconds`, x = the stream's
 * start within the capture + t), or from the live history. Pure (no DOM).
 */

import type { AnalysisReport, StreamReport } from '../../../shared/analysis.ts';
import { isoToSeconds } from '../lib/format.ts';
import { SeriesBuffer } from './history.ts';
import type { LiveHistory, TimelineEvent } from './live-history.ts';

export interface TimelineSeries {
  id: number;
  /** Legend text. */
  label: string;
  buffer: SeriesBuffer;
  /** start, end, codec/PT changes. */
  events: TimelineEvent[];
}

interface ReportTrack {
  buffer: SeriesBuffer;
  events: TimelineEvent[];
}

const reportCache = new WeakMap<AnalysisReport, Map<number, ReportTrack>>();

const seriesLabel = (stream: { src: string; dst: string; ssrc: string }) =>
  `${stream.src} → ${stream.dst} ${stream.ssrc}`;

/** Payload types as `0 (PCMU) → 101 (telephone-event)`. */
export function payloadTypeList(stream: Pick<StreamReport, 'payloadTypes' | 'payloadNames'>): string {
  return stream.payloadTypes
    .map((pt, i) => {
      const name = stream.payloadNames[i];
      return name === null || name === undefined ? `${pt}` : `${pt} (${name})`;
    })
    .join(' → ');
}

function reportTrack(report: AnalysisReport, stream: StreamReport): ReportTrack {
  let tracks = reportCache.get(report);
  if (tracks === undefined) {
    tracks = new Map();
    reportCache.set(report, tracks);
  }
  const cached = tracks.get(stream.id);
  if (cached !== undefined) return cached;
  const captureStart = isoToSeconds(report.firstTime);
  const streamStart = isoToSeconds(stream.firstTime);
  const offset = captureStart === null || streamStart === null ? 0 : Math.max(0, streamStart - captureStart);
  const buffer = new SeriesBuffer(Math.max(1, stream.seconds.length), Math.max(1, stream.seconds.length));
  for (const second of stream.seconds) buffer.push(second, offset + second.t);
  const events: TimelineEvent[] = [{ x: offset, kind: 'start', label: 'start' }];
  // The report lists the payload types seen but not when they changed: named at the start.
  if (stream.payloadTypes.length > 1)
    events.push({ x: offset, kind: 'codec', label: `PT ${payloadTypeList(stream)}` });
  events.push({ x: offset + stream.durationSeconds, kind: 'end', label: 'end' });
  const track = { buffer, events };
  tracks.set(stream.id, track);
  return track;
}

/** Series of the given streams that have data (report first, else live). */
export function timelineSeries(
  ids: readonly number[],
  report: AnalysisReport | null,
  live: LiveHistory,
  snapshotStreams: readonly { id: number; src: string; dst: string; ssrc: string }[] = [],
): TimelineSeries[] {
  const out: TimelineSeries[] = [];
  for (const id of ids) {
    const liveTrack = live.tracks.get(id);
    if (report !== null) {
      const stream = report.streams.find((candidate) => candidate.id === id);
      if (stream === undefined) continue;
      const track = reportTrack(report, stream);
      // Codec changes a live capture saw (the report can't place them in time).
      const liveCodec = liveTrack?.events.filter((event) => event.kind === 'codec') ?? [];
      out.push({
        id,
        label: seriesLabel(stream),
        buffer: track.buffer,
        events: [...track.events, ...liveCodec],
      });
    } else if (liveTrack !== undefined) {
      const stream = snapshotStreams.find((candidate) => candidate.id === id);
      const range = liveTrack.buffer.range();
      const start: TimelineEvent[] =
        range === null ? [] : [{ x: liveTrack.offset, kind: 'start', label: 'start' }];
      out.push({
        id,
        label: stream === undefined ? `stream ${id}` : seriesLabel(stream),
        buffer: liveTrack.buffer,
        events: [...start, ...liveTrack.events],
      });
    }
  }
  return out;
}

/** The x extent of some series: [first, last + 1], or null when empty. */
export function seriesExtent(series: readonly TimelineSeries[]): { min: number; max: number } | null {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const s of series) {
    const range = s.buffer.range();
    if (range === null) continue;
    min = Math.min(min, range.first);
    max = Math.max(max, range.last + 1);
  }
  return min === Number.POSITIVE_INFINITY ? null : { min, max };
}

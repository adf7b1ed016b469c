/**
 * The timeline's arithmetic: visible window, threshold bands, flagged spans, what is drawn.
 * Pure (no DOM, no chart.js), so the unit tests import it.
 */

import type { QualityLevel } from '../../../shared/quality-levels.ts';
import { METRIC_DIRECTION, type Thresholds } from '../../../shared/thresholds.ts';
import type { SeriesBuffer, SeriesMetric, XY } from './history.ts';

/** Metrics the timeline offers. */
export type TimelineMetric = Exclude<SeriesMetric, 'rFactor'>;

export const TIMELINE_METRICS: readonly { metric: TimelineMetric; label: string; unit: string }[] = [
  { metric: 'mos', label: 'MOS', unit: '' },
  { metric: 'jitterMs', label: 'Jitter', unit: 'ms' },
  { metric: 'lossPercent', label: 'Loss', unit: '%' },
  { metric: 'rttMs', label: 'RTT', unit: 'ms' },
];

/** Window choices, seconds (null: the whole capture). */
export const WINDOW_CHOICES: readonly { seconds: number | null; label: string }[] = [
  { seconds: 60, label: '1 min' },
  { seconds: 300, label: '5 min' },
  { seconds: 900, label: '15 min' },
  { seconds: 3600, label: '1 h' },
  { seconds: null, label: 'All' },
];

/** The live window: the last five minutes. */
export const LIVE_WINDOW_SECONDS = 300;

export interface Range {
  min: number;
  max: number;
}

/**
 * The x range to show. `windowSeconds` null shows everything; otherwise a window of that width
 * ending at `end` (null: following the newest data), kept within the data where it can be.
 */
export function visibleRange(extent: Range | null, windowSeconds: number | null, end: number | null): Range {
  if (extent === null) return { min: 0, max: windowSeconds ?? 60 };
  if (windowSeconds === null) return { min: extent.min, max: Math.max(extent.max, extent.min + 1) };
  const lowest = Math.max(0, extent.min);
  if (extent.max - lowest <= windowSeconds) return { min: lowest, max: lowest + windowSeconds };
  const max = end === null ? extent.max : Math.min(extent.max, Math.max(lowest + windowSeconds, end));
  return { min: max - windowSeconds, max };
}

/** A horizontal band of one level, in the metric's unit (±Infinity open-ended). */
export interface Band {
  level: QualityLevel;
  from: number;
  to: number;
}

/** The five level bands of a metric with the user's thresholds. */
export function thresholdBands(metric: TimelineMetric, thresholds: Readonly<Thresholds>): Band[] {
  const b = thresholds[metric];
  const inf = Number.POSITIVE_INFINITY;
  if (METRIC_DIRECTION[metric] === 'higher-is-better') {
    return [
      { level: 'good', from: b.good, to: inf },
      { level: 'warning', from: b.warning, to: b.good },
      { level: 'fair', from: b.fair, to: b.warning },
      { level: 'poor', from: b.poor, to: b.fair },
      { level: 'critical', from: -inf, to: b.poor },
    ];
  }
  return [
    { level: 'good', from: -inf, to: b.good },
    { level: 'warning', from: b.good, to: b.warning },
    { level: 'fair', from: b.warning, to: b.fair },
    { level: 'poor', from: b.fair, to: b.poor },
    { level: 'critical', from: b.poor, to: inf },
  ];
}

/** The y axis of a metric: fixed for MOS, from 0 with room up to the fair boundary otherwise. */
export function yAxisOf(
  metric: TimelineMetric,
  thresholds: Readonly<Thresholds>,
): { min: number; max?: number; suggestedMax?: number } {
  switch (metric) {
    case 'mos':
      return { min: 1, max: 4.5 };
    case 'lossPercent':
      return { min: 0, suggestedMax: thresholds.lossPercent.fair };
    default:
      return { min: 0, suggestedMax: thresholds[metric].fair };
  }
}

/** Runs of seconds with a flag bit, as [start, end) in x, within [from, to]. */
export function flaggedSpans(buffer: SeriesBuffer, bit: number, from: number, to: number): Range[] {
  const spans: Range[] = [];
  const start = Math.max(0, buffer.lowerBound(from) - 1);
  for (let i = start; i < buffer.length; i++) {
    const x = buffer.x(i);
    if (x > to) break;
    if ((buffer.flags(i) & bit) === 0) continue;
    const last = spans[spans.length - 1];
    if (last !== undefined && x <= last.max + 0.5) last.max = x + 1;
    else spans.push({ min: x, max: x + 1 });
  }
  return spans;
}

/** Points a dataset draws within a range: finite y and x inside it. */
export function drawnPoints(points: readonly XY[], range: Range): number {
  let n = 0;
  for (const p of points) if (p.x >= range.min && p.x <= range.max && Number.isFinite(p.y)) n++;
  return n;
}

/** Line colours of up to ten series (distinct from the level colours). */
export const SERIES_COLORS = [
  '#1f77b4',
  '#d62728',
  '#17becf',
  '#ff7f0e',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#2ca02c',
] as const;

/**
 * Thresholds between quality levels, as data a user can change. Each metric has four boundaries
 * (good, warning, fair, poor); beyond `poor` is critical. For MOS and R higher is better (a boundary
 * is the lowest value of its level); for jitter, loss and RTT lower is better (a boundary is the
 * highest value of its level).
 */

import type { QualityLevel } from './quality-levels.ts';

/** Four boundaries of one metric, in the metric's unit. */
export interface LevelBoundaries {
  /** Good up to (lower-is-better) / from (higher-is-better) this value. */
  good: number;
  /** Warning up to / from this value. */
  warning: number;
  /** Fair up to / from this value. */
  fair: number;
  /** Poor up to / from this value; beyond it: critical. */
  poor: number;
}

/** Thresholds for every metric that gets a quality level. */
export interface Thresholds {
  /** MOS (1 … 4.5), higher is better. */
  mos: LevelBoundaries;
  /** R factor on the narrowband scale (0 … 100; wideband R / 1.29), higher is better. */
  rFactor: LevelBoundaries;
  /** Interarrival jitter, ms, lower is better. */
  jitterMs: LevelBoundaries;
  /** Packet loss, percent (0 … 100), lower is better. */
  lossPercent: LevelBoundaries;
  /** Round-trip time, ms, lower is better. */
  rttMs: LevelBoundaries;
}

/** A metric with thresholds. */
export type ThresholdMetric = keyof Thresholds;

/** Whether a bigger value of the metric is better. */
export const METRIC_DIRECTION: Readonly<Record<ThresholdMetric, 'higher-is-better' | 'lower-is-better'>> =
  Object.freeze({
    mos: 'higher-is-better',
    rFactor: 'higher-is-better',
    jitterMs: 'lower-is-better',
    lossPercent: 'lower-is-better',
    rttMs: 'lower-is-better',
  });

/**
 * Default thresholds and where they come from:
 * - mos 4.0 / 3.5 / 3.0 / 2.5: the product's levels (≈ the G.109 bands at R 80/70/60/50, whose MOS
 *   equivalents are 4.03 / 3.60 / 3.10 / 2.58, rounded down to half points).
 * - rFactor 80 / 70 / 60 / 50: ITU-T G.109 user satisfaction (satisfied / some / many / nearly all
 *   users dissatisfied; < 50 not recommended), spec 1.8.
 * - jitterMs 20 / 30 / 50 / 100: with the spec's jitter-buffer assumption (2·J, 4.2) that is a
 *   buffer of 40 / 60 ms (typical fixed buffers 40–60 ms), 100 ms (50 ms jitter = ITU-T Y.1541 IPDV
 *   objective of QoS classes 0/1) and 200 ms (the assumption's upper clamp).
 * - lossPercent 1 / 2 / 5 / 10: G.711+PLC random loss costs 3.6 / 7.0 / 15.8 / 27.1 R points
 *   (G.107 §7.5 with Bpl 25.1); G.729A costs more. ITU-T Y.1541 classes 0/1 target 0.1 %.
 * - rttMs 200 / 300 / 500 / 800: one-way network delay RTT/2 of 100 ms leaves ≈ 50 ms for codec and
 *   jitter buffer within ITU-T G.114's 150 ms mouth-to-ear "acceptable for most applications";
 *   150 ms one-way is that budget spent on the network alone; 400 ms one-way is G.114's limit for
 *   general network planning; 500 ms (250 ms one-way) lies between.
 */
export const DEFAULT_THRESHOLDS: Readonly<Thresholds> = Object.freeze({
  mos: Object.freeze({ good: 4.0, warning: 3.5, fair: 3.0, poor: 2.5 }),
  rFactor: Object.freeze({ good: 80, warning: 70, fair: 60, poor: 50 }),
  jitterMs: Object.freeze({ good: 20, warning: 30, fair: 50, poor: 100 }),
  lossPercent: Object.freeze({ good: 1, warning: 2, fair: 5, poor: 10 }),
  rttMs: Object.freeze({ good: 200, warning: 300, fair: 500, poor: 800 }),
});

const ORDERED_LEVELS = ['good', 'warning', 'fair', 'poor'] as const;

/**
 * The quality level of a value. Higher-is-better metrics (mos, rFactor): value ≥ good → 'good',
 * ≥ warning → 'warning', ≥ fair → 'fair', ≥ poor → 'poor', else 'critical'. Lower-is-better metrics
 * (jitterMs, lossPercent, rttMs): value ≤ good → 'good', … , > poor → 'critical'. A value on a
 * boundary belongs to the better level. NaN throws RangeError; ±Infinity are valid.
 */
export function levelOf(
  metric: ThresholdMetric,
  value: number,
  thresholds: Readonly<Thresholds> = DEFAULT_THRESHOLDS,
): QualityLevel {
  if (Number.isNaN(value)) throw new RangeError(`${metric}: cannot rate NaN`);
  const bounds = thresholds[metric];
  const higherIsBetter = METRIC_DIRECTION[metric] === 'higher-is-better';
  for (const level of ORDERED_LEVELS) {
    if (higherIsBetter ? value >= bounds[level] : value <= bounds[level]) return level;
  }
  return 'critical';
}

/**
 * Problems with user-edited thresholds (empty when valid): every boundary finite and ordered
 * good > warning > fair > poor (higher-is-better) or good < warning < fair < poor (lower-is-better).
 */
export function validateThresholds(thresholds: Readonly<Thresholds>): string[] {
  const problems: string[] = [];
  for (const metric of Object.keys(METRIC_DIRECTION) as ThresholdMetric[]) {
    const bounds = thresholds[metric];
    const values = ORDERED_LEVELS.map((level) => bounds[level]);
    if (!values.every((v) => Number.isFinite(v))) {
      problems.push(`${metric}: every boundary must be a finite number`);
      continue;
    }
    const higherIsBetter = METRIC_DIRECTION[metric] === 'higher-is-better';
    for (let i = 1; i < values.length; i++) {
      const previous = values[i - 1]!;
      const current = values[i]!;
      if (higherIsBetter ? !(current < previous) : !(current > previous)) {
        problems.push(
          `${metric}: ${ORDERED_LEVELS[i]} (${current}) must be ${higherIsBetter ? 'below' : 'above'} ` +
            `${ORDERED_LEVELS[i - 1]} (${previous})`,
        );
      }
    }
  }
  return problems;
}

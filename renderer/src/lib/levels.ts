/**
 * Quality levels of figures with the user's thresholds, as CSS classes. Pure (no DOM).
 */

import type { QualityLevel } from '../../../shared/quality-levels.ts';
import { levelOf, type ThresholdMetric, type Thresholds } from '../../../shared/thresholds.ts';

/** Wideband R (G.107.1, 0 … 129) divided by this is on the narrowband scale the thresholds use. */
export const WIDEBAND_R_FACTOR = 1.29;

/** Which E-model scale an R or MOS is on. */
export type Scale = 'narrowband' | 'wideband' | null;

/** An R on the scale the rFactor thresholds are written in (narrowband: wideband R / 1.29). */
export function rOnThresholdScale(r: number, scale: Scale): number {
  return scale === 'wideband' ? r / WIDEBAND_R_FACTOR : r;
}

/**
 * The level of a figure, or null when there is no figure (null, undefined, NaN). R is taken on
 * `scale` and compared with the narrowband thresholds.
 */
export function levelFor(
  metric: ThresholdMetric,
  value: number | null | undefined,
  thresholds: Readonly<Thresholds>,
  scale: Scale = null,
): QualityLevel | null {
  if (value === null || value === undefined || Number.isNaN(value)) return null;
  return levelOf(metric, metric === 'rFactor' ? rOnThresholdScale(value, scale) : value, thresholds);
}

/** `level-good` … `level-critical`, or '' for no level. */
export function levelClass(level: QualityLevel | null): string {
  return level === null ? '' : `level-${level}`;
}

/** The class of a figure by its level: shorthand for levelClass(levelFor(...)). */
export function figureClass(
  metric: ThresholdMetric,
  value: number | null | undefined,
  thresholds: Readonly<Thresholds>,
  scale: Scale = null,
): string {
  return levelClass(levelFor(metric, value, thresholds, scale));
}

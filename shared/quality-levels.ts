/**
 * Quality levels shown for a metric (good … critical, with a label and a colour token), and the
 * descriptive ITU names of a rating (Excellent … Bad, G.109 user satisfaction). Which value falls in
 * which level is data: see thresholds.ts (DEFAULT_THRESHOLDS, levelOf).
 */

import { rToMos } from './emodel/mos.ts';

/** The five levels, best first. */
export type QualityLevel = 'good' | 'warning' | 'fair' | 'poor' | 'critical';

/** How a level is shown. */
export interface QualityLevelInfo {
  /** The level. */
  readonly level: QualityLevel;
  /** Short label for tables and badges. */
  readonly label: string;
  /** Design token the renderer maps to a colour (CSS custom property name without `--`). */
  readonly colorToken: string;
  /** Suggested colour for the token (CSS hex), for sinks without a theme (CLI, CSV, reports). */
  readonly defaultColor: string;
  /** 0 = best … 4 = worst. */
  readonly rank: number;
  /** What the level means for MOS with the default thresholds. */
  readonly description: string;
}

/** The levels, best first (index = rank). MOS ranges are those of DEFAULT_THRESHOLDS.mos. */
export const QUALITY_LEVELS: readonly QualityLevelInfo[] = Object.freeze([
  {
    level: 'good',
    label: 'Good',
    colorToken: 'quality-good',
    defaultColor: '#2e7d32',
    rank: 0,
    description: 'MOS ≥ 4.0: users satisfied',
  },
  {
    level: 'warning',
    label: 'Warning',
    colorToken: 'quality-warning',
    defaultColor: '#9e9d24',
    rank: 1,
    description: 'MOS 3.5 – 4.0: some users dissatisfied',
  },
  {
    level: 'fair',
    label: 'Fair',
    colorToken: 'quality-fair',
    defaultColor: '#ef6c00',
    rank: 2,
    description: 'MOS 3.0 – 3.5: many users dissatisfied',
  },
  {
    level: 'poor',
    label: 'Poor',
    colorToken: 'quality-poor',
    defaultColor: '#c62828',
    rank: 3,
    description: 'MOS 2.5 – 3.0: nearly all users dissatisfied',
  },
  {
    level: 'critical',
    label: 'Critical',
    colorToken: 'quality-critical',
    defaultColor: '#6a1b9a',
    rank: 4,
    description: 'MOS < 2.5: not acceptable',
  },
] satisfies QualityLevelInfo[]);

/** The display information of a level. */
export function qualityLevelInfo(level: QualityLevel): QualityLevelInfo {
  const info = QUALITY_LEVELS.find((candidate) => candidate.level === level);
  if (info === undefined) throw new RangeError(`unknown quality level '${String(level)}'`);
  return info;
}

/** The worst of several levels (e.g. a call's level from its streams); 'good' for none. */
export function worstLevel(levels: Iterable<QualityLevel>): QualityLevel {
  let worst = QUALITY_LEVELS[0]!;
  for (const level of levels) {
    const info = qualityLevelInfo(level);
    if (info.rank > worst.rank) worst = info;
  }
  return worst.level;
}

/** ITU descriptive name of a rating (P.800 ACR words, bands from G.109). */
export type RatingName = 'Excellent' | 'Good' | 'Fair' | 'Poor' | 'Bad';

/** G.109 categories of user satisfaction (spec 1.8). */
export type UserSatisfaction =
  | 'very satisfied'
  | 'satisfied'
  | 'some users dissatisfied'
  | 'many users dissatisfied'
  | 'nearly all users dissatisfied'
  | 'not recommended';

/**
 * Lower R bounds (narrowband scale) of the G.109 satisfaction categories (spec 1.8): R ≥ 90 very
 * satisfied, 80–90 satisfied, 70–80 some users dissatisfied, 60–70 many, 50–60 nearly all, < 50 not
 * recommended.
 */
export const G109_R_BOUNDS = Object.freeze({
  verySatisfied: 90,
  satisfied: 80,
  someDissatisfied: 70,
  manyDissatisfied: 60,
  nearlyAllDissatisfied: 50,
});

/**
 * The same bounds as MOS through G.107 Annex B: 4.34, 4.03, 3.60, 3.10, 2.58 (rounded; the values
 * here are exact), as OpenBACH's estimate_user_satisfaction uses them (spec 1.8).
 */
export const G109_MOS_BOUNDS = Object.freeze({
  verySatisfied: rToMos(G109_R_BOUNDS.verySatisfied),
  satisfied: rToMos(G109_R_BOUNDS.satisfied),
  someDissatisfied: rToMos(G109_R_BOUNDS.someDissatisfied),
  manyDissatisfied: rToMos(G109_R_BOUNDS.manyDissatisfied),
  nearlyAllDissatisfied: rToMos(G109_R_BOUNDS.nearlyAllDissatisfied),
});

/** A rating described in words. */
export interface RatingDescription {
  /** Excellent (very satisfied), Good (satisfied), Fair (some dissatisfied), Poor (many), Bad (below). */
  name: RatingName;
  /** The G.109 category. */
  satisfaction: UserSatisfaction;
}

/** Lower bounds of the G.109 categories, on the R or the MOS scale. */
type Bounds = Readonly<Record<keyof typeof G109_R_BOUNDS, number>>;

function describe(value: number, bounds: Bounds): RatingDescription {
  if (Number.isNaN(value)) throw new RangeError('cannot describe NaN');
  if (value >= bounds.verySatisfied) return { name: 'Excellent', satisfaction: 'very satisfied' };
  if (value >= bounds.satisfied) return { name: 'Good', satisfaction: 'satisfied' };
  if (value >= bounds.someDissatisfied) return { name: 'Fair', satisfaction: 'some users dissatisfied' };
  if (value >= bounds.manyDissatisfied) return { name: 'Poor', satisfaction: 'many users dissatisfied' };
  if (value >= bounds.nearlyAllDissatisfied)
    return { name: 'Bad', satisfaction: 'nearly all users dissatisfied' };
  return { name: 'Bad', satisfaction: 'not recommended' };
}

/**
 * Words for a narrowband R (G.109): Excellent ≥ 90, Good ≥ 80, Fair ≥ 70, Poor ≥ 60, Bad below
 * (50–60 "nearly all users dissatisfied", < 50 "not recommended"). For a wideband R divide by 1.29
 * first (wideband.ts toNarrowbandScale).
 */
export function describeR(r: number): RatingDescription {
  return describe(r, G109_R_BOUNDS);
}

/** Words for a MOS, with the G.109 bounds mapped to MOS by Annex B ({@link G109_MOS_BOUNDS}). */
export function describeMos(mos: number): RatingDescription {
  return describe(mos, G109_MOS_BOUNDS);
}

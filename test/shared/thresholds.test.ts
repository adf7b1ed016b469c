import { describe, expect, it } from 'vitest';
import { mosToR } from '../../shared/emodel/mos.ts';
import {
  DEFAULT_THRESHOLDS,
  levelOf,
  METRIC_DIRECTION,
  type Thresholds,
  validateThresholds,
} from '../../shared/thresholds.ts';

describe('DEFAULT_THRESHOLDS', () => {
  it('has the product MOS levels 4.0 / 3.5 / 3.0 / 2.5 and the G.109 R bounds 80 / 70 / 60 / 50', () => {
    expect(DEFAULT_THRESHOLDS.mos).toEqual({ good: 4.0, warning: 3.5, fair: 3.0, poor: 2.5 });
    expect(DEFAULT_THRESHOLDS.rFactor).toEqual({ good: 80, warning: 70, fair: 60, poor: 50 });
  });

  it('MOS and R bounds are close (within 2.1 R points)', () => {
    for (const level of ['good', 'warning', 'fair', 'poor'] as const) {
      expect(
        Math.abs(mosToR(DEFAULT_THRESHOLDS.mos[level]) - DEFAULT_THRESHOLDS.rFactor[level]),
      ).toBeLessThan(2.1);
    }
  });

  it('is valid and frozen', () => {
    expect(validateThresholds(DEFAULT_THRESHOLDS)).toEqual([]);
    expect(Object.isFrozen(DEFAULT_THRESHOLDS)).toBe(true);
    expect(Object.isFrozen(DEFAULT_THRESHOLDS.mos)).toBe(true);
  });

  it('knows the direction of every metric', () => {
    expect(METRIC_DIRECTION).toEqual({
      mos: 'higher-is-better',
      rFactor: 'higher-is-better',
      jitterMs: 'lower-is-better',
      lossPercent: 'lower-is-better',
      rttMs: 'lower-is-better',
    });
  });
});

describe('levelOf', () => {
  it.each([
    [4.5, 'good'],
    [4.0, 'good'],
    [3.99, 'warning'],
    [3.5, 'warning'],
    [3.2, 'fair'],
    [3.0, 'fair'],
    [2.7, 'poor'],
    [2.5, 'poor'],
    [2.49, 'critical'],
    [1, 'critical'],
  ])('MOS %d → %s (higher is better, a boundary belongs to the better level)', (mos, level) => {
    expect(levelOf('mos', mos)).toBe(level);
  });

  it.each([
    [93.2, 'good'],
    [80, 'good'],
    [75, 'warning'],
    [65, 'fair'],
    [55, 'poor'],
    [-5, 'critical'],
  ])('R %d → %s', (r, level) => {
    expect(levelOf('rFactor', r)).toBe(level);
  });

  it.each([
    ['jitterMs', 0, 'good'],
    ['jitterMs', 20, 'good'],
    ['jitterMs', 25, 'warning'],
    ['jitterMs', 50, 'fair'],
    ['jitterMs', 80, 'poor'],
    ['jitterMs', 101, 'critical'],
    ['lossPercent', 0, 'good'],
    ['lossPercent', 1, 'good'],
    ['lossPercent', 1.5, 'warning'],
    ['lossPercent', 4, 'fair'],
    ['lossPercent', 10, 'poor'],
    ['lossPercent', 100, 'critical'],
    ['rttMs', 150, 'good'],
    ['rttMs', 250, 'warning'],
    ['rttMs', 450, 'fair'],
    ['rttMs', 800, 'poor'],
    ['rttMs', Number.POSITIVE_INFINITY, 'critical'],
  ] as const)('%s %d → %s (lower is better)', (metric, value, level) => {
    expect(levelOf(metric, value)).toBe(level);
  });

  it('uses thresholds given by the user', () => {
    const strict: Thresholds = {
      ...DEFAULT_THRESHOLDS,
      lossPercent: { good: 0.1, warning: 0.5, fair: 1, poor: 2 },
    };
    expect(levelOf('lossPercent', 0.8, strict)).toBe('fair');
    expect(levelOf('lossPercent', 0.8)).toBe('good');
  });

  it('rejects NaN', () => {
    expect(() => levelOf('mos', Number.NaN)).toThrow(RangeError);
  });
});

describe('validateThresholds', () => {
  it('reports unordered and non-finite boundaries', () => {
    const bad: Thresholds = {
      ...DEFAULT_THRESHOLDS,
      mos: { good: 3.5, warning: 4.0, fair: 3.0, poor: 2.5 },
      rttMs: { good: 200, warning: Number.NaN, fair: 500, poor: 800 },
      jitterMs: { good: 20, warning: 20, fair: 50, poor: 100 },
    };
    const problems = validateThresholds(bad);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^mos: warning \(4\) must be below good \(3\.5\)/);
    expect(problems.some((p) => p.startsWith('rttMs: every boundary'))).toBe(true);
    expect(problems.some((p) => p.startsWith('jitterMs: warning (20) must be above good (20)'))).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { figureClass, levelClass, levelFor, rOnThresholdScale } from '../../renderer/src/lib/levels.ts';
import { DEFAULT_THRESHOLDS } from '../../shared/thresholds.ts';

describe('level classes', () => {
  it('maps each level to its class and no figure to none', () => {
    expect(figureClass('mos', 4.2, DEFAULT_THRESHOLDS)).toBe('level-good');
    expect(figureClass('mos', 4.0, DEFAULT_THRESHOLDS)).toBe('level-good');
    expect(figureClass('mos', 3.99, DEFAULT_THRESHOLDS)).toBe('level-warning');
    expect(figureClass('mos', 2.49, DEFAULT_THRESHOLDS)).toBe('level-critical');
    expect(figureClass('jitterMs', 20, DEFAULT_THRESHOLDS)).toBe('level-good');
    expect(figureClass('lossPercent', 5.1, DEFAULT_THRESHOLDS)).toBe('level-poor');
    expect(figureClass('rttMs', 900, DEFAULT_THRESHOLDS)).toBe('level-critical');
    expect(figureClass('mos', null, DEFAULT_THRESHOLDS)).toBe('');
    expect(figureClass('mos', Number.NaN, DEFAULT_THRESHOLDS)).toBe('');
    expect(levelClass(null)).toBe('');
  });

  it('uses the user’s thresholds', () => {
    const strict = { ...DEFAULT_THRESHOLDS, mos: { good: 4.3, warning: 4.0, fair: 3.6, poor: 3.1 } };
    expect(levelFor('mos', 4.2, strict)).toBe('warning');
  });

  it('rates a wideband R on the narrowband scale', () => {
    expect(rOnThresholdScale(103.2, 'wideband')).toBeCloseTo(80, 5);
    expect(levelFor('rFactor', 103.2, DEFAULT_THRESHOLDS, 'wideband')).toBe('good');
    expect(levelFor('rFactor', 100, DEFAULT_THRESHOLDS, 'wideband')).toBe('warning');
    expect(levelFor('rFactor', 100, DEFAULT_THRESHOLDS, 'narrowband')).toBe('good');
  });
});

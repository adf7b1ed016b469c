import { describe, expect, it } from 'vitest';
import {
  describeMos,
  describeR,
  G109_MOS_BOUNDS,
  G109_R_BOUNDS,
  QUALITY_LEVELS,
  qualityLevelInfo,
  worstLevel,
} from '../../shared/quality-levels.ts';

describe('quality levels', () => {
  it('are five, best first, each with a label and a colour token', () => {
    expect(QUALITY_LEVELS.map((info) => info.level)).toEqual(['good', 'warning', 'fair', 'poor', 'critical']);
    QUALITY_LEVELS.forEach((info, index) => {
      expect(info.rank).toBe(index);
      expect(info.label).toMatch(/^[A-Z]/);
      expect(info.colorToken).toBe(`quality-${info.level}`);
      expect(info.defaultColor).toMatch(/^#[0-9a-f]{6}$/);
    });
    expect(new Set(QUALITY_LEVELS.map((info) => info.defaultColor)).size).toBe(5);
  });

  it('looks up a level and finds the worst of several', () => {
    expect(qualityLevelInfo('fair').label).toBe('Fair');
    expect(() => qualityLevelInfo('bogus' as never)).toThrow(RangeError);
    expect(worstLevel(['good', 'poor', 'warning'])).toBe('poor');
    expect(worstLevel([])).toBe('good');
    expect(worstLevel(['critical', 'good'])).toBe('critical');
  });
});

describe('descriptive names (G.109 bands)', () => {
  it('has the spec MOS equivalents 4.34 / 4.03 / 3.60 / 3.10 / 2.58 of R 90 / 80 / 70 / 60 / 50', () => {
    expect(G109_R_BOUNDS).toEqual({
      verySatisfied: 90,
      satisfied: 80,
      someDissatisfied: 70,
      manyDissatisfied: 60,
      nearlyAllDissatisfied: 50,
    });
    expect(G109_MOS_BOUNDS.verySatisfied.toFixed(2)).toBe('4.34');
    expect(G109_MOS_BOUNDS.satisfied.toFixed(2)).toBe('4.02'); // 4.024
    expect(G109_MOS_BOUNDS.someDissatisfied.toFixed(2)).toBe('3.60');
    expect(G109_MOS_BOUNDS.manyDissatisfied.toFixed(2)).toBe('3.10');
    expect(G109_MOS_BOUNDS.nearlyAllDissatisfied.toFixed(3)).toBe('2.575');
  });

  it.each([
    [100, 'Excellent', 'very satisfied'],
    [90, 'Excellent', 'very satisfied'],
    [89.99, 'Good', 'satisfied'],
    [80, 'Good', 'satisfied'],
    [75, 'Fair', 'some users dissatisfied'],
    [65, 'Poor', 'many users dissatisfied'],
    [55, 'Bad', 'nearly all users dissatisfied'],
    [49.9, 'Bad', 'not recommended'],
    [-10, 'Bad', 'not recommended'],
  ])('R %d → %s (%s)', (r, name, satisfaction) => {
    expect(describeR(r)).toEqual({ name, satisfaction });
  });

  it.each([
    [4.5, 'Excellent'],
    [4.409, 'Excellent'],
    [4.2, 'Good'],
    [3.8, 'Fair'],
    [3.2, 'Poor'],
    [2.6, 'Bad'],
    [1, 'Bad'],
  ])('MOS %d → %s', (mos, name) => {
    expect(describeMos(mos).name).toBe(name);
  });

  it('agrees between R and MOS at every bound', () => {
    for (const key of Object.keys(G109_R_BOUNDS) as (keyof typeof G109_R_BOUNDS)[]) {
      expect(describeMos(G109_MOS_BOUNDS[key])).toEqual(describeR(G109_R_BOUNDS[key]));
    }
  });

  it('rejects NaN', () => {
    expect(() => describeMos(Number.NaN)).toThrow(RangeError);
  });
});

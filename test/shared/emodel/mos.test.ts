import { describe, expect, it } from 'vitest';
import { MOS_MAX, MOS_MIN, mosToR, R_AT_MOS_FLOOR, rToMos } from '../../../shared/emodel/mos.ts';

/** G.107 Appendix I closed form, as the spec (1.8) writes it, for a cross-check of the bisection. */
function appendixI(mos: number): number {
  const h =
    (1 / 3) * Math.atan2(15 * Math.sqrt(-903522 + 1113960 * mos - 202500 * mos ** 2), 18566 - 6750 * mos);
  return (20 / 3) * (8 - Math.sqrt(226) * Math.cos(h + Math.PI / 3));
}

describe('rToMos (G.107 Annex B)', () => {
  it.each([
    [3, 1.0],
    [6.52, 1.00003],
    [50, 2.575],
    [60, 3.1],
    [70, 3.597],
    [80, 4.024],
    [90, 4.339],
    [93.2, 4.4093],
    [100, 4.5],
  ])('spec 6.1 extra check: R %d → MOS %d', (r, mos) => {
    expect(Math.abs(rToMos(r) - mos)).toBeLessThanOrEqual(0.0001);
  });

  it('clamps: R < 0 → 1, R > 100 → 4.5, infinities', () => {
    expect(rToMos(-0.001)).toBe(MOS_MIN);
    expect(rToMos(-300)).toBe(1);
    expect(rToMos(100.001)).toBe(MOS_MAX);
    expect(rToMos(113.21)).toBe(4.5);
    expect(rToMos(Number.NEGATIVE_INFINITY)).toBe(1);
    expect(rToMos(Number.POSITIVE_INFINITY)).toBe(4.5);
  });

  it('never reports below 1 where the cubic dips (0 < R < 6.52, pitfall 9)', () => {
    for (let r = 0; r <= 7; r += 0.01) expect(rToMos(r)).toBeGreaterThanOrEqual(1);
    expect(rToMos(3.2)).toBe(1);
    expect(R_AT_MOS_FLOOR).toBeCloseTo(6.5153, 4);
  });

  it('is continuous at 0 and 100 and non-decreasing over the whole scale', () => {
    expect(rToMos(0)).toBe(1);
    expect(rToMos(100)).toBeCloseTo(4.5, 12);
    let previous = rToMos(-10);
    for (let r = -10; r <= 110; r += 0.05) {
      const mos = rToMos(r);
      expect(mos).toBeGreaterThanOrEqual(previous - 1e-12);
      previous = mos;
    }
  });

  it('rejects NaN', () => {
    expect(() => rToMos(Number.NaN)).toThrow(RangeError);
  });
});

describe('mosToR (inverse)', () => {
  it.each([
    [4.024, 80.0],
    [3.597, 70.0],
    [4.409286, 93.2],
  ])('spec 6.1 extra check: MOS %d → R %d', (mos, r) => {
    expect(Math.abs(mosToR(mos) - r)).toBeLessThanOrEqual(0.001);
  });

  it('round-trips R → MOS → R over the invertible range (6.52 … 100)', () => {
    for (let r = 7; r <= 100; r += 0.25) {
      expect(Math.abs(mosToR(rToMos(r)) - r)).toBeLessThan(1e-9);
    }
  });

  it('round-trips MOS → R → MOS over 1 … 4.5', () => {
    for (let mos = 1; mos <= 4.5; mos += 0.01) {
      expect(Math.abs(rToMos(mosToR(mos)) - mos)).toBeLessThan(1e-9);
    }
  });

  it('agrees with the G.107 Appendix I closed form', () => {
    for (let mos = 1.05; mos < 4.5; mos += 0.05) {
      expect(Math.abs(mosToR(mos) - appendixI(mos))).toBeLessThan(1e-6);
    }
  });

  it('clamps inputs outside 1 … 4.5', () => {
    expect(mosToR(1)).toBe(0);
    expect(mosToR(0.2)).toBe(0);
    expect(mosToR(-3)).toBe(0);
    expect(mosToR(4.5)).toBe(100);
    expect(mosToR(5)).toBe(100);
    expect(mosToR(Number.POSITIVE_INFINITY)).toBe(100);
    expect(() => mosToR(Number.NaN)).toThrow(RangeError);
  });

  it('is increasing', () => {
    let previous = mosToR(1);
    for (let mos = 1.01; mos <= 4.5; mos += 0.01) {
      const r = mosToR(mos);
      expect(r).toBeGreaterThan(previous);
      previous = r;
    }
  });
});

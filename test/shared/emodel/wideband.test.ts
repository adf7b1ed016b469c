import { describe, expect, it } from 'vitest';
import { computeR, delayParameters } from '../../../shared/emodel/g107.ts';
import { rToMos } from '../../../shared/emodel/mos.ts';
import {
  computeWidebandR,
  IS_WB,
  RO_WB,
  toNarrowbandScale,
  WB_IE_EFF_CEILING,
  WB_SCALE_FACTOR,
  widebandRToMos,
} from '../../../shared/emodel/wideband.ts';

describe('R_WB → MOS (G.107.1 Annex A)', () => {
  it('spec 6.1 extra check: R_WB = 129 − 13 → R 89.92 → MOS 4.337', () => {
    expect(toNarrowbandScale(RO_WB - 13)).toBeCloseTo(89.92, 2);
    expect(Math.abs(widebandRToMos(RO_WB - 13) - 4.337)).toBeLessThanOrEqual(0.001);
  });

  it('spec 6.1 extra check (mapping only): fullband 148 − 10.2 → R 93.11 → MOS 4.408 (R/1.48)', () => {
    const fullbandScale = 1.48;
    expect((148 - 10.2) / fullbandScale).toBeCloseTo(93.11, 2);
    expect(Math.abs(rToMos((148 - 10.2) / fullbandScale) - 4.408)).toBeLessThanOrEqual(0.001);
  });

  it('the best wideband call maps to 4.5, and R_WB is not clamped at 100 first (pitfall 15)', () => {
    expect(widebandRToMos(129)).toBe(4.5);
    expect(widebandRToMos(110)).toBeLessThan(4.4);
    expect(widebandRToMos(110)).not.toBe(rToMos(Math.min(110, 100)));
    expect(widebandRToMos(-5)).toBe(1);
    expect(widebandRToMos(200)).toBe(4.5);
  });
});

describe('computeWidebandR (G.107.1)', () => {
  it('starts from Ro,WB = 129 with Is,WB = 0', () => {
    const result = computeWidebandR();
    expect(result.scale).toBe('wideband');
    expect(result.Ro).toBe(129);
    expect(result.Is).toBe(IS_WB);
    // Only the listener-echo term of the default echo path remains, on the WB scale.
    expect(result.Id).toBeCloseTo(computeR().Id * WB_SCALE_FACTOR, 12);
    expect(result.R).toBeCloseTo(129 - 0.149 * 1.29, 3);
    expect(result.mos).toBe(widebandRToMos(result.R));
    expect(result.RNarrowbandScale).toBeCloseTo(result.R / 1.29, 12);
  });

  it('scales every delay term of G.107 by 1.29 (T = Ta, Tr = 2·Ta)', () => {
    const nb = computeR(delayParameters(300));
    const wb = computeWidebandR(delayParameters(300));
    expect(wb.Idd).toBeCloseTo(nb.Idd * 1.29, 10);
    expect(wb.Idte).toBeCloseTo(nb.Idte * 1.29, 10);
    expect(wb.Idle).toBeCloseTo(nb.Idle * 1.29, 10);
    expect(wb.Id).toBeCloseTo(nb.Id * 1.29, 10);
  });

  it('uses K = 129 in Ie,eff,WB: 100 % bursty loss drives R_WB to about 0', () => {
    expect(WB_IE_EFF_CEILING).toBe(129);
    const result = computeWidebandR({ IeWB: 14, Bpl: 4.3, Ppl: 100, BurstR: 1000 });
    expect(result.IeEff).toBeCloseTo(14 + (129 - 14) * (100 / (0.1 + 4.3)), 6);
    const total = computeWidebandR({ IeWB: 14, Bpl: 25.1, Ppl: 100, BurstR: 4 });
    expect(total.mos).toBe(1);
  });

  it('Ie,eff,WB = Ie,WB without loss', () => {
    expect(computeWidebandR({ IeWB: 13 }).IeEff).toBe(13);
  });

  it('never improves with more loss or delay', () => {
    let previous = computeWidebandR({ IeWB: 14, Bpl: 25.1 });
    for (let ppl = 1; ppl <= 100; ppl++) {
      const next = computeWidebandR({ IeWB: 14, Bpl: 25.1, Ppl: ppl });
      expect(next.R).toBeLessThan(previous.R);
      expect(next.mos).toBeLessThanOrEqual(previous.mos);
      previous = next;
    }
    previous = computeWidebandR({ IeWB: 14, Bpl: 25.1 });
    for (let ta = 10; ta <= 2000; ta += 10) {
      const next = computeWidebandR({ IeWB: 14, Bpl: 25.1, ...delayParameters(ta) });
      expect(next.R).toBeLessThanOrEqual(previous.R + 1e-9);
      previous = next;
    }
  });

  it('rejects invalid values', () => {
    expect(() => computeWidebandR({ IeWB: Number.NaN })).toThrow(RangeError);
    expect(() => computeWidebandR({ Ppl: 150 })).toThrow(RangeError);
    expect(() => computeWidebandR({ Ta: -1 })).toThrow(RangeError);
    expect(() => computeWidebandR({ A: Number.POSITIVE_INFINITY })).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import {
  computeR,
  delayParameters,
  effectiveEquipmentImpairment,
  G107_DEFAULTS,
  pureDelayImpairment,
} from '../../../shared/emodel/g107.ts';
import { rToMos } from '../../../shared/emodel/mos.ts';
import { idColeRosenbluth, PURE_VECTORS, simplifiedR } from './vectors.ts';

/** Spec 6: tolerance 0.01 on R, 0.001 on MOS. */
const R_TOLERANCE = 0.01;
const MOS_TOLERANCE = 0.001;
/** Id and Ie,eff columns are printed with 2 decimals. */
const TERM_TOLERANCE = 0.005;

function expectClose(actual: number, expected: number, tolerance: number): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance + 1e-12);
}

describe('G.107 default connection (spec 1.3 – 1.9)', () => {
  const result = computeR();

  it('gives R = 93.2062 and MOS 4.409', () => {
    expect(result.R.toFixed(4)).toBe('93.2062');
    expect(result.R).toBeCloseTo(93.2062077233, 9); // VoIPmonitor's constant
    expect(result.mos.toFixed(3)).toBe('4.409');
    expect(result.scale).toBe('narrowband');
  });

  it('reproduces every intermediate term of the spec', () => {
    expect(result.Ro).toBeCloseTo(94.7688, 4);
    expect(result.terms.Pre).toBeCloseTo(35.639, 3);
    expect(result.terms.Nos).toBeCloseTo(-75.744, 3);
    expect(result.terms.Nor).toBeCloseTo(-83.358, 3);
    expect(result.terms.No).toBeCloseTo(-61.179, 3);
    expect(result.terms.Nfo).toBe(-62);
    expect(result.terms.Xolr).toBeCloseTo(10.164, 3);
    expect(result.Iolr).toBeCloseTo(0.4402, 4);
    expect(result.Ist).toBeCloseTo(-0.0007, 4);
    expect(result.Iq).toBeCloseTo(0.9741, 4);
    expect(result.Is).toBeCloseTo(1.4136, 4);
    expect(result.Idte).toBe(0);
    expect(result.Idle).toBeCloseTo(0.149, 4);
    expect(result.Idd).toBe(0);
    expect(result.Id).toBeCloseTo(0.149, 4);
    expect(result.IeEff).toBe(0);
    expect(result.A).toBe(0);
    expect(result.Ro - result.Is).toBeCloseTo(93.3553, 4);
  });

  it('fills LSTR from STMR + Dr when it is left out, and takes it as given otherwise', () => {
    expect(computeR({ STMR: 15, Dr: 3 }).params.LSTR).toBe(18);
    expect(computeR({ STMR: 12, Dr: 2 }).params.LSTR).toBe(14);
    expect(computeR({ STMR: 12, Dr: 2, LSTR: 20 }).params.LSTR).toBe(20);
    expect(G107_DEFAULTS.LSTR).toBe(G107_DEFAULTS.STMR + G107_DEFAULTS.Dr);
  });

  it('applies the advantage factor one for one', () => {
    expect(computeR({ A: 10 }).R - computeR().R).toBeCloseTo(10, 10);
  });
});

describe('spec 6.1 pure E-model vectors (full G.107, T = Ta, Tr = 2·Ta)', () => {
  it.each(PURE_VECTORS)('$id $codec: Ta $taMs ms, Ppl $pplPercent %, BurstR $burstRatio, A $a', (v) => {
    const result = computeR({
      Ie: v.ie,
      Bpl: v.bpl,
      Ppl: v.pplPercent,
      BurstR: v.burstRatio,
      A: v.a,
      ...delayParameters(v.taMs),
    });
    expectClose(result.R, v.fullR, R_TOLERANCE);
    expectClose(result.mos, v.fullMos, MOS_TOLERANCE);
    expectClose(rToMos(result.R), v.fullMos, MOS_TOLERANCE);
    expectClose(result.Id, v.idFull, TERM_TOLERANCE);
    expectClose(result.IeEff, v.ieEff, TERM_TOLERANCE);
  });

  it('V1 with 4 decimals: R 93.2062, MOS 4.4094', () => {
    const v1 = computeR({ Ie: 0, Bpl: 4.3 });
    expect(v1.R.toFixed(4)).toBe('93.2062');
    expect(v1.mos.toFixed(4)).toBe('4.4094');
  });

  // The "simple" columns are the Cole & Rosenbluth form (spec 1.10), which the product does not use;
  // checking them confirms the transcription and shows the gap of pitfall 8.
  it.each(PURE_VECTORS)('$id simple column (S-CR, not used by the product)', (v) => {
    const ieEff = effectiveEquipmentImpairment(v.ie, v.bpl, v.pplPercent, v.burstRatio);
    const r = simplifiedR(idColeRosenbluth(v.taMs), ieEff, v.a);
    expectClose(idColeRosenbluth(v.taMs), v.idSimple, TERM_TOLERANCE);
    expectClose(r, v.simpleR, R_TOLERANCE);
    expectClose(rToMos(r), v.simpleMos, MOS_TOLERANCE);
  });

  it('full G.107 stays usable where the linear Id collapses (pitfall 8: V14, V15)', () => {
    for (const taMs of [1000, 3000]) {
      const full = computeR({ Bpl: 25.1, ...delayParameters(taMs) });
      expect(full.mos).toBeGreaterThan(1.5);
      expect(simplifiedR(idColeRosenbluth(taMs), 0)).toBeLessThan(0);
    }
  });
});

describe('spec 6.1 extra checks', () => {
  it('delay classes at Ta = 300 ms, T = Tr = 0: Idd 14.76 / 10.09 / 6.18', () => {
    expect(computeR({ Ta: 300 }).Idd).toBeCloseTo(14.76, 2);
    expect(computeR({ Ta: 300, sT: 0.55, mT: 120 }).Idd).toBeCloseTo(10.09, 2);
    expect(computeR({ Ta: 300, sT: 0.4, mT: 150 }).Idd).toBeCloseTo(6.18, 2);
    expect(pureDelayImpairment(300)).toBeCloseTo(14.76, 2);
  });

  it('the exponent is 6·sT, not 6 − sT (pitfall 13: amplet2 gets 14.78)', () => {
    expect(Math.abs(pureDelayImpairment(300) - 14.78)).toBeGreaterThan(0.01);
  });

  it('Ta = 150 ms, T = Tr = 0: Idd 0.164, Id 0.313', () => {
    const result = computeR({ Ta: 150 });
    expect(result.Idd).toBeCloseTo(0.164, 3);
    expect(result.Id).toBeCloseTo(0.313, 3);
  });

  it('Idd is 0 up to mT and grows right after it', () => {
    expect(pureDelayImpairment(100)).toBe(0);
    expect(pureDelayImpairment(99)).toBe(0);
    expect(pureDelayImpairment(101)).toBeGreaterThan(0);
  });

  it('Id at Ta = T = 100, Tr = 200 is 2.69 against 0.15 with T = Tr = 0 (spec 1.5)', () => {
    expect(computeR(delayParameters(100)).Id).toBeCloseTo(2.69, 2);
    expect(computeR({ Ta: 0 }).Id).toBeCloseTo(0.15, 2);
    expect(delayParameters(100)).toEqual({ Ta: 100, T: 100, Tr: 200 });
  });

  // Spec 4.4 prints R 66.13 for the random case: that is 93.2 − 27.07 with the rounded 93.2; full
  // G.107 (93.2062 − 27.0655) gives 66.1407. The bursty 61.05 agrees either way.
  it('BurstR 2.25 against random loss at 10 %, G.711+PLC, Ta 0: R 66.14 (spec: 66.13) vs 61.05 (spec 4.4)', () => {
    expectClose(computeR({ Bpl: 25.1, Ppl: 10 }).R, 66.14, R_TOLERANCE);
    expectClose(computeR({ Bpl: 25.1, Ppl: 10 }).R - (93.2062 - 93.2), 66.13, R_TOLERANCE);
    const bursty = computeR({ Bpl: 25.1, Ppl: 10, BurstR: 2.25 });
    expectClose(bursty.R, 61.05, R_TOLERANCE);
    expect(bursty.mos.toFixed(2)).toBe('3.15');
  });
});

describe('talker echo and sidetone special cases (G.107 §7.4)', () => {
  it('T < 1 ms: talker echo counts as sidetone, Idte = 0', () => {
    expect(computeR({ T: 0.5, TELR: 20 }).Idte).toBe(0);
    expect(computeR({ T: 50, TELR: 20 }).Idte).toBeGreaterThan(10);
  });

  it('poor echo control (TELR 30 dB at T = 100 ms) costs many R points', () => {
    expect(computeR({ T: 100, TELR: 30 }).Idte).toBeGreaterThan(30);
  });

  it('STMR > 20 dB uses Idtes = sqrt(Idte² + Ist²)', () => {
    const result = computeR({ STMR: 22, T: 0 });
    expect(result.Idte).toBeCloseTo(Math.abs(result.Ist), 10);
  });

  it('STMR < 9 dB uses TERVs = TERV + Ist/2', () => {
    const plain = computeR({ STMR: 10, T: 20 });
    const low = computeR({ STMR: 8, T: 20 });
    const tervWithoutIst = low.terms.TERV - low.Ist / 2;
    expect(tervWithoutIst).toBeCloseTo(plain.terms.TERV, 10);
  });
});

describe('Ie,eff (G.107 §7.5)', () => {
  it('is Ie when there is no loss, whatever the burst ratio', () => {
    expect(effectiveEquipmentImpairment(11, 19, 0, 1)).toBe(11);
    expect(effectiveEquipmentImpairment(11, 19, 0, 8)).toBe(11);
  });

  it('G.711 PLC vs no PLC at 2 % loss, Ta 100 ms: MOS 4.15 vs 3.13 (pitfall 14)', () => {
    const plc = computeR({ Bpl: 25.1, Ppl: 2, ...delayParameters(100) });
    const noPlc = computeR({ Bpl: 4.3, Ppl: 2, ...delayParameters(100) });
    expect(plc.mos.toFixed(2)).toBe('4.15');
    expect(noPlc.mos.toFixed(2)).toBe('3.13');
    expect(plc.terms.lossImpairment).toBeCloseTo(7.0, 1);
    expect(noPlc.terms.lossImpairment).toBeCloseTo(30.2, 1);
  });

  it('100 % random loss gives only Ie,eff 75.9 (why "no media" needs its own case, spec 1.6)', () => {
    expect(effectiveEquipmentImpairment(0, 25.1, 100, 1)).toBeCloseTo(75.94, 2);
    expect(effectiveEquipmentImpairment(0, 25.1, 100, 50)).toBeCloseTo(350.55, 2);
  });
});

describe('monotonicity (pitfall 11)', () => {
  const losses = Array.from({ length: 101 }, (_, i) => i);
  const delays = Array.from({ length: 101 }, (_, i) => i * 20);

  it.each([
    ['G.711+PLC', 0, 25.1],
    ['G.711 no PLC', 0, 4.3],
    ['G.729A', 11, 19],
  ])('%s: R and MOS never increase with more loss (random and bursty)', (_name, ie, bpl) => {
    for (const burstR of [1, 2, 8]) {
      let previous = computeR({ Ie: ie, Bpl: bpl, Ppl: 0, BurstR: burstR });
      for (const ppl of losses.slice(1)) {
        const next = computeR({ Ie: ie, Bpl: bpl, Ppl: ppl, BurstR: burstR });
        expect(next.R).toBeLessThan(previous.R);
        expect(next.mos).toBeLessThanOrEqual(previous.mos);
        previous = next;
      }
    }
  });

  it('R and MOS never increase with more delay (T = Ta, Tr = 2·Ta) up to 2 s', () => {
    let previous = computeR({ Bpl: 25.1, ...delayParameters(0) });
    for (const ta of delays.slice(1)) {
      const next = computeR({ Bpl: 25.1, ...delayParameters(ta) });
      expect(next.R).toBeLessThanOrEqual(previous.R + 1e-9);
      expect(next.mos).toBeLessThanOrEqual(previous.mos + 1e-12);
      previous = next;
    }
  });

  it('more burstiness at the same loss never helps', () => {
    let previous = computeR({ Bpl: 25.1, Ppl: 5, BurstR: 1 });
    for (const burstR of [1.5, 2, 4, 8]) {
      const next = computeR({ Bpl: 25.1, Ppl: 5, BurstR: burstR });
      expect(next.R).toBeLessThan(previous.R);
      previous = next;
    }
  });
});

describe('input checking', () => {
  it.each([
    [{ Ppl: -1 }],
    [{ Ppl: 101 }],
    [{ Bpl: 0 }],
    [{ BurstR: 0 }],
    [{ qdu: 0 }],
    [{ Ta: -5 }],
    [{ T: -1 }],
    [{ Tr: Number.NaN }],
    [{ Ie: Number.POSITIVE_INFINITY }],
    [{ mT: 0 }],
    [{ sT: -1 }],
  ])('rejects %o with a RangeError', (params) => {
    expect(() => computeR(params)).toThrow(RangeError);
  });

  it('treats undefined fields as absent (defaults)', () => {
    expect(computeR({ Ta: undefined, Ie: undefined }).R).toBeCloseTo(computeR().R, 12);
  });
});

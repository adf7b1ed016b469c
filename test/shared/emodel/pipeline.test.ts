import { describe, expect, it } from 'vitest';
import { type CodecEntry, lookupCodec } from '../../../shared/emodel/codecs.ts';
import { computeR, delayParameters, effectiveEquipmentImpairment } from '../../../shared/emodel/g107.ts';
import { rToMos } from '../../../shared/emodel/mos.ts';
import {
  bestR,
  burstRatioFromRuns,
  estimateFromDelay,
  estimateQuality,
  gilbertFromRuns,
  jitterBufferDelayFromJitter,
  noMedia,
  type QualityEstimate,
  type QualityInputs,
} from '../../../shared/emodel/pipeline.ts';
import { idColeRosenbluth, idPingPlotter, PIPELINE_VECTORS, pingPlotterR, simplifiedR } from './vectors.ts';

const R_TOLERANCE = 0.01;
/** Section 6.2 prints MOS with 2 decimals: half a unit of the last digit. */
const MOS_2DP_TOLERANCE = 0.005;

function expectClose(actual: number, expected: number, tolerance: number): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance + 1e-12);
}

const CODECS: Record<string, CodecEntry> = {
  'G.711+PLC': lookupCodec('PCMU'),
  'G.711 no PLC': lookupCodec('PCMU', { g711Plc: false }),
  'G.729A+VAD': lookupCodec('G729'),
  'G.723.1 6.3k': lookupCodec('G723'),
  'GSM-EFR': lookupCodec('GSM-EFR'),
};

function codecOf(name: string): CodecEntry {
  const codec = CODECS[name];
  if (codec === undefined) throw new Error(`no codec for ${name}`);
  return codec;
}

function baseInputs(overrides: Partial<QualityInputs> = {}): QualityInputs {
  return {
    codec: lookupCodec('PCMU'),
    rttMs: 100,
    packetTimeMs: 20,
    jitterBufferDelayMs: 40,
    networkLossPercent: 0,
    discardPercent: 0,
    burstRatio: 1,
    ...overrides,
  };
}

/** best − (every impairment) = R: the breakdown accounts for every R point. */
function expectBreakdownAddsUp(estimate: QualityEstimate): void {
  const { delay, codec, networkLoss, jitterBufferDiscards, other } = estimate.impairments;
  expect(bestR(estimate.scale) - (delay + codec + networkLoss + jitterBufferDiscards + other)).toBeCloseTo(
    estimate.rFactor,
    9,
  );
}

describe('spec 6.2 measurement-pipeline vectors', () => {
  it.each(PIPELINE_VECTORS)('$id $codec: the codec table holds the vector Ie/Bpl', (v) => {
    expect(codecOf(v.codec).ie).toBe(v.ie);
    expect(codecOf(v.codec).bpl).toBe(v.bpl);
    expect(v.dMs + 2 * v.jMs + 10).toBe(v.elMs);
  });

  it.each(PIPELINE_VECTORS)('$id full: G.107 with Ta = T = EL, Tr = 2·EL', (v) => {
    const estimate = estimateFromDelay({
      codec: codecOf(v.codec),
      taMs: v.elMs,
      networkLossPercent: v.lossPercent,
      burstRatio: v.burstRatio,
    });
    expectClose(estimate.rFactor, v.full[0], R_TOLERANCE);
    expectClose(estimate.mos, v.full[1], MOS_2DP_TOLERANCE);
    expectBreakdownAddsUp(estimate);
  });

  it.each(PIPELINE_VECTORS)(
    '$id full through estimateQuality: RTT 2·D, packet 10 ms, jitter buffer 2·J',
    (v) => {
      // EL = D + 2·J + 10 is the pipeline's Ta with RTT = 2·D, a 10 ms packet, a 2·J buffer and no
      // codec look-ahead (the vectors' convention).
      const estimate = estimateQuality({
        codec: { ...codecOf(v.codec), codecDelayMs: 0 },
        rttMs: 2 * v.dMs,
        packetTimeMs: 10,
        jitterBufferDelayMs: 2 * v.jMs,
        networkLossPercent: v.lossPercent,
        discardPercent: 0,
        burstRatio: v.burstRatio,
      });
      expect(estimate.taMs).toBeCloseTo(v.elMs, 10);
      expectClose(estimate.rFactor, v.full[0], R_TOLERANCE);
      expectClose(estimate.mos, v.full[1], MOS_2DP_TOLERANCE);
    },
  );

  // S1, S2 and pure PingPlotter are the simplified forms of spec 1.10, not computed by the product:
  // these check the transcription and show how far they stray from full G.107.
  it.each(PIPELINE_VECTORS)('$id S1 / S2 / PP columns (simplified forms, not used by the product)', (v) => {
    const ieEff = effectiveEquipmentImpairment(v.ie, v.bpl, v.lossPercent, v.burstRatio);
    const s1 = simplifiedR(idPingPlotter(v.elMs), ieEff);
    const s2 = simplifiedR(idColeRosenbluth(v.elMs), ieEff);
    const pp = pingPlotterR(v.elMs, v.lossPercent);
    for (const [r, [expectedR, expectedMos]] of [
      [s1, v.s1],
      [s2, v.s2],
      [pp, v.pp],
    ] as const) {
      expectClose(r, expectedR, R_TOLERANCE);
      expectClose(rToMos(r), expectedMos, MOS_2DP_TOLERANCE);
    }
  });
});

describe('burstRatioFromRuns (spec 4.4, 6.3)', () => {
  it('spec 6.3: 100 expected, 10 lost in runs 1, 1, 4, 4 → Ppl 10 %, BurstR 2.25', () => {
    const counts = { received: 90, lost: 10, lossRuns: 4 };
    expect(burstRatioFromRuns(counts)).toBeCloseTo(2.25, 12);
    const model = gilbertFromRuns(counts);
    expect(model.lossPercent).toBe(10);
    expect(model.p).toBeCloseTo(0.0444, 4);
    expect(model.q).toBeCloseTo(0.4, 12);
    // VoIPmonitor/FreeSWITCH's lost/received variant gives 2.222; ours uses lost/expected.
    expect(Math.abs(burstRatioFromRuns(counts) - 2.222)).toBeGreaterThan(0.02);
  });

  it('is 1 when nothing was lost (pitfall 17), never 0 or NaN', () => {
    expect(burstRatioFromRuns({ received: 250, lost: 0, lossRuns: 0 })).toBe(1);
    expect(burstRatioFromRuns({ received: 0, lost: 0, lossRuns: 0 })).toBe(1);
  });

  it('is 1 when nothing was received (the caller reports no media)', () => {
    expect(burstRatioFromRuns({ received: 0, lost: 50, lossRuns: 1 })).toBe(1);
  });

  it('is clamped to 1 for isolated losses (1/(p+q) = 1 − Ppl < 1)', () => {
    expect(burstRatioFromRuns({ received: 95, lost: 5, lossRuns: 5 })).toBe(1);
  });

  it('equals mean run length × (1 − Ppl)', () => {
    const counts = { received: 970, lost: 30, lossRuns: 3 };
    expect(burstRatioFromRuns(counts)).toBeCloseTo(10 * 0.97, 12);
  });

  it('rejects impossible counts', () => {
    expect(() => burstRatioFromRuns({ received: 10, lost: 2, lossRuns: 3 })).toThrow(RangeError);
    expect(() => burstRatioFromRuns({ received: 10, lost: 2, lossRuns: 0 })).toThrow(RangeError);
    expect(() => burstRatioFromRuns({ received: -1, lost: 0, lossRuns: 0 })).toThrow(RangeError);
    expect(() => burstRatioFromRuns({ received: Number.NaN, lost: 0, lossRuns: 0 })).toThrow(RangeError);
  });
});

describe('jitterBufferDelayFromJitter (spec 4.2: max(2·J, ptime) within 20 – 200 ms)', () => {
  it.each([
    [0, 20, 20],
    [10, 20, 20],
    [15, 20, 30],
    [40, 20, 80],
    [150, 20, 200],
    [5, 30, 30],
    [0, 10, 20],
  ])('J %d ms, ptime %d ms → %d ms', (jitter, ptime, expected) => {
    expect(jitterBufferDelayFromJitter(jitter, ptime)).toBe(expected);
  });

  it('rejects negative or non-finite values', () => {
    expect(() => jitterBufferDelayFromJitter(-1, 20)).toThrow(RangeError);
    expect(() => jitterBufferDelayFromJitter(Number.NaN, 20)).toThrow(RangeError);
  });
});

describe('estimateQuality', () => {
  it('Ta = RTT/2 + packet time + codec delay + jitter buffer (spec 4.2)', () => {
    const estimate = estimateQuality(
      baseInputs({ codec: lookupCodec('G729'), rttMs: 100, jitterBufferDelayMs: 40 }),
    );
    expect(estimate.taMs).toBe(50 + 20 + 5 + 40);
    expect(estimate.delayBudget).toEqual({
      networkOneWayMs: 50,
      packetTimeMs: 20,
      codecDelayMs: 5,
      jitterBufferMs: 40,
    });
    const direct = computeR({ Ie: 11, Bpl: 19, ...delayParameters(115) });
    expect(estimate.rFactor).toBeCloseTo(direct.R, 12);
    expect(estimate.mos).toBeCloseTo(direct.mos, 12);
    expect(estimate.flags).toEqual([]);
    expectBreakdownAddsUp(estimate);
  });

  it('without RTT assumes no network delay (or the given assumption) and says so', () => {
    const none = estimateQuality(baseInputs({ rttMs: null }));
    expect(none.taMs).toBe(0 + 20 + 0 + 40);
    expect(none.flags).toContain('rtt-assumed');
    const assumed = estimateQuality(baseInputs({ rttMs: null, assumedNetworkOneWayMs: 100 }));
    expect(assumed.taMs).toBe(160);
    expect(assumed.delayBudget?.networkOneWayMs).toBe(100);
  });

  it('uses a one-leg RTT as a lower bound and flags it', () => {
    const leg = estimateQuality(baseInputs({ rttMs: 80, rttIsOneLegOnly: true }));
    expect(leg.taMs).toBe(40 + 20 + 40);
    expect(leg.flags).toContain('rtt-one-leg');
    expect(estimateQuality(baseInputs({ rttMs: 80 })).flags).not.toContain('rtt-one-leg');
  });

  it('splits the loss impairment between network loss and discards pro rata', () => {
    const split = estimateQuality(baseInputs({ networkLossPercent: 2, discardPercent: 1 }));
    const networkOnly = estimateQuality(baseInputs({ networkLossPercent: 3 }));
    expect(split.rFactor).toBeCloseTo(networkOnly.rFactor, 12);
    expect(split.lossPercent).toBe(3);
    const lossImpairment = networkOnly.impairments.networkLoss;
    expect(split.impairments.networkLoss).toBeCloseTo((lossImpairment * 2) / 3, 12);
    expect(split.impairments.jitterBufferDiscards).toBeCloseTo(lossImpairment / 3, 12);
    expect(networkOnly.impairments.jitterBufferDiscards).toBe(0);
    expectBreakdownAddsUp(split);
  });

  it('reports the codec Ie without loss, delay as Id, and Is etc. as other', () => {
    const estimate = estimateQuality(baseInputs({ codec: lookupCodec('G729'), networkLossPercent: 1 }));
    const model = computeR({ Ie: 11, Bpl: 19, Ppl: 1, ...delayParameters(estimate.taMs) });
    expect(estimate.impairments.codec).toBe(11);
    expect(estimate.impairments.delay).toBeCloseTo(model.Id, 12);
    expect(estimate.impairments.networkLoss).toBeCloseTo(model.IeEff - 11, 12);
    expect(estimate.impairments.other).toBeCloseTo(100 - model.Ro + model.Is, 12);
  });

  it.each<[string, Partial<QualityInputs>, QualityEstimate['impairments']['dominant']]>([
    ['a clean G.711 call', {}, 'none'],
    ['G.729', { codec: lookupCodec('G729') }, 'codec'],
    ['5 % network loss', { networkLossPercent: 5 }, 'networkLoss'],
    ['5 % discards', { discardPercent: 5 }, 'jitterBufferDiscards'],
    ['800 ms RTT', { rttMs: 800 }, 'delay'],
  ])('names the dominant impairment: %s → %s', (_name, overrides, dominant) => {
    expect(estimateQuality(baseInputs(overrides)).impairments.dominant).toBe(dominant);
  });

  it('wideband G.722 gives a wideband-scale figure', () => {
    const estimate = estimateQuality(baseInputs({ codec: lookupCodec('G722'), networkLossPercent: 1 }));
    expect(estimate.scale).toBe('wideband');
    expect(estimate.rFactor).toBeGreaterThan(100);
    expect(estimate.rFactor).toBeLessThanOrEqual(129);
    expect(estimate.mos).toBeCloseTo(rToMos(estimate.rFactor / 1.29), 12);
    expect(estimate.impairments.codec).toBe(14);
    expect(estimate.impairments.other).toBe(0);
    expect(estimate.flags).toContain('codec-estimate');
    expectBreakdownAddsUp(estimate);
  });

  it('flags estimated and fallback codecs and extrapolation', () => {
    expect(estimateQuality(baseInputs({ codec: lookupCodec('opus') })).flags).toContain('codec-estimate');
    const unknown = estimateQuality(baseInputs({ codec: lookupCodec('X-FOO') }));
    expect(unknown.flags).toEqual(expect.arrayContaining(['codec-fallback', 'codec-estimate']));
    expect(estimateQuality(baseInputs({ networkLossPercent: 25 })).flags).toContain('extrapolated');
    expect(estimateQuality(baseInputs({ rttMs: 1000 })).flags).toContain('extrapolated');
    expect(estimateQuality(baseInputs({ burstRatio: 9, networkLossPercent: 1 })).flags).toContain(
      'extrapolated',
    );
    expect(estimateQuality(baseInputs({ networkLossPercent: 20 })).flags).not.toContain('extrapolated');
  });

  it.each<[string, Partial<QualityInputs>]>([
    ['negative RTT', { rttMs: -1 }],
    ['NaN RTT', { rttMs: Number.NaN }],
    ['infinite jitter buffer', { jitterBufferDelayMs: Number.POSITIVE_INFINITY }],
    ['negative packet time', { packetTimeMs: -20 }],
    ['loss above 100 %', { networkLossPercent: 101 }],
    ['negative discards', { discardPercent: -1 }],
    ['loss + discards above 100 %', { networkLossPercent: 60, discardPercent: 50 }],
    ['burst ratio below 1', { burstRatio: 0.5 }],
    ['burst ratio 0', { burstRatio: 0 }],
  ])('rejects %s', (_name, overrides) => {
    expect(() => estimateQuality(baseInputs(overrides))).toThrow(RangeError);
  });
});

describe('no media (pitfall 22)', () => {
  it('noMedia(): R 0, MOS 1, dominant network loss, flagged', () => {
    const none = noMedia();
    expect(none).toMatchObject({ rFactor: 0, mos: 1, scale: 'narrowband', flags: ['no-media'] });
    expect(none.impairments.dominant).toBe('networkLoss');
    expect(none.impairments.networkLoss).toBe(100);
    expectBreakdownAddsUp(none);
    expect(noMedia('wideband').impairments.networkLoss).toBe(129);
  });

  it('100 % loss is reported as no media, not as G.107 MOS 1.14', () => {
    const estimate = estimateQuality(baseInputs({ networkLossPercent: 100 }));
    expect(estimate.mos).toBe(1);
    expect(estimate.rFactor).toBe(0);
    expect(estimate.flags).toContain('no-media');
    expect(estimate.impairments.dominant).toBe('networkLoss');
    expect(estimate.taMs).toBe(50 + 20 + 40);
    expect(computeR({ Bpl: 25.1, Ppl: 100, ...delayParameters(50) }).mos).toBeCloseTo(1.142, 3);
  });

  it('100 % between loss and discards is shared out, and discards can dominate', () => {
    const estimate = estimateQuality(baseInputs({ networkLossPercent: 30, discardPercent: 70 }));
    expect(estimate.flags).toContain('no-media');
    expect(estimate.impairments.networkLoss).toBeCloseTo(30, 12);
    expect(estimate.impairments.jitterBufferDiscards).toBeCloseTo(70, 12);
    expect(estimate.impairments.dominant).toBe('jitterBufferDiscards');
  });
});

describe('monotonicity of the pipeline (pitfall 11)', () => {
  const mosWith = (overrides: Partial<QualityInputs>): number => estimateQuality(baseInputs(overrides)).mos;

  it('MOS never increases with more network loss or more discards, up to 100 %', () => {
    for (const codec of [lookupCodec('PCMU'), lookupCodec('PCMU', { g711Plc: false }), lookupCodec('G722')]) {
      for (const burstRatio of [1, 3]) {
        let previousLoss = mosWith({ codec, burstRatio });
        let previousDiscard = previousLoss;
        for (let percent = 0.5; percent <= 100; percent += 0.5) {
          const loss = mosWith({ codec, burstRatio, networkLossPercent: percent });
          const discard = mosWith({ codec, burstRatio, discardPercent: percent });
          expect(loss).toBeLessThanOrEqual(previousLoss);
          expect(discard).toBeLessThanOrEqual(previousDiscard);
          previousLoss = loss;
          previousDiscard = discard;
        }
      }
    }
  });

  it('MOS never increases with more RTT, more jitter buffer or a longer packet', () => {
    for (const key of ['rttMs', 'jitterBufferDelayMs', 'packetTimeMs'] as const) {
      let previous = mosWith({ [key]: 0, networkLossPercent: 1 });
      for (let ms = 10; ms <= 5000; ms += 10) {
        const next = mosWith({ [key]: ms, networkLossPercent: 1 });
        expect(next).toBeLessThanOrEqual(previous + 1e-12);
        previous = next;
      }
    }
  });

  it('MOS never increases with more jitter (through the assumed jitter buffer)', () => {
    let previous = mosWith({ jitterBufferDelayMs: jitterBufferDelayFromJitter(0, 20) });
    for (let jitter = 1; jitter <= 300; jitter++) {
      const next = mosWith({ jitterBufferDelayMs: jitterBufferDelayFromJitter(jitter, 20) });
      expect(next).toBeLessThanOrEqual(previous + 1e-12);
      previous = next;
    }
  });

  it('MOS never increases with a higher burst ratio at the same loss', () => {
    let previous = mosWith({ networkLossPercent: 5, burstRatio: 1 });
    for (let burstRatio = 1.25; burstRatio <= 20; burstRatio += 0.25) {
      const next = mosWith({ networkLossPercent: 5, burstRatio });
      expect(next).toBeLessThanOrEqual(previous);
      previous = next;
    }
  });
});

/**
 * The wideband E-model, ITU-T G.107.1 (06/2015): R_WB = Ro,WB − Is,WB − Id,WB − Ie,eff,WB + A on the
 * extended 0…129 scale, and MOS through G.107.1 Annex A (R_WB / 1.29, then the G.107 Annex B cubic).
 * Spec (../docs/emodel.md) section 2.1. Where the spec leaves G.107.1 unverified, the choice made is
 * stated next to its constant.
 */

import { computeR, effectiveEquipmentImpairment, G107_DEFAULTS } from './g107.ts';
import { rToMos } from './mos.ts';

/** Basic signal-to-noise ratio of a perfect wideband connection, Ro,WB = 129 (G.107.1 §7.2; spec 2.1). */
export const RO_WB = 129;

/** Factor between the wideband and narrowband R scales: 129 / 100 (G.107.1 §6.2 and Annex A; spec 2.1). */
export const WB_SCALE_FACTOR = 1.29;

/**
 * Simultaneous impairment on the wideband scale, Is,WB = 0.
 * Choice: G.107.1 does not cover sidetone and quantising distortion, and at the default loudness and
 * noise values its loudness/noise terms vanish; the spec's wideband vector (R_WB = 129 − Ie,WB,
 * section 6.1 "Extra checks") also has no Is term. A monitor cannot observe loudness anyway (spec 4.6).
 */
export const IS_WB = 0;

/**
 * The constant K of Ie,eff,WB = Ie,WB + (K − Ie,WB)·Ppl/(Ppl/BurstR + Bpl) (G.107.1 §7.5).
 * Choice: K = 129, as the spec (2.1) prescribes until G.107.1 §7.5 is read (total bursty loss then
 * drives R_WB to ≈ 0). NOTE: the spec marks this [ITU, verify]; one third-party implementation that
 * quotes G.107.1 Eq. (7-15) keeps 95 (the narrowband value).
 */
export const WB_IE_EFF_CEILING = 129;

/** Inputs of {@link computeWidebandR}; delays in ms, Ppl in percent, impairments in WB R points. */
export interface WidebandParameters {
  /** Wideband equipment impairment factor Ie,WB of the codec (G.113 Appendix IV scale). Default 0. */
  IeWB: number;
  /** Packet-loss robustness factor (> 0). Default 4.3 (as G.107 Table 1). */
  Bpl: number;
  /** Packet-loss probability, percent (0..100). Default 0. */
  Ppl: number;
  /** Burst ratio (≥ 1 in practice). Default 1. */
  BurstR: number;
  /** Advantage factor, R points. Default 0. */
  A: number;
  /** Absolute one-way delay, ms. Default 0. */
  Ta: number;
  /** Mean one-way delay of the echo path, ms. Default 0. */
  T: number;
  /** Round-trip delay of the listener-echo loop, ms. Default 0. */
  Tr: number;
  /** Delay sensitivity. Default 1. */
  sT: number;
  /** Minimum perceivable delay, ms. Default 100. */
  mT: number;
}

/** Defaults of the wideband computation (the delay and loss defaults of G.107 Table 1, Ie,WB 0). */
export const WIDEBAND_DEFAULTS: Readonly<WidebandParameters> = Object.freeze({
  IeWB: 0,
  Bpl: G107_DEFAULTS.Bpl,
  Ppl: G107_DEFAULTS.Ppl,
  BurstR: G107_DEFAULTS.BurstR,
  A: G107_DEFAULTS.A,
  Ta: G107_DEFAULTS.Ta,
  T: G107_DEFAULTS.T,
  Tr: G107_DEFAULTS.Tr,
  sT: G107_DEFAULTS.sT,
  mT: G107_DEFAULTS.mT,
});

/** Result of {@link computeWidebandR}: every term in R points of the wideband (0…129) scale. */
export interface WidebandResult {
  /** Always 'wideband'. */
  scale: 'wideband';
  /** R_WB, nominally 0…129 (can leave that range; MOS clamps). */
  R: number;
  /** R_WB / 1.29: the same rating on the narrowband 0…100 scale (G.107.1 Annex A). */
  RNarrowbandScale: number;
  /** MOS from Annex A (1 … 4.5). */
  mos: number;
  /** Ro,WB = 129. */
  Ro: number;
  /** Is,WB = 0. */
  Is: number;
  /** Id,WB = 1.29 · (Idte + Idle + Idd of G.107). */
  Id: number;
  /** Talker echo, scaled to the WB scale. */
  Idte: number;
  /** Listener echo, scaled to the WB scale. */
  Idle: number;
  /** Pure delay, scaled to the WB scale. */
  Idd: number;
  /** Ie,eff,WB. */
  IeEff: number;
  /** Advantage factor A. */
  A: number;
  /** The parameters used (defaults filled in). */
  params: Readonly<WidebandParameters>;
}

/** R_WB → R on the narrowband scale: R_WB / 1.29 (G.107.1 Annex A). */
export function toNarrowbandScale(rWideband: number): number {
  return rWideband / WB_SCALE_FACTOR;
}

/**
 * R_WB → MOS (G.107.1 Annex A): R = R_WB / 1.29, then G.107 Annex B with its clamps, so the best
 * wideband call (R_WB 129) reaches 4.5. Never clamp R_WB at 100 before mapping (pitfall 15).
 * @param rWideband rating on the wideband 0…129 scale
 * @returns MOS, 1 … 4.5
 */
export function widebandRToMos(rWideband: number): number {
  return rToMos(toNarrowbandScale(rWideband));
}

/**
 * Computes R_WB (G.107.1 §7.1): Ro,WB − Is,WB − Id,WB − Ie,eff,WB + A.
 *
 * Id,WB (G.107.1 §7.4): choice per spec 2.1 ("NB formulas with the WB scale applied"): the G.107
 * delay terms (talker echo, listener echo, pure delay Idd with sT/mT), evaluated with the G.107
 * Table 1 echo defaults (TELR 65, WEPL 110, ...), multiplied by 1.29.
 * Ie,eff,WB (G.107.1 §7.5): the G.107 formula with the ceiling {@link WB_IE_EFF_CEILING} = 129.
 * Throws RangeError for non-finite or out-of-domain values.
 */
export function computeWidebandR(params: Partial<WidebandParameters> = {}): WidebandResult {
  const p: WidebandParameters = { ...WIDEBAND_DEFAULTS };
  for (const [key, value] of Object.entries(params) as [keyof WidebandParameters, number | undefined][]) {
    if (value !== undefined) p[key] = value;
  }
  if (!Number.isFinite(p.IeWB)) throw new RangeError(`Ie,WB must be a finite number, got ${p.IeWB}`);
  if (!Number.isFinite(p.A)) throw new RangeError(`A must be a finite number, got ${p.A}`);
  // The G.107 computation validates the delay and loss parameters and supplies the NB echo terms.
  const nb = computeR({
    Ta: p.Ta,
    T: p.T,
    Tr: p.Tr,
    sT: p.sT,
    mT: p.mT,
    Bpl: p.Bpl,
    Ppl: p.Ppl,
    BurstR: p.BurstR,
  });
  const Idte = nb.Idte * WB_SCALE_FACTOR;
  const Idle = nb.Idle * WB_SCALE_FACTOR;
  const Idd = nb.Idd * WB_SCALE_FACTOR;
  const Id = Idte + Idle + Idd;
  const IeEff = effectiveEquipmentImpairment(p.IeWB, p.Bpl, p.Ppl, p.BurstR, WB_IE_EFF_CEILING);
  const R = RO_WB - IS_WB - Id - IeEff + p.A;
  return {
    scale: 'wideband',
    R,
    RNarrowbandScale: toNarrowbandScale(R),
    mos: widebandRToMos(R),
    Ro: RO_WB,
    Is: IS_WB,
    Id,
    Idte,
    Idle,
    Idd,
    IeEff,
    A: p.A,
    params: Object.freeze(p),
  };
}

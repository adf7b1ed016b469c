/**
 * The narrowband E-model of ITU-T G.107 (06/2015), every term: R = Ro − Is − Id − Ie,eff + A.
 *
 * Clause numbers are those of G.107 (12/2011) and later editions (§7.1 R, §7.2 Ro, §7.3 Is, §7.4 Id,
 * §7.5 Ie,eff, §7.6 A, §7.7 Table 1 defaults); editions up to 04/2009 number the same clauses §3.x.
 * Formulas and reference numbers as restated in ../docs/emodel.md (called "the spec" below) sections
 * 1.2 – 1.9. Pure functions, no Node or DOM dependency (shared by the engine and the renderer).
 */

import { rToMos } from './mos.ts';

/**
 * Every input of the narrowband E-model (G.107 §7.7, Table 1), named as in G.107. Units as noted;
 * "dB" values are loudness ratings, levels are dBm0p / dBmp / dB(A) as in Table 1.
 */
export interface G107Parameters {
  /** Send loudness rating, dB. Default +8. */
  SLR: number;
  /** Receive loudness rating, dB. Default +2. */
  RLR: number;
  /** Sidetone masking rating, dB. Default 15. */
  STMR: number;
  /** Listener sidetone rating, dB. Default 18; when left out it is STMR + Dr (Table 1 note). */
  LSTR: number;
  /** D-value of the telephone, send side (dimensionless). Default 3. */
  Ds: number;
  /** D-value of the telephone, receive side (dimensionless). Default 3; only enters through LSTR = STMR + Dr. */
  Dr: number;
  /** Talker echo loudness rating, dB. Default 65. */
  TELR: number;
  /** Weighted echo path loss, dB. Default 110. */
  WEPL: number;
  /** Mean one-way delay of the echo path, ms. Default 0. */
  T: number;
  /** Absolute (mouth-to-ear, one-way) delay in echo-free connections, ms. Default 0. */
  Ta: number;
  /** Round-trip delay in a 4-wire loop (listener echo), ms. Default 0. */
  Tr: number;
  /** Room noise at the send side, dB(A). Default 35. */
  Ps: number;
  /** Room noise at the receive side, dB(A). Default 35. */
  Pr: number;
  /** Circuit noise referred to the 0 dBr point, dBm0p. Default −70. */
  Nc: number;
  /** Noise floor at the receive side, dBmp. Default −64. */
  Nfor: number;
  /** Number of quantisation distortion units (≥ 1). Default 1. */
  qdu: number;
  /** Equipment impairment factor of the codec (R points). Default 0. */
  Ie: number;
  /** Packet-loss robustness factor (> 0). Default 4.3 (G.711 without PLC, G.113 Table I.3). */
  Bpl: number;
  /** Random packet-loss probability, percent (0..100, not a fraction). Default 0. */
  Ppl: number;
  /** Burst ratio (1 = random loss, > 1 bursty). Default 1. */
  BurstR: number;
  /** Advantage (expectation) factor, R points. Default 0. */
  A: number;
  /** Delay sensitivity sT (dimensionless). Default 1. */
  sT: number;
  /** Minimum perceivable delay mT, ms. Default 100. */
  mT: number;
}

/** G.107 §7.7 Table 1 defaults (spec 1.2). With these the model gives R = 93.2062 (spec 1.9). */
export const G107_DEFAULTS: Readonly<G107Parameters> = Object.freeze({
  SLR: 8,
  RLR: 2,
  STMR: 15,
  LSTR: 18,
  Ds: 3,
  Dr: 3,
  TELR: 65,
  WEPL: 110,
  T: 0,
  Ta: 0,
  Tr: 0,
  Ps: 35,
  Pr: 35,
  Nc: -70,
  Nfor: -64,
  qdu: 1,
  Ie: 0,
  Bpl: 4.3,
  Ppl: 0,
  BurstR: 1,
  A: 0,
  sT: 1,
  mT: 100,
});

/** Intermediate values of G.107 §7.2 – §7.4 (spec 1.3 – 1.5), for display and tests. */
export interface G107Terms {
  /** Overall loudness rating SLR + RLR, dB. */
  OLR: number;
  /** Receive-side noise floor referred to the 0 dBr point, Nfor + RLR, dBm0p. */
  Nfo: number;
  /** Room noise at the receive side raised by the listener sidetone, dB(A). */
  Pre: number;
  /** Receive-side room noise referred to the 0 dBr point, dBm0p. */
  Nor: number;
  /** Send-side room noise referred to the 0 dBr point, dBm0p. */
  Nos: number;
  /** Total noise power referred to the 0 dBr point, dBm0p. */
  No: number;
  /** Xolr of the loudness impairment, dB. */
  Xolr: number;
  /** Impairment from too-low loudness, R points. */
  Iolr: number;
  /** Sidetone masking rating including the echo path, dB. */
  STMRo: number;
  /** Impairment from non-optimum sidetone, R points. */
  Ist: number;
  /** Quantisation distortion terms Q, G, Y, Z (dimensionless). */
  Q: number;
  G: number;
  Y: number;
  Z: number;
  /** Impairment from quantising distortion, R points. */
  Iq: number;
  /** Talker-echo reference rating Roe (dimensionless). */
  Roe: number;
  /** Talker echo rating TERV (or TERVs when STMR < 9 dB), dB. */
  TERV: number;
  /** Talker-echo rating Re (dimensionless). */
  Re: number;
  /** Listener-echo rating Rle (dimensionless). */
  Rle: number;
  /** log2(Ta / mT), the delay variable of Idd; 0 when Ta ≤ mT. */
  X: number;
  /** Effective packet-loss impairment only, Ie,eff − Ie, R points. */
  lossImpairment: number;
}

/** Result of {@link computeR}: R and every term, all in R points of the narrowband scale. */
export interface G107Result {
  /** Always 'narrowband' (the 0…100 R scale of G.107). */
  scale: 'narrowband';
  /** Transmission rating factor R (may be < 0 or > 100; MOS clamps, see mos.ts). */
  R: number;
  /** MOS from R by G.107 Annex B (1 … 4.5). */
  mos: number;
  /** Basic signal-to-noise ratio Ro. */
  Ro: number;
  /** Simultaneous impairment factor Is = Iolr + Ist + Iq. */
  Is: number;
  /** Loudness impairment Iolr. */
  Iolr: number;
  /** Sidetone impairment Ist. */
  Ist: number;
  /** Quantising impairment Iq. */
  Iq: number;
  /** Delay impairment factor Id = Idte + Idle + Idd. */
  Id: number;
  /** Talker-echo impairment Idte (Idtes when STMR > 20 dB). */
  Idte: number;
  /** Listener-echo impairment Idle. */
  Idle: number;
  /** Pure-delay impairment Idd. */
  Idd: number;
  /** Effective equipment impairment factor Ie,eff (codec + packet loss). */
  IeEff: number;
  /** Advantage factor A. */
  A: number;
  /** The intermediate terms. */
  terms: G107Terms;
  /** The parameters used (defaults filled in). */
  params: Readonly<G107Parameters>;
}

// --- constants of the formulas (G.107 §7.2 – §7.5), named after the role they play -------------

/** Ro = RO_OFFSET − RO_SLOPE·(SLR + No) (§7.2). */
const RO_OFFSET = 15;
const RO_SLOPE = 1.5;
/** Pre: sidetone reference level 10 dB (§7.2). */
const PRE_LSTR_REFERENCE_DB = 10;
/** Nor = RLR − 121 + Pre + 0.008·(Pre − 35)² (§7.2). */
const NOR_OFFSET_DB = 121;
const NOR_QUADRATIC = 0.008;
const NOR_ROOM_REFERENCE_DBA = 35;
/** Nos = Ps − SLR − Ds − 100 + 0.004·(Ps − OLR − Ds − 14)² (§7.2). */
const NOS_OFFSET_DB = 100;
const NOS_QUADRATIC = 0.004;
const NOS_REFERENCE_DB = 14;
/** Xolr = OLR + 0.2·(64 + No − RLR); Iolr = 20·[(1 + (Xolr/8)^8)^(1/8) − Xolr/8] (§7.3). */
const XOLR_NOISE_WEIGHT = 0.2;
const XOLR_NOISE_OFFSET = 64;
const IOLR_SCALE = 20;
const IOLR_DIVISOR = 8;
const IOLR_EXPONENT = 8;
/** STMRo: talker echo enters the sidetone with e^(−T/4) (§7.3). */
const STMRO_ECHO_TIME_CONSTANT_MS = 4;
/** Ist = 12·[1+((STMRo−13)/6)^8]^(1/8) − 28·[1+((STMRo+1)/19.4)^35]^(1/35) − 13·[1+((STMRo−3)/33)^13]^(1/13) + 29 (§7.3). */
const IST = {
  a: { weight: 12, centre: 13, width: 6, exponent: 8 },
  b: { weight: 28, centre: -1, width: 19.4, exponent: 35 },
  c: { weight: 13, centre: 3, width: 33, exponent: 13 },
  offset: 29,
} as const;
/** Q = 37 − 15·log10(qdu); G = 1.07 + 0.258·Q + 0.0602·Q² (§7.3). */
const Q_OFFSET = 37;
const Q_SLOPE = 15;
const G_C0 = 1.07;
const G_C1 = 0.258;
const G_C2 = 0.0602;
/** Y = (Ro − 100)/15 + 46/8.4 − G/9; Z = 46/30 − G/40; Iq = 15·log10(1 + 10^Y + 10^Z) (§7.3). */
const Y_RO_REFERENCE = 100;
const Y_RO_DIVISOR = 15;
const Y_CONSTANT = 46 / 8.4;
const Y_G_DIVISOR = 9;
const Z_CONSTANT = 46 / 30;
const Z_G_DIVISOR = 40;
const IQ_SCALE = 15;
/** Roe = −1.5·(No − RLR) (§7.4). */
const ROE_SLOPE = -1.5;
/** TERV = TELR − 40·log10((1 + T/10)/(1 + T/150)) + 6·e^(−0.3·T²) (§7.4). */
const TERV_LOG_WEIGHT = 40;
const TERV_T_SHORT_MS = 10;
const TERV_T_LONG_MS = 150;
const TERV_EXP_WEIGHT = 6;
const TERV_EXP_RATE = 0.3;
/** When STMR < 9 dB, TERVs = TERV + Ist/2 replaces TERV (§7.4). */
const TERVS_STMR_BELOW_DB = 9;
/** When STMR > 20 dB, Idtes = sqrt(Idte² + Ist²) replaces Idte (§7.4). */
const IDTES_STMR_ABOVE_DB = 20;
/** Re = 80 + 2.5·(TERV − 14) (§7.4). */
const RE_OFFSET = 80;
const RE_SLOPE = 2.5;
const RE_TERV_REFERENCE = 14;
/** Idte = [(Roe−Re)/2 + sqrt((Roe−Re)²/4 + 100) − 1]·(1 − e^(−T)) (§7.4). */
const IDTE_SQRT_CONSTANT = 100;
const IDTE_OFFSET = 1;
/** Below 1 ms the echo is perceived as sidetone: Idte = 0 (§7.4). */
const IDTE_MIN_T_MS = 1;
/** Rle = 10.5·(WEPL + 7)·(Tr + 1)^(−0.25) (§7.4). */
const RLE_SCALE = 10.5;
const RLE_WEPL_OFFSET = 7;
const RLE_EXPONENT = -0.25;
/** Idle = (Ro − Rle)/2 + sqrt((Ro − Rle)²/4 + 169) (§7.4). */
const IDLE_SQRT_CONSTANT = 169;
/** Idd = 25·{(1 + X^(6·sT))^(1/(6·sT)) − 3·(1 + (X/3)^(6·sT))^(1/(6·sT)) + 2} (§7.4). */
const IDD_SCALE = 25;
const IDD_EXPONENT_PER_ST = 6;
const IDD_X_DIVISOR = 3;
const IDD_SECOND_WEIGHT = 3;
const IDD_OFFSET = 2;
/** Ie,eff = Ie + (95 − Ie)·Ppl/(Ppl/BurstR + Bpl) (§7.5): 95 is the ceiling of the NB equipment impairment. */
export const IE_EFF_CEILING = 95;

const log10 = Math.log10;
const pow10 = (x: number): number => 10 ** x;
/** Decibels per decade of power: level = 10·log10(power ratio). */
const DB_PER_DECADE = 10;
/** Power ratio of a level in dB. */
const fromDb = (level: number): number => pow10(level / DB_PER_DECADE);
/** Level in dB of a power ratio. */
const toDb = (power: number): number => DB_PER_DECADE * log10(power);
/** Ppl is a percentage (0..100). */
const PERCENT = 100;

/** Fills in defaults and checks that every value is a finite number in the domain of the formulas. */
function resolve(params: Partial<G107Parameters>): G107Parameters {
  const merged: G107Parameters = { ...G107_DEFAULTS, ...stripUndefined(params) };
  if (params.LSTR === undefined) merged.LSTR = merged.STMR + merged.Dr;
  for (const [key, value] of Object.entries(merged)) {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new RangeError(`G.107 parameter ${key} must be a finite number, got ${String(value)}`);
    }
  }
  if (merged.qdu <= 0) throw new RangeError(`G.107 parameter qdu must be > 0, got ${merged.qdu}`);
  if (merged.Bpl <= 0) throw new RangeError(`G.107 parameter Bpl must be > 0, got ${merged.Bpl}`);
  if (merged.BurstR <= 0) throw new RangeError(`G.107 parameter BurstR must be > 0, got ${merged.BurstR}`);
  if (merged.Ppl < 0 || merged.Ppl > PERCENT) {
    throw new RangeError(`G.107 parameter Ppl is a percentage (0..100), got ${merged.Ppl}`);
  }
  for (const key of ['T', 'Ta', 'Tr'] as const) {
    if (merged[key] < 0) throw new RangeError(`G.107 parameter ${key} must be >= 0 ms, got ${merged[key]}`);
  }
  if (merged.mT <= 0) throw new RangeError(`G.107 parameter mT must be > 0 ms, got ${merged.mT}`);
  if (merged.sT <= 0) throw new RangeError(`G.107 parameter sT must be > 0, got ${merged.sT}`);
  return merged;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Effective equipment impairment factor (G.107 §7.5):
 * `Ie,eff = Ie + (ceiling − Ie) · Ppl / (Ppl/BurstR + Bpl)`, Ppl in percent; Ie,eff = Ie when Ppl = 0.
 * `ceiling` is 95 on the narrowband scale (wideband: see wideband.ts).
 */
export function effectiveEquipmentImpairment(
  ie: number,
  bpl: number,
  pplPercent: number,
  burstRatio: number,
  ceiling: number = IE_EFF_CEILING,
): number {
  if (pplPercent === 0) return ie;
  return ie + ((ceiling - ie) * pplPercent) / (pplPercent / burstRatio + bpl);
}

/**
 * Pure-delay impairment Idd (G.107 §7.4), R points: 0 for Ta ≤ mT, otherwise
 * `X = log2(Ta/mT)`, `Idd = 25·{(1 + X^(6·sT))^(1/(6·sT)) − 3·(1 + (X/3)^(6·sT))^(1/(6·sT)) + 2}`.
 * @param taMs absolute one-way delay Ta, ms
 * @param sT delay sensitivity (default 1)
 * @param mTMs minimum perceivable delay, ms (default 100)
 */
export function pureDelayImpairment(
  taMs: number,
  sT: number = G107_DEFAULTS.sT,
  mTMs = G107_DEFAULTS.mT,
): number {
  if (taMs <= mTMs) return 0;
  const x = Math.log(taMs / mTMs) / Math.LN2;
  const e = IDD_EXPONENT_PER_ST * sT;
  return (
    IDD_SCALE *
    ((1 + x ** e) ** (1 / e) - IDD_SECOND_WEIGHT * (1 + (x / IDD_X_DIVISOR) ** e) ** (1 / e) + IDD_OFFSET)
  );
}

/**
 * Computes the G.107 rating R and every term from the given parameters; anything left out takes its
 * Table 1 default ({@link G107_DEFAULTS}). Throws RangeError for non-finite or out-of-domain values
 * (Ppl outside 0..100, Bpl/BurstR/qdu/mT/sT ≤ 0, negative delays).
 *
 * Default connection: Ro 94.7688, Is 1.4136, Id 0.1490, R = 93.2062 (spec 1.9).
 */
export function computeR(params: Partial<G107Parameters> = {}): G107Result {
  const p = resolve(params);

  // §7.2 Basic signal-to-noise ratio Ro.
  const OLR = p.SLR + p.RLR;
  const Nfo = p.Nfor + p.RLR;
  const Pre = p.Pr + toDb(1 + fromDb(PRE_LSTR_REFERENCE_DB - p.LSTR));
  const Nor = p.RLR - NOR_OFFSET_DB + Pre + NOR_QUADRATIC * (Pre - NOR_ROOM_REFERENCE_DBA) ** 2;
  const Nos =
    p.Ps - p.SLR - p.Ds - NOS_OFFSET_DB + NOS_QUADRATIC * (p.Ps - OLR - p.Ds - NOS_REFERENCE_DB) ** 2;
  const No = toDb(fromDb(p.Nc) + fromDb(Nos) + fromDb(Nor) + fromDb(Nfo));
  const Ro = RO_OFFSET - RO_SLOPE * (p.SLR + No);

  // §7.3 Simultaneous impairment factor Is = Iolr + Ist + Iq.
  const Xolr = OLR + XOLR_NOISE_WEIGHT * (XOLR_NOISE_OFFSET + No - p.RLR);
  const Iolr =
    IOLR_SCALE * ((1 + (Xolr / IOLR_DIVISOR) ** IOLR_EXPONENT) ** (1 / IOLR_EXPONENT) - Xolr / IOLR_DIVISOR);
  const STMRo = -toDb(fromDb(-p.STMR) + Math.exp(-p.T / STMRO_ECHO_TIME_CONSTANT_MS) * fromDb(-p.TELR));
  const istTerm = (t: { weight: number; centre: number; width: number; exponent: number }): number =>
    t.weight * (1 + ((STMRo - t.centre) / t.width) ** t.exponent) ** (1 / t.exponent);
  const Ist = istTerm(IST.a) - istTerm(IST.b) - istTerm(IST.c) + IST.offset;
  const Q = Q_OFFSET - Q_SLOPE * log10(p.qdu);
  const G = G_C0 + G_C1 * Q + G_C2 * Q ** 2;
  const Y = (Ro - Y_RO_REFERENCE) / Y_RO_DIVISOR + Y_CONSTANT - G / Y_G_DIVISOR;
  const Z = Z_CONSTANT - G / Z_G_DIVISOR;
  const Iq = IQ_SCALE * log10(1 + pow10(Y) + pow10(Z));
  const Is = Iolr + Ist + Iq;

  // §7.4 Delay impairment factor Id = Idte + Idle + Idd.
  const Roe = ROE_SLOPE * (No - p.RLR);
  let TERV =
    p.TELR -
    TERV_LOG_WEIGHT * log10((1 + p.T / TERV_T_SHORT_MS) / (1 + p.T / TERV_T_LONG_MS)) +
    TERV_EXP_WEIGHT * Math.exp(-TERV_EXP_RATE * p.T ** 2);
  if (p.STMR < TERVS_STMR_BELOW_DB) TERV += Ist / 2;
  const Re = RE_OFFSET + RE_SLOPE * (TERV - RE_TERV_REFERENCE);
  let Idte =
    p.T < IDTE_MIN_T_MS
      ? 0
      : ((Roe - Re) / 2 + Math.sqrt((Roe - Re) ** 2 / 4 + IDTE_SQRT_CONSTANT) - IDTE_OFFSET) *
        (1 - Math.exp(-p.T));
  if (p.STMR > IDTES_STMR_ABOVE_DB) Idte = Math.sqrt(Idte ** 2 + Ist ** 2);
  const Rle = RLE_SCALE * (p.WEPL + RLE_WEPL_OFFSET) * (p.Tr + 1) ** RLE_EXPONENT;
  const Idle = (Ro - Rle) / 2 + Math.sqrt((Ro - Rle) ** 2 / 4 + IDLE_SQRT_CONSTANT);
  const X = p.Ta > p.mT ? Math.log(p.Ta / p.mT) / Math.LN2 : 0;
  const Idd = pureDelayImpairment(p.Ta, p.sT, p.mT);
  const Id = Idte + Idle + Idd;

  // §7.5 Effective equipment impairment factor.
  const IeEff = effectiveEquipmentImpairment(p.Ie, p.Bpl, p.Ppl, p.BurstR);

  // §7.1 R = Ro − Is − Id − Ie,eff + A.
  const R = Ro - Is - Id - IeEff + p.A;

  return {
    scale: 'narrowband',
    R,
    mos: rToMos(R),
    Ro,
    Is,
    Iolr,
    Ist,
    Iq,
    Id,
    Idte,
    Idle,
    Idd,
    IeEff,
    A: p.A,
    terms: {
      OLR,
      Nfo,
      Pre,
      Nor,
      Nos,
      No,
      Xolr,
      Iolr,
      STMRo,
      Ist,
      Q,
      G,
      Y,
      Z,
      Iq,
      Roe,
      TERV,
      Re,
      Rle,
      X,
      lossImpairment: IeEff - p.Ie,
    },
    params: Object.freeze(p),
  };
}

/** Tr = 2·Ta: the listener echo travels the connection twice (spec 1.5). */
export const ECHO_ROUND_TRIP_FACTOR = 2;

/**
 * The G.107 delay convention for a monitor (spec 1.5 and 4.2): the echo path is the connection, so
 * T = Ta and the listener-echo round trip Tr = 2·Ta.
 * @param taMs mouth-to-ear one-way delay, ms
 */
export function delayParameters(taMs: number): Pick<G107Parameters, 'Ta' | 'T' | 'Tr'> {
  return { Ta: taMs, T: taMs, Tr: ECHO_ROUND_TRIP_FACTOR * taMs };
}

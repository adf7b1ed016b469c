/**
 * From capture measurements to an E-model figure (../docs/emodel.md, "the spec", sections 4.2 – 4.7):
 * one-way delay Ta from the round trip, packetisation, codec delay and jitter buffer; loss and
 * jitter-buffer discards into Ie,eff; R, MOS and a breakdown of what costs how many R points.
 */

import type { CodecEntry } from './codecs.ts';
import { computeR, delayParameters } from './g107.ts';
import { MOS_MIN, R_MAX, R_MIN } from './mos.ts';
import { computeWidebandR, RO_WB, WB_SCALE_FACTOR } from './wideband.ts';

/** What the capture measured (or the caller assumed) for one stream and window. */
export interface QualityInputs {
  /** Codec table entry (see codecs.ts lookupCodec). */
  codec: CodecEntry;
  /** End-to-end round trip, ms; null = none measured (see {@link ASSUMED_NETWORK_ONE_WAY_MS}). */
  rttMs: number | null;
  /**
   * True when `rttMs` is only the leg between the capture point and one endpoint (spec 4.2 method 1
   * without the other leg): it is then used as is, as a lower bound of the end-to-end round trip,
   * and the estimate is flagged 'rtt-one-leg'.
   */
  rttIsOneLegOnly?: boolean;
  /** Packet time (ptime) of the stream, ms (RTP timestamp increment / clock rate). */
  packetTimeMs: number;
  /** Receiver jitter-buffer delay, ms (assumed, see {@link jitterBufferDelayFromJitter}). */
  jitterBufferDelayMs: number;
  /** Packets lost in the network, percent of expected (0..100). */
  networkLossPercent: number;
  /** Packets discarded by the (emulated) jitter buffer as late, percent of expected (0..100). */
  discardPercent: number;
  /** G.107 burst ratio (≥ 1; 1 = random loss). Default 1. */
  burstRatio?: number;
  /** One-way network delay assumed when `rttMs` is null, ms. Default {@link ASSUMED_NETWORK_ONE_WAY_MS}. */
  assumedNetworkOneWayMs?: number;
}

/** Where the R points went, each in R points of the estimate's scale. */
export interface ImpairmentBreakdown {
  /** Id: talker echo + listener echo + pure delay, R points. */
  delay: number;
  /** Ie of the codec without loss, R points. */
  codec: number;
  /** Share of the loss impairment (Ie,eff − Ie) due to network loss, R points. */
  networkLoss: number;
  /** Share of the loss impairment due to jitter-buffer discards, R points. */
  jitterBufferDiscards: number;
  /** Is and everything else against the best possible R of the scale (100 NB, 129 WB), R points. */
  other: number;
  /** The largest of delay / codec / networkLoss / jitterBufferDiscards, or 'none' below {@link DOMINANT_MIN_R_POINTS}. */
  dominant: 'delay' | 'codec' | 'networkLoss' | 'jitterBufferDiscards' | 'none';
}

/** Why an estimate deserves a caveat. */
export type QualityFlag =
  /** No media received (100 % loss): MOS 1 reported explicitly, G.107 not evaluated (pitfall 22). */
  | 'no-media'
  /** No RTT measured: the network one-way delay is an assumption. */
  | 'rtt-assumed'
  /** The RTT is one leg only: delay (and thus Id) is a lower bound. */
  | 'rtt-one-leg'
  /** The codec's Ie/Bpl are not official ITU values. */
  | 'codec-estimate'
  /** The codec is not in the table: G.711 parameters stand in. */
  | 'codec-fallback'
  /** Outside the range where G.107 was validated (Ppl > 20 %, BurstR > 8, Ta > 500 ms; spec 1.2). */
  | 'extrapolated';

/** One E-model figure for a stream. */
export interface QualityEstimate {
  /** R on the estimate's scale (0…100 narrowband, 0…129 wideband; not clamped). */
  rFactor: number;
  /** MOS (1 … 4.5), from Annex B (narrowband) or G.107.1 Annex A (wideband). */
  mos: number;
  /** Which R scale `rFactor` and the breakdown are on. */
  scale: 'narrowband' | 'wideband';
  /** One-way mouth-to-ear delay Ta used, ms. */
  taMs: number;
  /** The impairments, R points. */
  impairments: ImpairmentBreakdown;
  /** Total Ppl fed to the model (network loss + discards), percent. */
  lossPercent: number;
  /** BurstR fed to the model. */
  burstRatio: number;
  /** The terms of Ta, ms (null when Ta was given directly). */
  delayBudget: DelayBudget | null;
  /** Caveats, empty when every input was measured and every value is official. */
  flags: readonly QualityFlag[];
}

/** The terms that add up to Ta (spec 4.2), ms. */
export interface DelayBudget {
  /** RTT / 2, or the assumption when no RTT was measured. */
  networkOneWayMs: number;
  /** Sender packetisation (the packet time). */
  packetTimeMs: number;
  /** Codec look-ahead beyond the packet time. */
  codecDelayMs: number;
  /** Receiver jitter buffer. */
  jitterBufferMs: number;
}

/**
 * One-way network delay assumed when no RTT was measured, ms.
 * Choice: 0 — only the delay the monitor can account for (packetisation, codec, jitter buffer) enters
 * Ta, so the figure is an upper bound on quality and flagged 'rtt-assumed'. The spec (4.2) allows a
 * configurable default (sipnab assumes 100 ms) or MOS-LQ; pass `assumedNetworkOneWayMs` to change it.
 */
export const ASSUMED_NETWORK_ONE_WAY_MS = 0;

/** Network one-way delay = RTT / 2 (symmetric paths, spec 4.2). */
const RTT_TO_ONE_WAY_DIVISOR = 2;

/** Jitter-buffer assumption of spec 4.2: max(2·J, ptime) clamped to [20, 200] ms. */
export const JITTER_BUFFER_JITTER_FACTOR = 2;
/** Lower clamp of the assumed jitter buffer, ms (spec 4.2). */
export const JITTER_BUFFER_MIN_MS = 20;
/** Upper clamp of the assumed jitter buffer, ms (spec 4.2). */
export const JITTER_BUFFER_MAX_MS = 200;

/**
 * An impairment must cost at least this many R points (narrowband scale; × 1.29 on the wideband
 * scale) to be named dominant. Choice: 3 R points ≈ 0.06 MOS near the top of the scale, so a clean
 * G.711 call (Id ≈ 1.5 from echo terms and a short delay) reports 'none' instead of 'delay'.
 */
export const DOMINANT_MIN_R_POINTS = 3;

/** Limits of the G.107 validation range (spec 1.2): beyond them the estimate is flagged 'extrapolated'. */
export const VALIDATED_MAX_PPL_PERCENT = 20;
export const VALIDATED_MAX_BURST_RATIO = 8;
export const VALIDATED_MAX_TA_MS = 500;

/** 100 % loss: nothing was received (pitfall 22). */
const TOTAL_LOSS_PERCENT = 100;
/** Rounding tolerance on network loss + discards against 100 % (both sides). */
const PERCENT_EPSILON = 1e-9;

/**
 * The jitter-buffer delay the spec recommends assuming from the RFC 3550 jitter (4.2):
 * `max(2·J, ptime)` clamped to [20, 200] ms.
 * @param jitterMs interarrival jitter, ms
 * @param packetTimeMs packet time, ms
 * @returns assumed jitter-buffer delay, ms
 */
export function jitterBufferDelayFromJitter(jitterMs: number, packetTimeMs: number): number {
  requireNonNegative('jitterMs', jitterMs);
  requireNonNegative('packetTimeMs', packetTimeMs);
  const nominal = Math.max(JITTER_BUFFER_JITTER_FACTOR * jitterMs, packetTimeMs);
  return Math.min(JITTER_BUFFER_MAX_MS, Math.max(JITTER_BUFFER_MIN_MS, nominal));
}

/** Counts over a window from which the 2-state Gilbert model is estimated (spec 4.4). */
export interface LossRunCounts {
  /** Packets received. */
  received: number;
  /** Packets lost (network loss, plus discards if they are counted as lost). */
  lost: number;
  /** Number of loss runs (maximal sequences of consecutive lost packets) = received→lost transitions. */
  lossRuns: number;
}

/** The 2-state Gilbert model estimated from {@link LossRunCounts} (spec 4.4). */
export interface GilbertEstimate {
  /** p = P(lost | previous received) ≈ runs / received; NaN when nothing was received. */
  p: number;
  /** q = P(received | previous lost) ≈ runs / lost; NaN when nothing was lost. */
  q: number;
  /** Loss probability lost / (received + lost), percent. */
  lossPercent: number;
  /** 1 / (p + q), at least 1 (see {@link burstRatioFromRuns}). */
  burstRatio: number;
}

/** Smallest BurstR: G.107 Table 1 range starts at 1 (random loss); VoIPmonitor also clamps to 1. */
export const MIN_BURST_RATIO = 1;

/**
 * Gilbert model from counts (spec 4.4): p = runs/received, q = runs/lost, BurstR = 1/(p + q)
 * = (lost/runs)·(received/(received + lost)), i.e. the (1 − Ppl) form with Ppl = lost/expected (not
 * VoIPmonitor's lost/received). BurstR is 1 when nothing was lost (pitfall 17), and is clamped to ≥ 1
 * (isolated losses give 1/(p+q) slightly below 1: "less bursty than random" is outside G.107's range).
 * With nothing received p is undefined: BurstR 1 (the caller reports "no media", pitfall 22).
 * Throws RangeError for negative / non-integer-consistent counts (runs > lost, or lost > 0 with no run).
 */
export function gilbertFromRuns(counts: LossRunCounts): GilbertEstimate {
  const { received, lost, lossRuns } = counts;
  requireNonNegative('received', received);
  requireNonNegative('lost', lost);
  requireNonNegative('lossRuns', lossRuns);
  if (lossRuns > lost) throw new RangeError(`lossRuns (${lossRuns}) cannot exceed lost (${lost})`);
  if (lost > 0 && lossRuns === 0) throw new RangeError('lost > 0 needs at least one loss run');
  const expected = received + lost;
  const lossPercent = expected === 0 ? 0 : (lost / expected) * TOTAL_LOSS_PERCENT;
  if (lost === 0 || received === 0) {
    return {
      p: received === 0 ? Number.NaN : 0,
      q: lost === 0 ? Number.NaN : lossRuns / lost,
      lossPercent,
      burstRatio: MIN_BURST_RATIO,
    };
  }
  const p = lossRuns / received;
  const q = lossRuns / lost;
  return { p, q, lossPercent, burstRatio: Math.max(MIN_BURST_RATIO, 1 / (p + q)) };
}

/**
 * G.107 BurstR from loss-run counters (spec 4.4, 2-state Gilbert model): 1/(p + q) with
 * p = runs/received and q = runs/lost; 1 when there was no loss (pitfall 17); never below 1.
 * Example: 90 received, 10 lost in 4 runs → 2.25.
 */
export function burstRatioFromRuns(counts: LossRunCounts): number {
  return gilbertFromRuns(counts).burstRatio;
}

/**
 * The explicit "no media" estimate (spec 4.7, pitfall 22): R 0, MOS 1, all of the scale's best R
 * charged to network loss (dominant 'networkLoss'), flagged 'no-media'. G.107 itself would give
 * MOS ≈ 1.14 for 100 % random loss, which would read as "audio, very bad".
 */
export function noMedia(scale: 'narrowband' | 'wideband' = 'narrowband', taMs = 0): QualityEstimate {
  return {
    rFactor: R_MIN,
    mos: MOS_MIN,
    scale,
    taMs,
    impairments: {
      delay: 0,
      codec: 0,
      networkLoss: bestR(scale),
      jitterBufferDiscards: 0,
      other: 0,
      dominant: 'networkLoss',
    },
    lossPercent: TOTAL_LOSS_PERCENT,
    burstRatio: MIN_BURST_RATIO,
    delayBudget: null,
    flags: ['no-media'],
  };
}

/** Inputs of {@link estimateFromDelay}: like {@link QualityInputs} with Ta given directly. */
export interface DelayQualityInputs {
  /** Codec table entry. */
  codec: CodecEntry;
  /** Mouth-to-ear one-way delay, ms (T = Ta and Tr = 2·Ta are used for the echo terms). */
  taMs: number;
  /** Network loss, percent (0..100). */
  networkLossPercent: number;
  /** Jitter-buffer discards, percent (0..100). Default 0. */
  discardPercent?: number;
  /** Burst ratio (≥ 1). Default 1. */
  burstRatio?: number;
}

/**
 * E-model figure for a known mouth-to-ear delay (what `callscope mos --ta` computes): G.107 (or
 * G.107.1 for a wideband codec) with Ta, T = Ta, Tr = 2·Ta, Ppl = loss + discards, the codec's Ie
 * and Bpl. Total loss of 100 % returns {@link noMedia}. Throws RangeError for invalid inputs.
 */
export function estimateFromDelay(inputs: DelayQualityInputs): QualityEstimate {
  const networkLossPercent = inputs.networkLossPercent;
  const discardPercent = inputs.discardPercent ?? 0;
  const burstRatio = inputs.burstRatio ?? MIN_BURST_RATIO;
  requireNonNegative('taMs', inputs.taMs);
  requirePercent('networkLossPercent', networkLossPercent);
  requirePercent('discardPercent', discardPercent);
  if (!(Number.isFinite(burstRatio) && burstRatio >= MIN_BURST_RATIO)) {
    throw new RangeError(`burstRatio must be a finite number >= 1, got ${burstRatio}`);
  }
  const total = networkLossPercent + discardPercent;
  if (total > TOTAL_LOSS_PERCENT + PERCENT_EPSILON) {
    throw new RangeError(`network loss + discards exceed 100 % (${total})`);
  }
  const scale = inputs.codec.band;
  const flags = codecFlags(inputs.codec);
  if (total >= TOTAL_LOSS_PERCENT - PERCENT_EPSILON) {
    const none = noMedia(scale, inputs.taMs);
    const lossShare = networkLossPercent / total;
    const best = bestR(scale);
    return {
      ...none,
      impairments: {
        ...none.impairments,
        networkLoss: best * lossShare,
        jitterBufferDiscards: best * (1 - lossShare),
        dominant: networkLossPercent >= discardPercent ? 'networkLoss' : 'jitterBufferDiscards',
      },
      flags: [...none.flags, ...flags],
    };
  }
  const ppl = Math.min(total, TOTAL_LOSS_PERCENT);
  const model =
    scale === 'wideband'
      ? computeWidebandR({
          IeWB: inputs.codec.ie,
          Bpl: inputs.codec.bpl,
          Ppl: ppl,
          BurstR: burstRatio,
          ...delayParameters(inputs.taMs),
        })
      : computeR({
          Ie: inputs.codec.ie,
          Bpl: inputs.codec.bpl,
          Ppl: ppl,
          BurstR: burstRatio,
          ...delayParameters(inputs.taMs),
        });

  // The loss part of Ie,eff shared pro rata to the two percentages.
  const lossImpairment = model.IeEff - inputs.codec.ie;
  const networkLoss = total === 0 ? 0 : (lossImpairment * networkLossPercent) / total;
  const jitterBufferDiscards = lossImpairment - networkLoss;
  const delay = model.Id;
  const codec = inputs.codec.ie;
  // R = best − (delay + codec + loss parts) − other, with other = (best − Ro) + Is − A; computed from
  // the terms rather than by subtraction so that a zero stays an exact zero.
  const other = bestR(scale) - model.Ro + model.Is - model.A;
  if (
    ppl > VALIDATED_MAX_PPL_PERCENT ||
    burstRatio > VALIDATED_MAX_BURST_RATIO ||
    inputs.taMs > VALIDATED_MAX_TA_MS
  ) {
    flags.push('extrapolated');
  }
  return {
    rFactor: model.R,
    mos: model.mos,
    scale,
    taMs: inputs.taMs,
    impairments: {
      delay,
      codec,
      networkLoss,
      jitterBufferDiscards,
      other,
      dominant: dominantOf({ delay, codec, networkLoss, jitterBufferDiscards }, scale),
    },
    lossPercent: ppl,
    burstRatio,
    delayBudget: null,
    flags,
  };
}

/**
 * The product's pipeline (spec 4.2 – 4.7):
 * `Ta = RTT/2 (or the assumption) + packet time + codec delay + jitter buffer`; `T = Ta`, `Tr = 2·Ta`;
 * `Ppl = network loss + discards`; BurstR as given (default 1); codec Ie/Bpl from the table; G.107 or
 * G.107.1 by the codec's band. The loss impairment Ie,eff − Ie is split between network loss and
 * discards in proportion to their percentages. 100 % total loss returns {@link noMedia}.
 * Throws RangeError for invalid inputs (non-finite, negative delays, percentages outside 0..100,
 * burst ratio < 1).
 */
export function estimateQuality(inputs: QualityInputs): QualityEstimate {
  const assumed = inputs.assumedNetworkOneWayMs ?? ASSUMED_NETWORK_ONE_WAY_MS;
  if (inputs.rttMs !== null) requireNonNegative('rttMs', inputs.rttMs);
  requireNonNegative('assumedNetworkOneWayMs', assumed);
  requireNonNegative('packetTimeMs', inputs.packetTimeMs);
  requireNonNegative('jitterBufferDelayMs', inputs.jitterBufferDelayMs);
  const delayBudget: DelayBudget = {
    networkOneWayMs: inputs.rttMs === null ? assumed : inputs.rttMs / RTT_TO_ONE_WAY_DIVISOR,
    packetTimeMs: inputs.packetTimeMs,
    codecDelayMs: inputs.codec.codecDelayMs,
    jitterBufferMs: inputs.jitterBufferDelayMs,
  };
  const taMs =
    delayBudget.networkOneWayMs +
    delayBudget.packetTimeMs +
    delayBudget.codecDelayMs +
    delayBudget.jitterBufferMs;
  const estimate = estimateFromDelay({
    codec: inputs.codec,
    taMs,
    networkLossPercent: inputs.networkLossPercent,
    discardPercent: inputs.discardPercent,
    burstRatio: inputs.burstRatio ?? MIN_BURST_RATIO,
  });
  const flags = [...estimate.flags];
  if (inputs.rttMs === null) flags.push('rtt-assumed');
  else if (inputs.rttIsOneLegOnly === true) flags.push('rtt-one-leg');
  return { ...estimate, delayBudget, flags };
}

/** Best possible R of a scale: 100 (narrowband, MOS 4.5) or 129 (wideband). */
export function bestR(scale: 'narrowband' | 'wideband'): number {
  return scale === 'wideband' ? RO_WB : R_MAX;
}

function dominantOf(
  parts: Record<'delay' | 'codec' | 'networkLoss' | 'jitterBufferDiscards', number>,
  scale: 'narrowband' | 'wideband',
): ImpairmentBreakdown['dominant'] {
  const threshold = DOMINANT_MIN_R_POINTS * (scale === 'wideband' ? WB_SCALE_FACTOR : 1);
  let best: ImpairmentBreakdown['dominant'] = 'none';
  let bestValue = Number.NEGATIVE_INFINITY;
  for (const key of ['delay', 'codec', 'networkLoss', 'jitterBufferDiscards'] as const) {
    if (parts[key] > bestValue) {
      best = key;
      bestValue = parts[key];
    }
  }
  return bestValue >= threshold ? best : 'none';
}

function codecFlags(codec: CodecEntry): QualityFlag[] {
  if (codec.fallback) return ['codec-fallback', 'codec-estimate'];
  return codec.provenance === 'estimate' ? ['codec-estimate'] : [];
}

function requireNonNegative(name: string, value: number): void {
  if (!(Number.isFinite(value) && value >= 0)) {
    throw new RangeError(`${name} must be a finite number >= 0, got ${value}`);
  }
}

function requirePercent(name: string, value: number): void {
  if (!(Number.isFinite(value) && value >= 0 && value <= TOTAL_LOSS_PERCENT)) {
    throw new RangeError(`${name} must be a percentage 0..100, got ${value}`);
  }
}

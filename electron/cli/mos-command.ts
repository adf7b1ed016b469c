/**
 * `callscope mos`: the E-model calculator. Either a mouth-to-ear delay straight into G.107
 * (`--ta`, with T = Ta and Tr = 2·Ta) or the product's own pipeline from a round trip and jitter
 * (`--rtt`, `--jitter`; ../shared/docs/emodel.md 4.2), plus loss, burst ratio and codec.
 */

import type { Command } from 'commander';
import { CODEC_TABLE, type CodecEntry, lookupCodec } from '../../shared/emodel/codecs.ts';
import {
  estimateFromDelay,
  estimateQuality,
  jitterBufferDelayFromJitter,
  type QualityEstimate,
} from '../../shared/emodel/pipeline.ts';
import { toNarrowbandScale } from '../../shared/emodel/wideband.ts';
import { describeMos, type QualityLevel, qualityLevelInfo } from '../../shared/quality-levels.ts';
import { levelOf } from '../../shared/thresholds.ts';
import { UsageError } from './usage-error.ts';

/** Options of `callscope mos` as commander hands them over (strings), or numbers from code. */
export interface MosOptions {
  /** Mouth-to-ear one-way delay, ms. */
  ta?: string | number;
  /** End-to-end round trip, ms. */
  rtt?: string | number;
  /** Interarrival jitter, ms (pipeline only). */
  jitter?: string | number;
  /** Packet loss, percent. Default 0. */
  loss?: string | number;
  /** G.107 burst ratio (≥ 1). Default 1. */
  burstRatio?: string | number;
  /** Codec name (RTP encoding name or table id). Default PCMU (G.711). */
  codec?: string;
  /** Equipment impairment factor of a codec not in the table (with `bpl`). */
  ie?: string | number;
  /** Packet-loss robustness factor of a codec not in the table (with `ie`). */
  bpl?: string | number;
  /** False for G.711 without packet-loss concealment (`--no-plc`). Default true. */
  plc?: boolean;
  /** Print JSON instead of text. */
  json?: boolean;
}

/** What `--json` prints. */
export interface MosJson {
  rFactor: number;
  mos: number;
  scale: 'narrowband' | 'wideband';
  qualityLevel: QualityLevel;
  /** ITU descriptive name (Excellent … Bad, G.109 bands). */
  rating: string;
  taMs: number;
  impairments: QualityEstimate['impairments'];
  flags: readonly string[];
  inputs: {
    mode: 'ta' | 'rtt' | 'no-delay-measured';
    taMs: number | null;
    rttMs: number | null;
    jitterMs: number | null;
    jitterBufferMs: number | null;
    packetTimeMs: number | null;
    codecDelayMs: number;
    lossPercent: number;
    burstRatio: number;
    codec: {
      id: string;
      name: string;
      band: string;
      ie: number;
      bpl: number;
      provenance: string;
      source: string;
    };
  };
}

/** Upper limit of every delay option, ms (exclusive). */
const MAX_DELAY_MS = 10_000;
/** Range of loss, percent. */
const MAX_PERCENT = 100;
/** Smallest burst ratio (random loss). */
const MIN_BURST_RATIO = 1;
/** Range of Ie (R points). */
const MAX_IE = 100;
/** Packet time of a codec given with --ie/--bpl, ms (RFC 3551 default). */
const USER_CODEC_PTIME_MS = 20;
/** The codec used when none is given. */
const DEFAULT_CODEC = 'PCMU';
/** Digits printed for R and impairments, and for MOS. */
const R_DIGITS = 2;
const MOS_DIGITS = 3;
const MS_DIGITS = 1;

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** A decimal number from an option, or a UsageError naming the option. */
function parseNumber(flag: string, value: string | number): number {
  const number = typeof value === 'number' ? value : DECIMAL.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isFinite(number)) throw new UsageError(`${flag} expects a number, got '${String(value)}'`);
  return number;
}

function delayOption(flag: string, value: string | number | undefined): number | null {
  if (value === undefined) return null;
  const ms = parseNumber(flag, value);
  if (!(ms >= 0 && ms < MAX_DELAY_MS))
    throw new UsageError(`${flag} expects milliseconds >= 0 and < 10000, got ${ms}`);
  return ms;
}

function codecFrom(options: MosOptions): CodecEntry {
  const plc = options.plc !== false;
  if (options.ie !== undefined || options.bpl !== undefined) {
    if (options.codec !== undefined) throw new UsageError('--codec and --ie/--bpl exclude each other');
    if (options.ie === undefined || options.bpl === undefined)
      throw new UsageError('--ie and --bpl go together');
    if (!plc) throw new UsageError('--no-plc applies to G.711 only, not to --ie/--bpl');
    const ie = parseNumber('--ie', options.ie);
    if (!(ie >= 0 && ie <= MAX_IE)) throw new UsageError(`--ie expects 0-100, got ${ie}`);
    const bpl = parseNumber('--bpl', options.bpl);
    if (!(bpl > 0)) throw new UsageError(`--bpl expects a number > 0, got ${bpl}`);
    return userCodec(ie, bpl);
  }
  const name = options.codec ?? DEFAULT_CODEC;
  const codec = lookupCodec(name, { g711Plc: plc });
  if (codec.fallback) {
    const known = CODEC_TABLE.map((entry) => entry.id).join(', ');
    throw new UsageError(`unknown codec '${name}' (known: ${known}; or give --ie and --bpl)`);
  }
  if (!plc && codec.id !== 'g711-noplc')
    throw new UsageError(`--no-plc applies to G.711 only, not to ${codec.name}`);
  return codec;
}

function userCodec(ie: number, bpl: number): CodecEntry {
  return {
    id: 'user',
    name: `user codec (Ie ${ie}, Bpl ${bpl})`,
    aliases: [],
    band: 'narrowband',
    ie,
    bpl,
    bitrateKbps: null,
    provenance: 'user',
    ieProvenance: 'user',
    bplProvenance: 'user',
    source: 'given with --ie and --bpl',
    defaultPacketTimeMs: USER_CODEC_PTIME_MS,
    codecDelayMs: 0,
    staticPayloadTypes: [],
    fallback: false,
    reason: null,
  };
}

/** Computes the figure for validated options; throws UsageError for bad values. */
export function computeMos(options: MosOptions): MosJson {
  const taMs = delayOption('--ta', options.ta);
  const rttMs = delayOption('--rtt', options.rtt);
  const jitterMs = delayOption('--jitter', options.jitter);
  if (taMs !== null && rttMs !== null) throw new UsageError('--ta and --rtt exclude each other');
  if (taMs !== null && jitterMs !== null) throw new UsageError('--jitter applies to --rtt, not to --ta');
  const lossPercent = options.loss === undefined ? 0 : parseNumber('--loss', options.loss);
  if (!(lossPercent >= 0 && lossPercent <= MAX_PERCENT)) {
    throw new UsageError(`--loss expects a percentage 0-100, got ${lossPercent}`);
  }
  const burstRatio =
    options.burstRatio === undefined ? MIN_BURST_RATIO : parseNumber('--burst-ratio', options.burstRatio);
  if (!(burstRatio >= MIN_BURST_RATIO))
    throw new UsageError(`--burst-ratio expects a number >= 1, got ${burstRatio}`);
  const codec = codecFrom(options);

  let estimate: QualityEstimate;
  let jitterBufferMs: number | null = null;
  let packetTimeMs: number | null = null;
  if (taMs !== null) {
    estimate = estimateFromDelay({ codec, taMs, networkLossPercent: lossPercent, burstRatio });
  } else {
    packetTimeMs = codec.defaultPacketTimeMs;
    jitterBufferMs = jitterBufferDelayFromJitter(jitterMs ?? 0, packetTimeMs);
    estimate = estimateQuality({
      codec,
      rttMs,
      packetTimeMs,
      jitterBufferDelayMs: jitterBufferMs,
      networkLossPercent: lossPercent,
      discardPercent: 0,
      burstRatio,
    });
  }
  return {
    rFactor: estimate.rFactor,
    mos: estimate.mos,
    scale: estimate.scale,
    qualityLevel: levelOf('mos', estimate.mos),
    rating: describeMos(estimate.mos).name,
    taMs: estimate.taMs,
    impairments: estimate.impairments,
    flags: estimate.flags,
    inputs: {
      mode: taMs !== null ? 'ta' : rttMs !== null ? 'rtt' : 'no-delay-measured',
      taMs,
      rttMs,
      jitterMs,
      jitterBufferMs,
      packetTimeMs,
      codecDelayMs: taMs !== null ? 0 : codec.codecDelayMs,
      lossPercent,
      burstRatio,
      codec: {
        id: codec.id,
        name: codec.name,
        band: codec.band,
        ie: codec.ie,
        bpl: codec.bpl,
        provenance: codec.provenance,
        source: codec.source,
      },
    },
  };
}

/** The text report. */
export function renderMos(result: MosJson): string {
  const r = (value: number): string => value.toFixed(R_DIGITS);
  const { impairments: imp, inputs } = result;
  const level = qualityLevelInfo(result.qualityLevel);
  const scaleText =
    result.scale === 'wideband'
      ? `wideband scale 0-129, G.107.1; ${r(toNarrowbandScale(result.rFactor))} on the narrowband scale`
      : 'narrowband scale 0-100, G.107';
  const rating = describeMos(result.mos);
  const lines = [
    `R factor  ${r(result.rFactor)} (${scaleText})`,
    `MOS       ${result.mos.toFixed(MOS_DIGITS)} (${result.scale})`,
    `Quality   ${level.label}; G.109 rating ${rating.name} (${rating.satisfaction})`,
    `Codec     ${inputs.codec.name}: Ie ${inputs.codec.ie}, Bpl ${inputs.codec.bpl} (${inputs.codec.provenance})`,
    `Ta        ${result.taMs.toFixed(MS_DIGITS)} ms${delayText(result)}`,
    `Loss      ${inputs.lossPercent} %, burst ratio ${inputs.burstRatio}`,
    'Impairments (R points):',
    `  delay (Id)              ${r(imp.delay)}`,
    `  codec (Ie)              ${r(imp.codec)}`,
    `  network loss            ${r(imp.networkLoss)}`,
    `  jitter-buffer discards  ${r(imp.jitterBufferDiscards)}`,
    `  other (Is, noise, A)    ${r(imp.other)}`,
    `  dominant                ${imp.dominant}`,
  ];
  for (const flag of result.flags) lines.push(`Note: ${flagText(flag, result)}`);
  return `${lines.join('\n')}\n`;
}

function delayText(result: MosJson): string {
  const { inputs } = result;
  if (inputs.mode === 'ta') return ' (given; T = Ta, Tr = 2·Ta)';
  const network = inputs.rttMs === null ? 'no RTT: network 0' : `RTT/2 ${inputs.rttMs / 2}`;
  return ` (${network} + packet ${inputs.packetTimeMs} + codec ${inputs.codecDelayMs} + jitter buffer ${inputs.jitterBufferMs})`;
}

function flagText(flag: string, result: MosJson): string {
  switch (flag) {
    case 'rtt-assumed':
      return 'no --rtt or --ta: network delay not included (assumed 0 ms)';
    case 'codec-estimate':
      return `codec values are estimates: ${result.inputs.codec.source}`;
    case 'extrapolated':
      return 'outside the range G.107 was validated for (loss > 20 %, burst ratio > 8 or Ta > 500 ms)';
    case 'no-media':
      return '100 % loss: no media, MOS 1 reported without evaluating G.107';
    default:
      return flag;
  }
}

/** Runs `callscope mos`; resolves to the exit status (0). Throws UsageError (status 2) for bad values. */
export async function runMos(options: MosOptions): Promise<number> {
  const result = computeMos(options);
  process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : renderMos(result));
  return 0;
}

/** Adds the `mos` subcommand to the `callscope` program. */
export function registerMosCommand(program: Command, setStatus: (status: number) => void): void {
  program
    .command('mos')
    .description('E-model calculator (ITU-T G.107 / G.107.1): R factor and MOS from delay, loss and codec')
    .option('--ta <ms>', 'mouth-to-ear one-way delay fed straight into G.107 (T = Ta, Tr = 2·Ta)')
    .option(
      '--rtt <ms>',
      'end-to-end round trip; Ta from the pipeline (RTT/2 + packet + codec + jitter buffer)',
    )
    .option(
      '--jitter <ms>',
      'interarrival jitter with --rtt: jitter buffer max(2·jitter, ptime) within 20-200 ms',
    )
    .option('--loss <percent>', 'packet loss, percent 0-100', '0')
    .option('--burst-ratio <r>', 'G.107 burst ratio, >= 1 (1 = random loss)', '1')
    .option('--codec <name>', 'codec (RTP encoding name such as PCMU, G722, G729, opus, AMR-WB)')
    .option('--ie <n>', 'equipment impairment factor Ie of another codec (with --bpl)')
    .option('--bpl <n>', 'packet-loss robustness factor Bpl of another codec (with --ie)')
    .option('--no-plc', 'G.711 without packet-loss concealment (Bpl 4.3 instead of 25.1)')
    .option('--json', 'print one JSON document')
    .action(async (options: MosOptions) => {
      setStatus(await runMos(options));
    });
}

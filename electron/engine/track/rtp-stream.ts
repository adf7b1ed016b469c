/**
 * One RTP stream direction: its identity, statistics, per-second windows, and, while the stream is
 * still on probation (found by heuristics and not yet confirmed), the packets held back until it is.
 */

import type { StreamSecond } from '../../../shared/analysis.ts';
import { type CodecEntry, lookupCodec } from '../../../shared/emodel/codecs.ts';
import { PT_CN, PT_CN_OLD, STATIC_PAYLOAD_TYPES } from '../../../shared/payload-types.ts';
import type { VoipMetrics } from '../decode/rtcp.ts';
import { CodecEvidence, type CodecGuess, guessCodec } from './codec-guess.ts';
import { type BindingMatch, resolveStaticPayload } from './media-registry.ts';
import { RoundTripStats } from './round-trip.ts';
import type { PayloadFormat, RtpPacketInput } from './rtp-stream-stats.ts';
import {
  IPV4_UDP_OVERHEAD_BYTES,
  IPV6_UDP_OVERHEAD_BYTES,
  PacketFlag,
  RtpStreamStats,
} from './rtp-stream-stats.ts';
import { SecondWindows } from './second-windows.ts';
import {
  DEFAULT_QUALITY_OPTIONS,
  type QualityContext,
  type QualityOptions,
  StreamQuality,
} from './stream-quality.ts';
import type { StreamKey } from './stream-table.ts';
import { timestampForward } from './wrap.ts';

/** What the far end said about a stream in its latest RTCP report block. */
export interface FarEndView {
  /** Fraction lost since its previous report, percent (from the 1/256 field). */
  fractionLostPercent: number;
  /** Cumulative packets lost as the receiver counts them (signed). */
  cumulativeLost: number;
  /** Interarrival jitter the receiver computed, ms; null without a clock rate. */
  jitterMs: number | null;
}

/** A packet held while its stream is on probation: the header fields plus its capture time. */
export interface HeldPacket extends RtpPacketInput {
  tsSec: number;
  tsNsec: number;
}

const MS_PER_S = 1000;
/** Packet time assumed when neither signalling nor the stream tells, ms. */
const DEFAULT_PACKET_TIME_MS = 20;
/** RTP clock of video payloads (RFC 3551). */
const VIDEO_CLOCK_HZ = 90_000;

/** Opus limited to narrowband by its SDP (RFC 7587 `maxplaybackrate` at most 8000 Hz). */
function isNarrowbandOpus(fmtp: string | null | undefined): boolean {
  const match = /(?:^|;)\s*maxplaybackrate=(\d+)/i.exec(fmtp ?? '');
  return match !== null && Number(match[1]) <= NARROWBAND_MAX_SAMPLE_RATE_HZ;
}

/** Flag of a second in which the capture itself dropped packets. */
export const CAPTURE_LOSS_FLAG = 'capture-loss';

/** Highest audio sample rate of narrowband speech, Hz. */
const NARROWBAND_MAX_SAMPLE_RATE_HZ = 8000;

export class RtpStream {
  readonly stats = new RtpStreamStats();
  windows: SecondWindows | null = null;
  /** Payload types in order of first appearance. */
  readonly payloadTypes: number[] = [];
  /** The encoding of each of `payloadTypes` as resolved when it first appeared (signalling can change later). */
  readonly payloadNames: (string | null)[] = [];
  /** Capture time of the first packet: seconds and nanoseconds since the Unix epoch. */
  firstSec = 0;
  firstNsec = 0;
  /** Capture time of the latest packet. */
  lastSec = 0;
  lastNsec = 0;
  /** RTCP sender reports whose sender SSRC is this stream's. */
  rtcpSenderReports = 0;
  /** RTCP report blocks about this stream's SSRC. */
  rtcpReportBlocks = 0;
  /** Round trips between the capture point and this stream's receiver (RTCP, capture-time method). */
  readonly roundTrip = new RoundTripStats();
  /** The receiver's own view from its latest report block; null before one. */
  farEnd: FarEndView | null = null;
  /** The receiver's latest RTCP-XR VoIP metrics about this stream; null when none. */
  voipMetrics: VoipMetrics | null = null;
  /** Packets held while on probation; null once the stream is confirmed. */
  held: HeldPacket[] | null;
  readonly #ipOverheadBytes: number;

  /** R-factor and MOS: the jitter-buffer emulation and the per-second figures. */
  readonly quality: StreamQuality;
  /** The stream flowing the other way between the same endpoints (its RTCP leg completes the round trip). */
  reverse: RtpStream | null = null;
  /** Packet time measured from consecutive packets (timestamp step / clock), ms; null until stable. */
  measuredPacketTimeMs: number | null = null;
  #lastSeq = -1;
  #lastTimestamp = 0;
  #lastArrivalMs = 0;
  #packetTimeCandidateMs = 0;
  /** Timestamp and size evidence of the first payload type, for a guess when nobody named it. */
  readonly codecEvidence = new CodecEvidence();

  /** What signalling announced for this stream's endpoints; null when nothing (yet). */
  binding: BindingMatch | null = null;
  /** The registry generation at which `binding` was last looked up. */
  bindingGeneration = -1;

  constructor(
    readonly key: StreamKey,
    confirmed: boolean,
    qualityOptions: QualityOptions = DEFAULT_QUALITY_OPTIONS,
  ) {
    this.held = confirmed ? null : [];
    this.quality = new StreamQuality(qualityOptions);
    this.#ipOverheadBytes = key.ipVersion === 6 ? IPV6_UDP_OVERHEAD_BYTES : IPV4_UDP_OVERHEAD_BYTES;
  }

  /** Clock rate and encoding of a payload type: announced by signalling, else the static table. */
  resolvePayload(payloadType: number): PayloadFormat {
    return this.binding?.binding.formats.get(payloadType) ?? resolveStaticPayload(payloadType);
  }

  get confirmed(): boolean {
    return this.held === null;
  }

  /** Takes one packet into the statistics, its second window and the jitter-buffer emulation. */
  add(packet: RtpPacketInput, tsSec: number, tsNsec: number): void {
    if (this.windows === null) {
      this.windows = new SecondWindows(packet.timeMs, this.roundTrip, (second, lossRuns) =>
        this.#rateSecond(second, lossRuns),
      );
      this.firstSec = tsSec;
      this.firstNsec = tsNsec;
    } else {
      this.windows.closeUntil(packet.timeMs, this.stats);
    }
    const pt = packet.payloadType;
    const format = this.resolvePayload(pt);
    if (!this.payloadTypes.includes(pt)) {
      this.payloadTypes.push(pt);
      this.payloadNames.push(format.encoding);
    }
    const flags = this.stats.add(packet, format);
    this.windows.add(this.stats, packet.rtpLength + this.#ipOverheadBytes);
    if ((flags & PacketFlag.DUPLICATE) === 0) {
      const clockRateHz = format.telephoneEvent ? 0 : format.clockRateHz;
      this.#measurePacketTime(packet, clockRateHz);
      const packetTimeMs = this.packetTimeMs(null);
      this.quality.onPacket(
        packet.timeMs,
        packet.timestamp,
        packet.marker,
        clockRateHz,
        this.stats.jitterMs,
        packetTimeMs,
      );
    }
    this.lastSec = tsSec;
    this.lastNsec = tsNsec;
    this.ended = false;
  }

  /** Packet time, ms: `a=ptime` from signalling, else measured, else the codec's usual one (20 ms). */
  packetTimeMs(codec: CodecEntry | null): number {
    return (
      this.binding?.binding.packetTimeMs ??
      this.measuredPacketTimeMs ??
      codec?.defaultPacketTimeMs ??
      DEFAULT_PACKET_TIME_MS
    );
  }

  /**
   * Steps between consecutive packets: a timestamp step seen twice in a row becomes the packet time,
   * and the first payload type's steps and sizes are kept as evidence for a codec guess.
   */
  #measurePacketTime(packet: RtpPacketInput, clockRateHz: number): void {
    const consecutive = this.#lastSeq >= 0 && ((this.#lastSeq + 1) & 0xffff) === packet.sequenceNumber;
    const step = timestampForward(this.#lastTimestamp, packet.timestamp);
    const arrivalStepMs = packet.timeMs - this.#lastArrivalMs;
    this.#lastSeq = packet.sequenceNumber;
    this.#lastTimestamp = packet.timestamp;
    this.#lastArrivalMs = packet.timeMs;
    if (!consecutive || packet.marker || step === 0) return;
    if (packet.payloadType === this.payloadTypes[0]) {
      this.codecEvidence.add(step, arrivalStepMs, packet.payloadLength);
    }
    if (clockRateHz <= 0 || step > clockRateHz) return;
    const candidateMs = (step / clockRateHz) * MS_PER_S;
    if (candidateMs === this.#packetTimeCandidateMs) this.measuredPacketTimeMs = candidateMs;
    this.#packetTimeCandidateMs = candidateMs;
  }

  /** A guess at the codec from the packets, when neither signalling nor the static table names it. */
  codecGuess(): CodecGuess | null {
    const first = this.payloadTypes[0];
    if (first === undefined || this.resolvePayload(first).encoding !== null) return null;
    return guessCodec(this.codecEvidence);
  }

  /** The speech codec of the stream (first payload type that is not comfort noise or an event); null for video or no audio. */
  speechCodec(g711Plc: boolean): CodecEntry | null {
    for (const pt of this.payloadTypes) {
      if (pt === PT_CN || pt === PT_CN_OLD) continue;
      const format = this.resolvePayload(pt);
      if (format.telephoneEvent) continue;
      const guess = format.encoding === null ? this.codecGuess() : null;
      const isVideo =
        STATIC_PAYLOAD_TYPES.get(pt)?.media === 'video' ||
        format.clockRateHz === VIDEO_CLOCK_HZ ||
        guess?.video === true;
      if (isVideo) return null;
      const codec = lookupCodec(format.encoding ?? guess?.encoding ?? null, { g711Plc });
      return codec.id === 'opus' && isNarrowbandOpus(format.fmtp) ? lookupCodec('opus-nb') : codec;
    }
    return null;
  }

  /** The end-to-end round trip the E-model uses now: this leg's latest sample plus the reverse's. */
  heldRoundTrip(): { rttMs: number | null; legs: number } {
    const legs = [this.roundTrip.lastMs, this.reverse?.roundTrip.lastMs ?? null].filter((ms) => ms !== null);
    return { rttMs: legs.length === 0 ? null : legs.reduce((a, b) => a + b, 0), legs: legs.length };
  }

  #rateSecond(second: StreamSecond, lossRuns: number): void {
    const codec = this.speechCodec(this.quality.options.g711Plc);
    const roundTrip = this.heldRoundTrip();
    const context: QualityContext | null =
      codec === null
        ? null
        : {
            codec,
            rttMs: roundTrip.rttMs,
            rttLegs: roundTrip.legs,
            jitterMs: second.jitterMs ?? this.stats.jitterMs,
            packetTimeMs: this.packetTimeMs(codec),
          };
    const { discards, figure } = this.quality.closeSecond(second, lossRuns, context);
    second.discards = discards;
    if (this.captureLossPending) {
      // Loss in this second may be the capture's own (kernel or interface drops), not the network's.
      second.qualityFlags.push(CAPTURE_LOSS_FLAG);
      this.captureLossSeconds++;
      this.#captureLossFlagged = true;
    }
    if (figure === null) return;
    if (this.codecGuess()?.encoding != null && !figure.flags.includes('codec-guessed')) {
      figure.flags = [...figure.flags, 'codec-guessed'];
    }
    second.rFactor = figure.rFactor;
    second.mos = figure.mos;
    second.qualityLevel = figure.qualityLevel;
    second.scale = figure.scale;
    second.impairments = figure.impairments;
    second.qualityFlags = [...figure.flags, ...second.qualityFlags];
  }

  /** Ends probation: the held packets enter the statistics in arrival order. */
  confirm(): void {
    const held = this.held;
    if (held === null) return;
    this.held = null;
    for (const packet of held) this.add(packet, packet.tsSec, packet.tsNsec);
  }

  /** True once the stream was ended: silent past the idle timeout (live), or at the end of the input. */
  ended = false;
  /** The capture lost packets (kernel or interface drops) since the last tick: the seconds the next tick closes are flagged. */
  captureLossPending = false;
  /** Seconds flagged 'capture-loss'. */
  captureLossSeconds = 0;
  #captureLossFlagged = false;

  /**
   * The clock moved on to `nowMs` (capture clock) without necessarily a packet: closes the seconds
   * before it, and ends the stream when it has been silent for `idleTimeoutMs`. A packet arriving
   * later resumes it.
   */
  tick(nowMs: number, idleTimeoutMs: number): void {
    if (this.ended || this.windows === null) return;
    this.windows.closeUntil(nowMs, this.stats);
    if (nowMs - this.#lastArrivalMs > idleTimeoutMs) this.finish();
    // Drops reported before this tick belong to the seconds it closed: once one is flagged, done.
    if (this.#captureLossFlagged) this.captureLossPending = false;
    this.#captureLossFlagged = false;
  }

  /** Closes the last second window and marks the stream ended (end of a file, or idle). */
  finish(): void {
    if (this.ended) return;
    this.ended = true;
    this.windows?.finish(this.stats);
  }
}

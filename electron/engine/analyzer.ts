/**
 * The engine's packet path: frame -> link/IP/UDP -> RTP or RTCP -> stream statistics. Sources push
 * frames in; the analyzer never reads the clock: every time comes from the frames.
 */

import type { FrameCounts, RtcpCounts } from '../../shared/analysis.ts';
import { isPlausibleMediaPayloadType } from '../../shared/payload-types.ts';
import { formatEndpoint } from './decode/address.ts';
import { MALFORMED } from './decode/decode-status.ts';
import { IpReassembler } from './decode/ip-reassembly.ts';
import { decodeNetwork } from './decode/link.ts';
import type { PacketInfo } from './decode/packet-info.ts';
import { IpProtocol, newPacketInfo } from './decode/packet-info.ts';
import { decodeRtcpCompound } from './decode/rtcp.ts';
import { decodeRtp, looksLikeRtcp, newRtpHeader } from './decode/rtp.ts';
import type { SipMessage } from './signalling/sip-message.ts';
import { looksLikeSip, parseSipMessage } from './signalling/sip-message.ts';
import { SipTcpReassembler } from './signalling/sip-tcp-stream.ts';
import type { Frame } from './source/frame.ts';
import { CallTracker } from './track/call-tracker.ts';
import { MediaRegistry } from './track/media-registry.ts';
import { RtcpTally } from './track/rtcp-tally.ts';
import type { HeldPacket } from './track/rtp-stream.ts';
import { RtpStream } from './track/rtp-stream.ts';
import type { RtpPacketInput } from './track/rtp-stream-stats.ts';
import { DEFAULT_QUALITY_OPTIONS, type QualityOptions } from './track/stream-quality.ts';
import { copyKey, hashFlow, StreamTable } from './track/stream-table.ts';
import { seqDelta, timestampDelta } from './track/wrap.ts';

/** How the analyzer finds RTP. */
export interface AnalyzerOptions {
  /** UDP ports whose datagrams are RTP (or RTCP where they parse as RTCP), like Wireshark's "Decode As". */
  decodeAsUdpPorts?: Iterable<number>;
  /** Find RTP without signalling, by its header (default true). */
  heuristics?: boolean;
  /** Packets of one SSRC with advancing sequence numbers before a heuristic stream counts (default 3). */
  probationPackets?: number;
  /** Streams on probation kept at most; the oldest is dropped beyond it (default 10 000). */
  maxCandidates?: number;
  /** How R and MOS are computed (window, jitter buffer, G.711 PLC, thresholds). */
  quality?: Partial<QualityOptions>;
  /** Live capture: a stream silent this long is ended, seconds (default 60). */
  idleTimeoutS?: number;
}

/** How far behind the tick's time a second is closed, ms: late packets still in flight land in it. */
export const TICK_GRACE_MS = 200;

const NS_PER_MS = 1e6;
const NS_PER_S = 1e9;
/** Default idle timeout of a live stream, s. */
const DEFAULT_IDLE_TIMEOUT_S = 60;
const MS_PER_S = 1000;
/** Largest sequence step between two packets on probation (RFC 3550 MAX_MISORDER-sized). */
const PROBATION_MAX_SEQ_STEP = 100;
/** Largest RTP timestamp step between two packets on probation: 10 s at 90 kHz. */
const PROBATION_MAX_TS_STEP = 900_000;
/** Smallest UDP payload that can hold an RTP header. */
const RTP_MIN_LENGTH = 12;

export class Analyzer {
  readonly counts: FrameCounts = { read: 0, rtp: 0, rtcp: 0, sip: 0, skipped: {}, malformed: 0 };
  readonly registry: MediaRegistry;
  /** SIP calls seen, which also announce their media to `registry`. */
  readonly calls: CallTracker;
  readonly #sipTcp = new SipTcpReassembler();
  readonly #rtcp = new RtcpTally();
  readonly #table = new StreamTable<RtpStream>();
  /** Confirmed streams in order of confirmation (the report order). */
  readonly #streams: RtpStream[] = [];
  readonly #bySsrc = new Map<number, RtpStream[]>();
  readonly #candidates = new Map<RtpStream, number>();
  readonly #info: PacketInfo = newPacketInfo();
  readonly #rtp = newRtpHeader();
  /** Reused for every packet of a confirmed stream (the statistics copy what they keep). */
  readonly #input: RtpPacketInput = {
    timeMs: 0,
    sequenceNumber: 0,
    timestamp: 0,
    payloadType: 0,
    marker: false,
    rtpLength: 0,
    payloadLength: 0,
  };
  readonly #reassembler = new IpReassembler();
  readonly #heuristics: boolean;
  readonly #probationPackets: number;
  readonly #maxCandidates: number;
  readonly #quality: QualityOptions;
  readonly #idleTimeoutMs: number;
  /** The latest confirmed stream by `source>destination` endpoints, to pair each with its reverse. */
  readonly #byDirection = new Map<string, RtpStream>();
  #baseSec = 0;
  #baseNsec = 0;
  #lastSec = 0;
  #lastNsec = 0;

  constructor(options: AnalyzerOptions = {}) {
    this.registry = new MediaRegistry(options.decodeAsUdpPorts);
    this.calls = new CallTracker(this.registry);
    this.#heuristics = options.heuristics ?? true;
    this.#probationPackets = Math.max(1, options.probationPackets ?? 3);
    this.#maxCandidates = Math.max(1, options.maxCandidates ?? 10_000);
    this.#quality = { ...DEFAULT_QUALITY_OPTIONS, ...options.quality };
    this.#idleTimeoutMs = Math.max(1, options.idleTimeoutS ?? DEFAULT_IDLE_TIMEOUT_S) * MS_PER_S;
  }

  /** RTCP packets seen so far, by type. */
  get rtcpCounts(): RtcpCounts {
    return this.#rtcp.counts;
  }

  /** Takes one frame (the object is reused by the source: nothing is kept from it). */
  readonly onFrame = (frame: Frame): void => {
    if (this.counts.read++ === 0) {
      this.#baseSec = frame.tsSec;
      this.#baseNsec = frame.tsNsec;
    }
    this.#lastSec = frame.tsSec;
    this.#lastNsec = frame.tsNsec;
    const timeMs = (frame.tsSec - this.#baseSec) * MS_PER_S + (frame.tsNsec - this.#baseNsec) / NS_PER_MS;
    const info = this.#info;
    const status = decodeNetwork(frame, info, this.#reassembler, frame.tsSec + frame.tsNsec / 1e9);
    if (status !== 'ok') {
      this.#skip(status, MALFORMED.has(status));
      return;
    }
    if (info.ipProtocol !== IpProtocol.UDP) {
      this.#onTcp(info, timeMs, frame.tsSec, frame.tsNsec);
      return;
    }
    this.#onUdp(info, timeMs, frame.tsSec, frame.tsNsec);
  };

  /** Capture time of the first frame as [seconds, nanoseconds] since the epoch; null before any frame. */
  get firstTime(): [number, number] | null {
    return this.counts.read === 0 ? null : [this.#baseSec, this.#baseNsec];
  }

  /** Capture time of the latest frame as [seconds, nanoseconds] since the epoch; null before any frame. */
  get lastTime(): [number, number] | null {
    return this.counts.read === 0 ? null : [this.#lastSec, this.#lastNsec];
  }

  /** Streams on probation now (bounded by `maxCandidates`). */
  get candidateCount(): number {
    return this.#candidates.size;
  }

  /** Streams confirmed so far, in order of first confirmation. */
  get streams(): readonly RtpStream[] {
    return this.#streams;
  }

  /**
   * Live capture: the capture clock is at `tsSec`/`tsNsec` (the caller's clock: the engine never reads
   * one). Closes every stream's seconds up to TICK_GRACE_MS before it, so a stream that stopped shows
   * as stopped, and ends streams silent past the idle timeout. Before the first frame it does nothing.
   */
  tick(tsSec: number, tsNsec: number): void {
    if (this.counts.read === 0) return;
    const nowMs = (tsSec - this.#baseSec) * MS_PER_S + (tsNsec - this.#baseNsec) / NS_PER_MS - TICK_GRACE_MS;
    for (const stream of this.#streams) stream.tick(nowMs, this.#idleTimeoutMs);
  }

  /**
   * The capture dropped packets (kernel or interface drops) since the last tick: the seconds the next
   * tick closes are flagged 'capture-loss' on every active stream, so loss at the capture point is
   * never shown as network loss without a flag.
   */
  flagCaptureLoss(): void {
    for (const stream of this.#streams) if (!stream.ended) stream.captureLossPending = true;
  }

  /** The capture clock of a time, ms since the first frame (for sinks that line seconds up). */
  captureMs(tsSec: number, tsNsec: number): number {
    return (tsSec - this.#baseSec) * MS_PER_S + (tsNsec - this.#baseNsec) / NS_PER_MS;
  }

  /** Ends the analysis: closes every stream's last second; packets still on probation count as skipped. */
  finish(): void {
    for (const stream of this.#streams) stream.finish();
    for (const candidate of this.#candidates.keys()) this.#dropCandidate(candidate);
  }

  #skip(reason: string, malformed: boolean, frames = 1): void {
    const skipped = this.counts.skipped;
    skipped[reason] = (skipped[reason] ?? 0) + frames;
    if (malformed) this.counts.malformed += frames;
  }

  #onUdp(info: PacketInfo, timeMs: number, tsSec: number, tsNsec: number): void {
    const view = info.payloadView;
    const offset = info.payloadOffset;
    const length = info.payloadLength;
    if (looksLikeSip(info.payload, offset, length)) {
      const message = parseSipMessage(info.payload, offset, length);
      if (typeof message === 'string') this.#skip(message, message !== 'not-sip');
      else this.#onSip(message, timeMs, tsSec, tsNsec);
      return;
    }
    if (looksLikeRtcp(view, offset, length)) {
      this.#onRtcp(info, timeMs);
      return;
    }
    if (length < RTP_MIN_LENGTH) {
      this.#skip('not-rtp', false);
      return;
    }
    const rtp = this.#rtp;
    const status = decodeRtp(view, offset, length, length, rtp);
    const stream = status === 'ok' ? this.#table.find(info, rtp.ssrc) : undefined;
    if (stream !== undefined) {
      if (stream.bindingGeneration !== this.registry.generation) this.#bind(stream, info);
      this.#addPacket(stream, timeMs, tsSec, tsNsec, length);
      return;
    }
    const forced = this.registry.isDecodeAsPort(info);
    const announced = this.registry.lookup(info);
    if (status !== 'ok') {
      if (forced || announced !== undefined) this.#skip(status, true);
      else this.#skip('not-rtp', false);
      return;
    }
    const trusted = forced || announced !== undefined;
    if (!trusted && (!this.#heuristics || !isPlausibleMediaPayloadType(rtp.payloadType))) {
      this.#skip('not-rtp', false);
      return;
    }
    const confirmed = trusted || this.#sourceKnowsSsrc(info, rtp.ssrc);
    const created = new RtpStream(copyKey(info, rtp.ssrc), confirmed, this.#quality);
    created.binding = announced ?? null;
    created.bindingGeneration = this.registry.generation;
    this.#table.insert(hashFlow(info, rtp.ssrc), created);
    if (confirmed) this.#register(created);
    else this.#addCandidate(created);
    this.#addPacket(created, timeMs, tsSec, tsNsec, length);
  }

  /** TCP: SIP carried over it (framed by Content-Length across segments); anything else is skipped. */
  #onTcp(info: PacketInfo, timeMs: number, tsSec: number, tsNsec: number): void {
    const key = `${formatEndpoint(info.ipVersion, info.src, info.srcPort)}>${formatEndpoint(info.ipVersion, info.dst, info.dstPort)}`;
    const messages = this.#sipTcp.push(
      key,
      info.tcpSeq,
      info.tcpFlags,
      info.payload,
      info.payloadOffset,
      info.payloadLength,
      tsSec + tsNsec / NS_PER_S,
    );
    if (messages.length === 0) {
      this.#skip('tcp', false);
      return;
    }
    for (const message of messages) this.#onSip(message, timeMs, tsSec, tsNsec, false);
    this.counts.sip++;
  }

  #onSip(message: SipMessage, timeMs: number, tsSec: number, tsNsec: number, countFrame = true): void {
    if (countFrame) this.counts.sip++;
    this.calls.onMessage(message, { sec: tsSec, nsec: tsNsec, ms: timeMs });
  }

  #addPacket(stream: RtpStream, timeMs: number, tsSec: number, tsNsec: number, length: number): void {
    const rtp = this.#rtp;
    if (stream.held === null) {
      this.counts.rtp++;
      const input = this.#input;
      input.timeMs = timeMs;
      input.sequenceNumber = rtp.sequenceNumber;
      input.timestamp = rtp.timestamp;
      input.payloadType = rtp.payloadType;
      input.marker = rtp.marker;
      input.rtpLength = length;
      input.payloadLength = rtp.payloadLength;
      stream.add(input, tsSec, tsNsec);
      return;
    }
    this.#hold(stream, stream.held, {
      timeMs,
      tsSec,
      tsNsec,
      sequenceNumber: rtp.sequenceNumber,
      timestamp: rtp.timestamp,
      payloadType: rtp.payloadType,
      marker: rtp.marker,
      rtpLength: length,
      payloadLength: rtp.payloadLength,
    });
  }

  /**
   * Probation: each packet must follow the previous held one closely in sequence (a duplicate is
   * allowed) and timestamp; the stream is confirmed once `probationPackets` of them advanced.
   */
  #hold(stream: RtpStream, held: HeldPacket[], packet: HeldPacket): void {
    const previous = held[held.length - 1];
    if (previous !== undefined) {
      const seqStep = seqDelta(previous.sequenceNumber, packet.sequenceNumber);
      const tsStep = timestampDelta(previous.timestamp, packet.timestamp);
      if (seqStep < 0 || seqStep > PROBATION_MAX_SEQ_STEP || tsStep < 0 || tsStep > PROBATION_MAX_TS_STEP) {
        this.#skip('rtp-unconfirmed', false, held.length);
        held.length = 0;
      }
    }
    held.push(packet);
    if (advancingPackets(held) < this.#probationPackets) return;
    this.#candidates.delete(stream);
    this.counts.rtp += held.length;
    stream.confirm();
    this.#register(stream);
  }

  /** Looks the stream's endpoints up again after signalling announced something new. */
  #bind(stream: RtpStream, info: PacketInfo): void {
    stream.bindingGeneration = this.registry.generation;
    const match = this.registry.lookup(info);
    if (match !== undefined) stream.binding = match;
  }

  #register(stream: RtpStream): void {
    this.#streams.push(stream);
    const { key } = stream;
    const src = formatEndpoint(key.ipVersion, key.src, key.srcPort);
    const dst = formatEndpoint(key.ipVersion, key.dst, key.dstPort);
    const reverse = this.#byDirection.get(`${dst}>${src}`);
    if (reverse !== undefined) {
      stream.reverse = reverse;
      reverse.reverse = stream;
    }
    this.#byDirection.set(`${src}>${dst}`, stream);
    const ssrc = stream.key.ssrc;
    const same = this.#bySsrc.get(ssrc);
    if (same === undefined) this.#bySsrc.set(ssrc, [stream]);
    else same.push(stream);
  }

  /** Whether a confirmed stream from the packet's source address already uses this SSRC. */
  #sourceKnowsSsrc(info: PacketInfo, ssrc: number): boolean {
    const same = this.#bySsrc.get(ssrc);
    if (same === undefined) return false;
    const n = info.ipVersion === 6 ? 16 : 4;
    return same.some(
      (s) =>
        s.key.ipVersion === info.ipVersion && s.key.src.every((byte, i) => i >= n || byte === info.src[i]),
    );
  }

  #addCandidate(stream: RtpStream): void {
    this.#candidates.set(stream, hashFlow(this.#info, stream.key.ssrc));
    if (this.#candidates.size <= this.#maxCandidates) return;
    const oldest = this.#candidates.keys().next().value;
    if (oldest !== undefined) this.#dropCandidate(oldest);
  }

  #dropCandidate(stream: RtpStream): void {
    const hash = this.#candidates.get(stream);
    if (hash === undefined) return;
    this.#candidates.delete(stream);
    this.#table.remove(hash, stream);
    this.#skip('rtp-unconfirmed', false, stream.held?.length ?? 0);
  }

  #onRtcp(info: PacketInfo, timeMs: number): void {
    const result = decodeRtcpCompound(info.payloadView, info.payloadOffset, info.payloadLength);
    if (result.status !== 'ok' && result.packets.length === 0) {
      this.#skip(result.status, true);
      return;
    }
    this.counts.rtcp++;
    this.#rtcp.add(result.packets, this.#bySsrc, info, timeMs);
  }
}

/** Held packets whose sequence number moved forward from the previous one (the first counts). */
function advancingPackets(held: readonly HeldPacket[]): number {
  let count = held.length > 0 ? 1 : 0;
  for (let i = 1; i < held.length; i++) {
    if (held[i]!.sequenceNumber !== held[i - 1]!.sequenceNumber) count++;
  }
  return count;
}

/**
 * Per-stream RTP statistics, computed packet by packet exactly as Wireshark 4.0's RTP analysis does
 * (ui/tap-rtp-analysis.c, rtppacket_analyse; ui/tap-rtp-common.c, rtpstream_info_calculate), so that
 * packets, expected, lost, max delta and jitter agree with `tshark -z rtp,streams`. On top of that it
 * keeps what Wireshark can't tell apart: duplicates and out-of-order packets.
 *
 * All times are milliseconds on the capture clock (relative to the capture's first frame), passed in.
 */

import { PT_CN, PT_CN_OLD } from '../../../shared/payload-types.ts';
import { SeenWindow } from './seen-window.ts';
import { extendSeq, isWithinHalfRangeAfter, timestampForward } from './wrap.ts';

/** Flags describing what happened to the latest packet (Wireshark's STAT_FLAG_*). */
export const PacketFlag = {
  FIRST: 0x001,
  MARKER: 0x002,
  WRONG_SEQ: 0x004,
  PT_CHANGE: 0x008,
  PT_CN: 0x010,
  FOLLOW_PT_CN: 0x020,
  REG_PT_CHANGE: 0x040,
  WRONG_TIMESTAMP: 0x080,
  PT_TELEPHONE_EVENT: 0x100,
  DUPLICATE: 0x200,
  OUT_OF_ORDER: 0x400,
} as const;

/** What a payload type means for timing: its RTP clock and whether it is RFC 4733 telephone-event. */
export interface PayloadFormat {
  /** RTP clock, Hz; 0 when unknown (the packet then gets no jitter, as in Wireshark). */
  clockRateHz: number;
  /** Encoding name, or null when unknown. */
  encoding: string | null;
  /** RFC 4733 events keep the timestamp of the event start, so they are left out of jitter. */
  telephoneEvent: boolean;
  /** Format parameters from SDP (`a=fmtp`), when signalling gave them. */
  fmtp?: string | null;
}

/** The RTP header fields the statistics need for one packet. */
export interface RtpPacketInput {
  /** Capture time, ms since the capture's first frame. */
  timeMs: number;
  sequenceNumber: number;
  /** RTP timestamp, 0..2^32-1. */
  timestamp: number;
  payloadType: number;
  marker: boolean;
  /** Length of the whole RTP packet (header + payload + padding), bytes. */
  rtpLength: number;
  /** Length of the payload alone, bytes. */
  payloadLength: number;
}

const SEQ_CYCLE = 0x1_0000;
const SEQ_MAX = 0xffff;
/** RFC 3550 A.1: packets further behind than this are strays or a restart, not reordering. */
const MAX_MISORDER = 100;
/** RFC 3550 A.1: a forward jump this large is a stray or a restart until a second packet confirms it. */
const MAX_DROPOUT = 3000;
/** A backward sequence jump bigger than this is taken as a wrap with losses (Wireshark issue 5958). */
const WRAP_WITH_LOSS_JUMP = 0xff00;
/** Bytes added to each RTP packet for the bit rate: IPv4 (20) + UDP (8) headers. */
export const IPV4_UDP_OVERHEAD_BYTES = 28;
/** Bytes added to each RTP packet for the bit rate: IPv6 (40) + UDP (8) headers. */
export const IPV6_UDP_OVERHEAD_BYTES = 48;

export class RtpStreamStats {
  /** Packets received (Wireshark's total_nr). */
  packets = 0;
  /** Sequence number of the first packet. */
  startSeq = 0;
  /** Sequence number of the latest packet. */
  stopSeq = 0;
  /** Last in-sequence number (Wireshark's seq_num). */
  #lastGoodSeq = 0;
  /** Sequence wrap cycles counted (Wireshark's cycles). */
  cycles = 0;
  #underStart = false;
  /** Capture time of the first packet, ms. */
  startTimeMs = 0;
  /** Capture time of the latest packet in time sequence, ms. */
  lastTimeMs = 0;
  #firstTimestamp = 0;
  #lastNominalMs = 0;
  #payloadType = -1;
  #regularPayloadType = -1;
  /** Gap between the latest packet and the one before it, ms. */
  deltaMs = 0;
  /** Current interarrival jitter estimate, ms (RFC 3550 §6.4.1 on the capture clock). */
  jitterMs = 0;
  /** Longest gap between consecutive regular packets, ms. */
  maxDeltaMs = 0;
  /** Highest jitter estimate over regular packets, ms. */
  maxJitterMs = 0;
  /** Wireshark 4.0's running mean of the jitter estimate, ms, with its own weighting (README, accuracy). */
  meanJitterMs = 0;
  /** Last non-zero clock rate used, Hz (0 = never known). */
  clockRateHz = 0;
  /** Packets with a sequence number other than the last good one + 1. */
  sequenceErrors = 0;
  /** Forward sequence gaps, i.e. runs of lost packets (for the burst ratio). */
  lossRuns = 0;
  /** Packets whose RTP timestamp is not within 2^31 after the first one (Wireshark's "wrong timestamp"). */
  timestampErrors = 0;
  /** Regular payload type changes (comfort noise ignored). */
  payloadChanges = 0;
  /** Packets already received before (same extended sequence number). */
  duplicates = 0;
  /** Packets that arrived after a higher sequence number. */
  outOfOrder = 0;
  /** RTP bytes (headers included) received. */
  rtpBytes = 0;
  /** Flags of the latest packet (PacketFlag bits). */
  flags = 0;
  /** Whether the latest packet counted as regular (entered the delta and jitter maxima). */
  lastWasRegular = false;
  /** Whether the latest packet had a known clock rate (its jitter was updated). */
  lastHadClock = false;

  readonly #seen = new SeenWindow();
  #highestExtSeq = 0;
  #badSeq = -1;

  /** Packets the sequence numbers say were sent (Wireshark's arithmetic; 0 before the first packet). */
  get expected(): number {
    if (this.packets === 0) return 0;
    return this.stopSeq + this.cycles * SEQ_CYCLE - this.startSeq + 1;
  }

  /** expected - packets; negative when duplicates outnumber losses. */
  get lost(): number {
    return this.expected - this.packets;
  }

  /** Adds one packet; returns its PacketFlag bits. */
  add(packet: RtpPacketInput, format: PayloadFormat): number {
    this.rtpBytes += packet.rtpLength;
    if (this.packets === 0) return this.#addFirst(packet);

    const seq = packet.sequenceNumber;
    // "In time sequence": the timestamp is within 2^31 after the stream's first one.
    const inTimeSequence = isWithinHalfRangeAfter(this.#firstTimestamp, packet.timestamp);
    let flags = inTimeSequence ? 0 : PacketFlag.WRONG_TIMESTAMP;
    if (!inTimeSequence) this.timestampErrors++;
    flags |= this.#trackDuplicates(seq);
    if (inTimeSequence) this.#countCycles(seq);
    flags |= this.#checkSequence(seq, inTimeSequence);

    const pt = packet.payloadType;
    if (pt === PT_CN || pt === PT_CN_OLD) flags |= PacketFlag.PT_CN;
    if (this.#payloadType === PT_CN || this.#payloadType === PT_CN_OLD) flags |= PacketFlag.FOLLOW_PT_CN;
    if (pt !== this.#payloadType) flags |= PacketFlag.PT_CHANGE;
    this.#payloadType = pt;

    const clockRateHz = format.telephoneEvent ? 0 : format.clockRateHz;
    if (format.telephoneEvent) flags |= PacketFlag.PT_TELEPHONE_EVENT;
    if (clockRateHz !== 0) this.clockRateHz = clockRateHz;

    let jitterSampleMs = 0;
    if (inTimeSequence) {
      if (clockRateHz !== 0) {
        // Wireshark divides by clock_rate/1000 in unsigned integer arithmetic (44100 Hz -> 44).
        const unitsPerMs = Math.max(1, Math.floor(clockRateHz / 1000));
        const nominalMs = timestampForward(this.#firstTimestamp, packet.timestamp) / unitsPerMs;
        const expectedMs = this.lastTimeMs + (nominalMs - this.#lastNominalMs);
        const transitDiffMs = Math.abs(packet.timeMs - expectedMs);
        this.jitterMs = (15 * this.jitterMs + transitDiffMs) / 16;
        jitterSampleMs = this.jitterMs;
        this.#lastNominalMs = nominalMs;
      }
      this.deltaMs = packet.timeMs - this.lastTimeMs;
    }
    if (packet.marker) flags |= PacketFlag.MARKER;

    const notRegular =
      PacketFlag.MARKER | PacketFlag.PT_CN | PacketFlag.WRONG_TIMESTAMP | PacketFlag.FOLLOW_PT_CN;
    this.lastWasRegular = (flags & notRegular) === 0;
    this.lastHadClock = inTimeSequence && clockRateHz !== 0;
    if (this.lastWasRegular) {
      if (this.deltaMs > this.maxDeltaMs) this.maxDeltaMs = this.deltaMs;
      if (clockRateHz !== 0) {
        if (this.jitterMs > this.maxJitterMs) this.maxJitterMs = this.jitterMs;
        // Wireshark 4.0 divides by the packets before this one (its total_nr), not by the samples.
        this.meanJitterMs = (this.meanJitterMs * (this.packets - 1) + jitterSampleMs) / this.packets;
      }
    }

    if ((flags & PacketFlag.PT_CN) === 0) {
      if (pt !== this.#regularPayloadType && this.#regularPayloadType !== -1) {
        flags |= PacketFlag.REG_PT_CHANGE;
        this.payloadChanges++;
      }
      this.#regularPayloadType = pt;
    }

    if (inTimeSequence) this.lastTimeMs = packet.timeMs;
    this.stopSeq = seq;
    this.packets++;
    this.flags = flags;
    return flags;
  }

  #addFirst(packet: RtpPacketInput): number {
    const seq = packet.sequenceNumber;
    this.startSeq = seq;
    this.stopSeq = seq;
    this.#lastGoodSeq = seq;
    this.#highestExtSeq = seq;
    this.#seen.markSeen(seq);
    this.startTimeMs = packet.timeMs;
    this.lastTimeMs = packet.timeMs;
    this.#firstTimestamp = packet.timestamp;
    this.#lastNominalMs = 0;
    this.#payloadType = packet.payloadType;
    this.#regularPayloadType = packet.payloadType;
    this.packets = 1;
    this.lastWasRegular = false;
    this.lastHadClock = false;
    this.flags = PacketFlag.FIRST | (packet.marker ? PacketFlag.MARKER : 0);
    return this.flags;
  }

  /** Wireshark's wrap-cycle counting: a number below the first one starts a new cycle. */
  #countCycles(seq: number): void {
    if (seq < this.startSeq && !this.#underStart) {
      this.cycles++;
      this.#underStart = true;
    } else if (seq === 0 && this.stopSeq === SEQ_MAX && !this.#underStart) {
      this.cycles++;
      this.#underStart = true;
    } else if (seq > this.startSeq && this.#underStart) {
      this.#underStart = false;
    }
  }

  /** Wireshark's "wrong sequence" test against the last in-sequence number. */
  #checkSequence(seq: number, inTimeSequence: boolean): number {
    const last = this.#lastGoodSeq;
    if (inTimeSequence) {
      if (last + 1 === seq || (last === SEQ_MAX && seq === 0)) {
        this.#lastGoodSeq = seq;
        return 0;
      }
      if (last + 1 < seq || last - seq > WRAP_WITH_LOSS_JUMP) {
        this.#lastGoodSeq = seq;
        this.sequenceErrors++;
        this.lossRuns++;
        return PacketFlag.WRONG_SEQ;
      }
    }
    if (last + 1 > seq) {
      this.sequenceErrors++;
      return PacketFlag.WRONG_SEQ;
    }
    return 0;
  }

  /**
   * Extended-sequence bookkeeping for duplicates and reordering (RFC 3550 A.1 style unwrap). A packet
   * more than MAX_MISORDER behind or MAX_DROPOUT ahead of the highest number is a stray or a sender
   * restart; two in a row (RFC 3550's bad_seq rule) re-base the numbering, so a restart isn't counted
   * as reordering.
   */
  #trackDuplicates(seq: number): number {
    let ext = extendSeq(this.#highestExtSeq, seq);
    const jumpedBack = ext < this.#highestExtSeq - MAX_MISORDER;
    if (jumpedBack || ext > this.#highestExtSeq + MAX_DROPOUT) {
      if (seq !== this.#badSeq) {
        this.#badSeq = (seq + 1) % SEQ_CYCLE;
        return 0;
      }
      // Two in a row after the jump: the sender restarted its numbering. Move past everything seen.
      if (jumpedBack) ext = (Math.floor(this.#highestExtSeq / SEQ_CYCLE) + 2) * SEQ_CYCLE + seq;
      this.#highestExtSeq = ext;
      this.#seen.markSeen(ext);
      this.#badSeq = -1;
      return 0;
    }
    this.#badSeq = -1;
    const seenBefore = this.#seen.markSeen(ext);
    if (ext > this.#highestExtSeq) {
      this.#highestExtSeq = ext;
      return 0;
    }
    if (seenBefore) {
      this.duplicates++;
      return PacketFlag.DUPLICATE;
    }
    this.outOfOrder++;
    return PacketFlag.OUT_OF_ORDER;
  }
}

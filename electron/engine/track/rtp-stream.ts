/**
 * One RTP stream direction: its identity, statistics, per-second windows, and, while the stream is
 * still on probation (found by heuristics and not yet confirmed), the packets held back until it is.
 */

import type { VoipMetrics } from '../decode/rtcp.ts';
import { RoundTripStats } from './round-trip.ts';
import type { PayloadFormat, RtpPacketInput } from './rtp-stream-stats.ts';
import { IPV4_UDP_OVERHEAD_BYTES, IPV6_UDP_OVERHEAD_BYTES, RtpStreamStats } from './rtp-stream-stats.ts';
import { SecondWindows } from './second-windows.ts';
import type { StreamKey } from './stream-table.ts';

/** What the far end said about a stream in its latest RTCP report block. */
export interface FarEndView {
  /** Fraction lost since its previous report, percent (from the 1/256 field). */
  fractionLostPercent: number;
  /** Cumulative packets lost as the receiver counts them (signed). */
  cumulativeLost: number;
  /** Interarrival jitter the receiver computed, ms; null without a clock rate. */
  jitterMs: number | null;
}

/** Resolves a payload type of this stream to its clock rate and encoding. */
export type PayloadResolver = (payloadType: number) => PayloadFormat;

/** A packet held while its stream is on probation: the header fields plus its capture time. */
export interface HeldPacket extends RtpPacketInput {
  tsSec: number;
  tsNsec: number;
}

export class RtpStream {
  readonly stats = new RtpStreamStats();
  windows: SecondWindows | null = null;
  /** Payload types in order of first appearance. */
  readonly payloadTypes: number[] = [];
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

  constructor(
    readonly key: StreamKey,
    readonly resolvePayload: PayloadResolver,
    confirmed: boolean,
  ) {
    this.held = confirmed ? null : [];
    this.#ipOverheadBytes = key.ipVersion === 6 ? IPV6_UDP_OVERHEAD_BYTES : IPV4_UDP_OVERHEAD_BYTES;
  }

  get confirmed(): boolean {
    return this.held === null;
  }

  /** Takes one packet into the statistics and its second window. */
  add(packet: RtpPacketInput, tsSec: number, tsNsec: number): void {
    if (this.windows === null) {
      this.windows = new SecondWindows(packet.timeMs, this.roundTrip);
      this.firstSec = tsSec;
      this.firstNsec = tsNsec;
    } else {
      this.windows.closeUntil(packet.timeMs, this.stats);
    }
    const pt = packet.payloadType;
    if (!this.payloadTypes.includes(pt)) this.payloadTypes.push(pt);
    this.stats.add(packet, this.resolvePayload(pt));
    this.windows.add(this.stats, packet.rtpLength + this.#ipOverheadBytes);
    this.lastSec = tsSec;
    this.lastNsec = tsNsec;
  }

  /** Ends probation: the held packets enter the statistics in arrival order. */
  confirm(): void {
    const held = this.held;
    if (held === null) return;
    this.held = null;
    for (const packet of held) this.add(packet, packet.tsSec, packet.tsNsec);
  }

  /** Closes the last second window (end of a file). */
  finish(): void {
    this.windows?.finish(this.stats);
  }
}

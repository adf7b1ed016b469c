/**
 * What the generator knows it did, per RTP stream and in total, written so that it predicts what a
 * capture analysed by `callscope analyze` (or Wireshark) shows: packets = delivered, lost =
 * expected - delivered, duplicates = duplicated, outOfOrder = reordered.
 */

/** The generator's truth about one RTP stream (one direction of one call). */
export interface StreamTruth {
  /** SSRC as `0x` and 8 upper-case hex digits. */
  ssrc: string;
  /** Sender endpoint `addr:port` (IPv6 as `[addr]:port`), as the report writes it. */
  src: string;
  /** Receiver endpoint `addr:port`. */
  dst: string;
  /** Call-ID of the SIP call; null without `withSip`. */
  callId: string | null;
  direction: 'caller-to-callee' | 'callee-to-caller';
  payloadType: number;
  /** Encoding name (PCMU, opus, ...). */
  codec: string;
  /** Packets the sender produced. */
  sent: number;
  /** Packets the network dropped (Gilbert model). */
  dropped: number;
  /** Extra copies the network delivered (each duplicated packet counts once). */
  duplicated: number;
  /** Packets whose first copy arrived after a packet with a higher sequence number (held back or overtaken through jitter). */
  reordered: number;
  /** Packets on the wire at the capture point: sent - dropped + duplicated. */
  delivered: number;
  /**
   * Packets expected from the delivered sequence numbers, with Wireshark's arithmetic: last - first
   * sequence number delivered + 1 + 65536 per wrap cycle (its cycle counting included). This is
   * highest - lowest + 1 whenever the last delivery carries the highest number.
   */
  expected: number;
  /** expected - delivered: what the analyser reports as lost (negative when duplicates outnumber losses). */
  lost: number;
  /** Runs of consecutive dropped packets (a burst of 3 counts once). */
  lossRuns: number;
  /** Live mode with the callee's address local: datagrams the generator's own socket at `dst` received from `src`. */
  received?: number;
}

/** Sums over all streams, and the packets of each kind. */
export interface TruthTotals {
  calls: number;
  streams: number;
  sent: number;
  dropped: number;
  duplicated: number;
  reordered: number;
  delivered: number;
  expected: number;
  lost: number;
  lossRuns: number;
  /** Frames of each kind produced (RTP = delivered). */
  rtpPackets: number;
  rtcpPackets: number;
  sipPackets: number;
  /** All frames produced. */
  packets: number;
}

const SUMMED = [
  'sent',
  'dropped',
  'duplicated',
  'reordered',
  'delivered',
  'expected',
  'lost',
  'lossRuns',
] as const;

/** Totals over `streams` plus the frame counts by kind. */
export function totalsOf(
  streams: readonly StreamTruth[],
  calls: number,
  frames: { rtp: number; rtcp: number; sip: number },
): TruthTotals {
  const totals: TruthTotals = {
    calls,
    streams: streams.length,
    sent: 0,
    dropped: 0,
    duplicated: 0,
    reordered: 0,
    delivered: 0,
    expected: 0,
    lost: 0,
    lossRuns: 0,
    rtpPackets: frames.rtp,
    rtcpPackets: frames.rtcp,
    sipPackets: frames.sip,
    packets: frames.rtp + frames.rtcp + frames.sip,
  };
  for (const stream of streams) for (const key of SUMMED) totals[key] += stream[key];
  return totals;
}

/**
 * The analysis report: what `callscope analyze --json` prints and what every later sink (CSV, the
 * renderer, serve) reads. Units are in the field names; times are ISO 8601 with microseconds.
 */

/** One second of one stream, on the capture clock, starting at the stream's first packet. */
export interface StreamSecond {
  /** Window start, whole seconds since the stream's first packet. */
  t: number;
  /** RTP packets that arrived in the window. */
  packets: number;
  /** Packets the sequence numbers say should have arrived in the window (change of `expected`). */
  expected: number;
  /** expected - packets for the window (negative when duplicates or late packets arrived). */
  lost: number;
  /** max(0, lost) / expected × 100, within 0..100; 0 when nothing was expected. */
  lossPercent: number;
  /** Interarrival jitter at the last packet of the window, ms; null when no packet or no clock rate. */
  jitterMs: number | null;
  /** Highest jitter reached within the window, ms; null when no packet or no clock rate. */
  maxJitterMs: number | null;
  /** Longest gap between consecutive packets ending in the window, ms; null when none. */
  maxDeltaMs: number | null;
  /** IP-level bit rate over the window (RTP + 28 bytes IPv4/UDP or 48 bytes IPv6/UDP), kbit/s. */
  bitrateKbps: number;
  /** Latest round trip between the capture point and the receiver at the window's end, held between RTCP reports, ms; null before the first. */
  rttMs: number | null;
}

/** Figures for one RTP stream: one direction (source, destination, SSRC). */
export interface StreamReport {
  /** SSRC as `0x` and 8 upper-case hex digits. */
  ssrc: string;
  /** Source endpoint, `addr:port` (IPv6 as `[addr]:port`). */
  src: string;
  /** Destination endpoint, `addr:port` (IPv6 as `[addr]:port`). */
  dst: string;
  /** Payload type of the first packet. */
  payloadType: number;
  /** Every payload type seen, in order of first appearance. */
  payloadTypes: number[];
  /** Encoding of the first payload type (RFC 3551 name, or from signalling); null when unknown. */
  codec: string | null;
  /** RTP clock of the first payload type, Hz; null when unknown (dynamic type without signalling). */
  clockRate: number | null;
  /** RTP packets received. */
  packets: number;
  /** Packets expected from the sequence numbers (Wireshark's arithmetic, with wrap cycles). */
  expected: number;
  /** expected - packets; negative when duplicates outnumber losses (as in Wireshark). */
  lost: number;
  /** max(0, lost) / expected × 100, within 0..100. */
  lossPercent: number;
  /** Packets whose extended sequence number had already been received. */
  duplicates: number;
  /** Packets that arrived after a higher sequence number (filled an earlier gap). */
  outOfOrder: number;
  /** Packets whose sequence number was not the previous one + 1 (Wireshark's "wrong sequence"). */
  sequenceErrors: number;
  /** Packets whose RTP timestamp went backwards (Wireshark's "wrong timestamp"). */
  timestampErrors: number;
  /** Payload type changes, comfort noise ignored (Wireshark's "payload changed"). */
  payloadChanges: number;
  /** Longest gap between consecutive regular packets, ms. */
  maxDeltaMs: number;
  /** Mean interarrival jitter as Wireshark 4.0 computes it, ms (see README, accuracy); null when no clock rate. */
  meanJitterMs: number | null;
  /** Highest interarrival jitter estimate (RFC 3550 §6.4.1), ms; null when no clock rate. */
  maxJitterMs: number | null;
  /** Jitter estimate after the last packet, ms; null when no clock rate. */
  jitterMs: number | null;
  /** Mean IP-level bit rate from first to last packet, kbit/s; null for a single packet. */
  bitrateKbps: number | null;
  /** Capture time of the first packet, ISO 8601 UTC with microseconds. */
  firstTime: string;
  /** Capture time of the last packet, ISO 8601 UTC with microseconds. */
  lastTime: string;
  /** Seconds from first to last packet. */
  durationSeconds: number;
  /** RTCP sender reports sent with this stream's SSRC. */
  rtcpSenderReports: number;
  /** RTCP report blocks other parties sent about this stream's SSRC. */
  rtcpReportBlocks: number;
  /** Mean round trip between the capture point and this stream's receiver (RTCP LSR/DLSR, capture-time method), ms; null without samples. */
  rttMs: number | null;
  /** Round-trip samples behind `rttMs`. */
  rttSamples: number;
  /** End-to-end round trip: this leg plus the reverse stream's leg, ms; just this leg when the reverse has none (see `endToEndRttLegs`); null when neither has samples. */
  endToEndRttMs: number | null;
  /** How many legs `endToEndRttMs` adds up: 2 (both directions), 1 (one leg only: an underestimate), 0 (none). */
  endToEndRttLegs: number;
  /** The receiver's own view from its latest RTCP report block about this stream; null when none. */
  farEnd: { fractionLostPercent: number; cumulativeLost: number; jitterMs: number | null } | null;
  /** The receiver's latest RTCP-XR VoIP metrics block (RFC 3611 §4.7): its own R and MOS (×10 as carried, 127 = unavailable); null when none. */
  endpointMetrics: {
    rFactor: number;
    mosLq: number;
    mosCq: number;
    roundTripDelayMs: number;
    endSystemDelayMs: number;
  } | null;
  /** One entry per second from the first packet to the last. */
  seconds: StreamSecond[];
}

/** RTCP packets seen, by type (a compound datagram counts once in `datagrams`). */
export interface RtcpCounts {
  datagrams: number;
  senderReports: number;
  receiverReports: number;
  sourceDescriptions: number;
  byes: number;
  apps: number;
  extendedReports: number;
  other: number;
  reportBlocks: number;
}

/** Frames read and what became of them. */
export interface FrameCounts {
  /** Frames read from the source. */
  read: number;
  /** Frames that carried RTP of a reported stream. */
  rtp: number;
  /** Frames that carried RTCP. */
  rtcp: number;
  /** Frames not analysed, by reason (`not-udp-or-tcp`, `ip-truncated`, `rtp-candidate-unconfirmed`, ...). */
  skipped: Record<string, number>;
  /** How many of the skipped frames were malformed (broken), as opposed to traffic callscope doesn't analyse. */
  malformed: number;
}

/** The whole report for one capture. */
export interface AnalysisReport {
  /** Path of the analysed file as given. */
  file: string;
  /** Capture format: `pcap` or `pcapng`. */
  format: string | null;
  /** Frames read from the file (same as frames.read). */
  packets: number;
  /** Capture time of the first frame, ISO 8601 with microseconds; null for an empty capture. */
  firstTime: string | null;
  /** Capture time of the last frame, ISO 8601 with microseconds; null for an empty capture. */
  lastTime: string | null;
  frames: FrameCounts;
  rtcp: RtcpCounts;
  streams: StreamReport[];
  /** The one-line error that ended reading early (damaged file), or null. Figures up to it are kept. */
  error: string | null;
}

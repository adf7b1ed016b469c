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
  /** Packets the emulated jitter buffer discarded as late in this second. */
  discards: number;
  /** E-model R over the sliding window ending with this second, on `scale`; null before 2 s of data or without a speech codec. */
  rFactor: number | null;
  /** MOS (1-4.5) from `rFactor`; null like it. */
  mos: number | null;
  /** Level of `mos` with the thresholds in force: good, warning, fair, poor, critical. */
  qualityLevel: string | null;
  /** Which E-model produced the figure: narrowband (G.107, R ≤ 100) or wideband (G.107.1, R ≤ 129). */
  scale: 'narrowband' | 'wideband' | null;
  /** Where the R points went (delay, codec, networkLoss, jitterBufferDiscards, other) and the dominant one. */
  impairments: Impairments | null;
  /** Caveats of the figure: no-media, silence-held, rtt-assumed, rtt-one-leg, codec-estimate, codec-fallback, codec-guessed, extrapolated, and capture-loss (the capture itself dropped packets this second: loss may not be the network's). */
  qualityFlags: string[];
}

/** R points taken by each impairment, and the dominant one. */
export interface Impairments {
  /** Id: echo and pure delay, R points. */
  delay: number;
  /** Ie of the codec at no loss, R points. */
  codec: number;
  /** Loss impairment due to network loss, R points. */
  networkLoss: number;
  /** Loss impairment due to jitter-buffer discards, R points. */
  jitterBufferDiscards: number;
  /** Everything else (Is, the scale's headroom), R points. */
  other: number;
  /** delay, codec, networkLoss, jitterBufferDiscards, or none (nothing above 3 R points). */
  dominant: string;
}

/** Figures for one RTP stream: one direction (source, destination, SSRC). */
export interface StreamReport {
  /** Number of the stream in this report (1, 2, ...), used by `calls[].streams`. */
  id: number;
  /** Call-ID of the SIP call whose SDP announced this stream's endpoints; null without signalling. */
  callId: string | null;
  /** Which way the stream flows within its call; null without signalling. */
  direction: 'caller-to-callee' | 'callee-to-caller' | null;
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
  /** Encoding of each of `payloadTypes` as known when it first appeared (SDP, else static table, else Wireshark's default of PT 101 = telephone-event); null where unknown. */
  payloadNames: (string | null)[];
  /** Encoding of the first payload type (from the call's SDP, else the RFC 3551 static table); null when unknown. */
  codec: string | null;
  /** Where `codec` came from: `signalling` (SDP), `static` (RFC 3551 table), `default` (PT 101 as telephone-event, Wireshark's default), or null (unknown; see `codecGuess`). */
  codecSource: 'signalling' | 'static' | 'default' | null;
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
  /** When no one named the codec: a guess from the timestamp advance and payload sizes (flagged, with the reason); null otherwise. */
  codecGuess: { encoding: string | null; clockRateHz: number; video: boolean; reason: string } | null;
  /** Packet time used for the delay budget, ms (SDP a=ptime, else measured, else 20). */
  packetTimeMs: number;
  /** Packets the emulated jitter buffer discarded as late. */
  discards: number;
  /** The codec's E-model parameters and where they come from; null for video or no speech payload. */
  codecModel: {
    name: string;
    ie: number;
    bpl: number;
    band: string;
    provenance: string;
    fallback: boolean;
    reason: string | null;
  } | null;
  /** R over the whole stream (cumulative loss, discards and bursts; mean jitter; mean round trip), on `scale`; null without a speech codec. */
  rFactor: number | null;
  /** MOS (1-4.5) from `rFactor`. */
  mos: number | null;
  /** Level of `mos`: good, warning, fair, poor, critical. */
  qualityLevel: string | null;
  /** Which E-model produced `rFactor`: narrowband (G.107) or wideband (G.107.1). */
  scale: 'narrowband' | 'wideband' | null;
  /** One-way mouth-to-ear delay used for the stream's figure, ms. */
  taMs: number | null;
  /** Where the stream's R points went, and the dominant impairment. */
  impairments: Impairments | null;
  /** Caveats of the stream's figure (see StreamSecond.qualityFlags). */
  qualityFlags: string[];
  /** Seconds in which the capture itself dropped packets (live capture; see the 'capture-loss' flag). */
  captureLossSeconds: number;
  /** Lowest and mean of the per-second MOS values; null when there are none. */
  minMos: number | null;
  meanMos: number | null;
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
  /** Frames that carried SIP (UDP datagrams, or TCP segments that completed a SIP message). */
  sip: number;
  /** Frames not analysed, by reason (`not-udp-or-tcp`, `ip-truncated`, `rtp-candidate-unconfirmed`, ...). */
  skipped: Record<string, number>;
  /** How many of the skipped frames were malformed (broken), as opposed to traffic callscope doesn't analyse. */
  malformed: number;
}

/** One party of a SIP call as its From or To header names it. */
export interface CallParticipant {
  /** Display name as sent (untrusted text: escape before showing); null when none. */
  displayName: string | null;
  /** SIP URI as sent. */
  uri: string;
}

/** One SIP call (one Call-ID). */
export interface CallReport {
  callId: string;
  from: CallParticipant;
  to: CallParticipant;
  /** calling, ringing, answered, ended (BYE after answer), failed (final error response), cancelled (487). */
  state: string;
  /** Final response to the INVITE (200, 486, 487, ...); null while none. */
  finalStatus: number | null;
  finalReason: string | null;
  /** Capture times (ISO 8601 with microseconds) of the INVITE, the first 180/183, the first 2xx, and the BYE/CANCEL or failure; null when not seen. */
  inviteTime: string | null;
  ringingTime: string | null;
  answerTime: string | null;
  endTime: string | null;
  /** Post-dial delay: INVITE to the first 180/183 (or to the answer when no ringing was seen), ms. */
  postDialDelayMs: number | null;
  /** Setup time: INVITE to answer, ms. */
  setupDelayMs: number | null;
  /** Answer to end, seconds; null unless both were seen. */
  durationSeconds: number | null;
  /** Who hung up or cancelled: caller or callee; null when not seen. */
  endedBy: string | null;
  /** Whether a side put the call on hold (sendonly, inactive or 0.0.0.0 in SDP). */
  held: boolean;
  /** Encodings each side offered or answered in SDP. */
  codecs: { caller: string[]; callee: string[] };
  /** SIP messages seen for the call. */
  messages: number;
  /** Ids of the call's RTP streams (see `streams[].id`). */
  streams: number[];
  /** Per direction, the lowest and mean per-second MOS over the direction's streams; null when none. */
  quality: { callerToCallee: DirectionQuality | null; calleeToCaller: DirectionQuality | null };
}

/** MOS of one direction of a call. */
export interface DirectionQuality {
  /** Lowest per-second MOS of the direction's streams. */
  minMos: number | null;
  /** Mean per-second MOS of the direction's streams (weighted by their seconds). */
  meanMos: number | null;
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
  /** SIP calls, in order of their first INVITE. */
  calls: CallReport[];
  /** The one-line error that ended reading early (damaged file), or null. Figures up to it are kept. */
  error: string | null;
}

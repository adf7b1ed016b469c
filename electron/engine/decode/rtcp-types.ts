/** RTCP packet types, decoded-packet shapes and statuses (RFC 3550 §6, RFC 3611). */

/** RTCP packet types (RFC 3550 §12.1, RFC 4585 §6.1, RFC 3611 §2). */
export const RtcpPacketType = {
  SR: 200,
  RR: 201,
  SDES: 202,
  BYE: 203,
  APP: 204,
  RTPFB: 205,
  PSFB: 206,
  XR: 207,
} as const;

/** Common RTCP header: V, P, count (RC/SC/subtype), PT, length. */
export const RTCP_HEADER_SIZE = 4;

/** One reception report block of an SR or RR (RFC 3550 §6.4.1). */
export interface ReportBlock {
  /** SSRC of the source this block reports on. */
  ssrc: number;
  /** Fraction of packets lost since the previous report, 0..255 in 1/256 units. */
  fractionLost: number;
  /** Cumulative number of packets lost, signed 24-bit (duplicates can make it negative). */
  cumulativeLost: number;
  /** Extended highest sequence number received (cycles << 16 | highest seq), uint32. */
  extendedHighestSeq: number;
  /** Interarrival jitter in RTP timestamp units. */
  jitter: number;
  /** Last SR timestamp: middle 32 bits of the NTP timestamp (see {@link ntpMiddle32}). */
  lsr: number;
  /** Delay since last SR in 1/65536 s. */
  dlsr: number;
}

/** VoIP Metrics report block (RFC 3611 §4.7, BT=7). Values are as carried on the wire. */
export interface VoipMetrics {
  /** SSRC of the source this block reports on. */
  ssrc: number;
  /** Fraction of packets lost, 1/256 units. */
  lossRate: number;
  /** Fraction of packets discarded (late/early), 1/256 units. */
  discardRate: number;
  /** Fraction of packets lost/discarded within bursts, 1/256 units. */
  burstDensity: number;
  /** Fraction of packets lost/discarded within gaps, 1/256 units. */
  gapDensity: number;
  burstDurationMs: number;
  gapDurationMs: number;
  roundTripDelayMs: number;
  endSystemDelayMs: number;
  /** Signed dBm (int8); 127 = unavailable. */
  signalLevel: number;
  /** Signed dBm (int8); 127 = unavailable. */
  noiseLevel: number;
  /** Residual echo return loss in dB; 127 = unavailable. */
  rerl: number;
  /** Gap threshold (packets); 16 recommended. */
  gmin: number;
  /** R factor 0..100; 127 = unavailable. */
  rFactor: number;
  /** External R factor 0..100; 127 = unavailable. */
  extRFactor: number;
  /** MOS listening quality ×10 (10..50); 127 = unavailable. */
  mosLq: number;
  /** MOS conversational quality ×10 (10..50); 127 = unavailable. */
  mosCq: number;
  /** Receiver configuration byte: PLC (2 bits), JBA (2 bits), JB rate (4 bits). */
  rxConfig: number;
  jbNominalMs: number;
  jbMaximumMs: number;
  jbAbsMaxMs: number;
}

export interface RtcpSenderReport {
  type: 'sr';
  ssrc: number;
  /** NTP timestamp, most significant word (seconds since 1900). */
  ntpSeconds: number;
  /** NTP timestamp, least significant word (1/2^32 s). */
  ntpFraction: number;
  rtpTimestamp: number;
  packetCount: number;
  octetCount: number;
  reports: ReportBlock[];
}

export interface RtcpReceiverReport {
  type: 'rr';
  ssrc: number;
  reports: ReportBlock[];
}

export interface SdesItem {
  /** SDES item type (1 CNAME, 2 NAME, 3 EMAIL, 4 PHONE, 5 LOC, 6 TOOL, 7 NOTE, 8 PRIV). */
  type: number;
  /** Item text decoded as UTF-8 (invalid bytes become U+FFFD). */
  text: string;
}

export interface RtcpSdes {
  type: 'sdes';
  chunks: { ssrc: number; items: SdesItem[] }[];
}

export interface RtcpBye {
  type: 'bye';
  ssrcs: number[];
  /** Reason for leaving, or null when the packet has none. */
  reason: string | null;
}

export interface RtcpApp {
  type: 'app';
  ssrc: number;
  subtype: number;
  /** 4 ASCII characters; non-printable bytes are replaced with '?'. */
  name: string;
  /** Bytes of application-dependent data (excluding padding). */
  dataLength: number;
}

export interface RtcpXr {
  type: 'xr';
  ssrc: number;
  /** RFC 3611 block type 7 blocks; other block types are skipped. */
  voipMetrics: VoipMetrics[];
}

export interface RtcpOther {
  type: 'other';
  packetType: number;
  /** Whole packet size in bytes, header and padding included ((length field + 1) * 4). */
  length: number;
}

export type RtcpPacket =
  | RtcpSenderReport
  | RtcpReceiverReport
  | RtcpSdes
  | RtcpBye
  | RtcpApp
  | RtcpXr
  | RtcpOther;

export type RtcpStatus =
  | 'ok'
  /** Fewer than 4 bytes: not even one RTCP header. */
  | 'rtcp-too-short'
  /** A packet's version is not 2. */
  | 'rtcp-bad-version'
  /** A length field runs past the end, or bytes are left over that cannot hold a header. */
  | 'rtcp-bad-length'
  /** A packet's content (RC/SC blocks, chunks, XR blocks, fixed fields) does not fit its length. */
  | 'rtcp-truncated-block'
  /** Padding bit set but the padding count is 0 or larger than the packet's body. */
  | 'rtcp-bad-padding'
  /** More than RTCP_MAX_COMPOUND_PACKETS (rtp.ts) packets in one compound packet. */
  | 'rtcp-too-many-packets';

/** Every value of {@link RtcpStatus}. */
export const RTCP_STATUSES: readonly RtcpStatus[] = [
  'ok',
  'rtcp-too-short',
  'rtcp-bad-version',
  'rtcp-bad-length',
  'rtcp-truncated-block',
  'rtcp-bad-padding',
  'rtcp-too-many-packets',
];

export interface RtcpDecodeResult {
  status: RtcpStatus;
  /** The packets decoded before any problem (all of them when status is 'ok'). */
  packets: RtcpPacket[];
}

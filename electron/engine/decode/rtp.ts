/**
 * RTP fixed-header decoder (RFC 3550 §5.1, §5.3.1) and the RTP/RTCP demultiplexing test of
 * RFC 5761 §4. Hot path: nothing here allocates per packet.
 */

/** Size of the RTP fixed header (without CSRCs or extension). */
export const RTP_FIXED_HEADER_SIZE = 12;
/** The only RTP/RTCP version in use (RFC 3550). */
export const RTP_VERSION = 2;

const VERSION_SHIFT = 6;
const PADDING_MASK = 0x20;
const EXTENSION_MASK = 0x10;
const CSRC_COUNT_MASK = 0x0f;
const MARKER_MASK = 0x80;
const PAYLOAD_TYPE_MASK = 0x7f;

const SEQUENCE_OFFSET = 2;
const TIMESTAMP_OFFSET = 4;
const SSRC_OFFSET = 8;
const CSRC_SIZE = 4;
/** "defined by profile" (16 bits) + "length" in 32-bit words (16 bits). */
const EXTENSION_HEADER_SIZE = 4;
const EXTENSION_LENGTH_OFFSET = 2;
const WORD_SIZE = 4;

/** RTCP packet types (RFC 3550 §12.1, RFC 3611, RFC 4585) that may open a compound packet. */
const RTCP_FIRST_TYPE_MIN = 200; // SR
const RTCP_FIRST_TYPE_MAX = 207; // XR
/** RFC 5761 §4: RTCP packet types that collide with RTP "marker + PT 64..95". */
const RTCP_CONFLICT_TYPE_MIN = 192;
const RTCP_CONFLICT_TYPE_MAX = 223;
const RTCP_HEADER_SIZE = 4;
const RTCP_LENGTH_OFFSET = 2;
/** Upper bound on the packets of one compound RTCP packet that are walked (loop guard). */
export const RTCP_MAX_COMPOUND_PACKETS = 64;

/** Decoded RTP header. Reused across packets: see {@link newRtpHeader}. */
export interface RtpHeader {
  version: number;
  padding: boolean;
  extension: boolean;
  csrcCount: number;
  marker: boolean;
  payloadType: number;
  sequenceNumber: number;
  /** uint32 as a non-negative number. */
  timestamp: number;
  /** uint32 as a non-negative number. */
  ssrc: number;
  /** Bytes: 12 + 4*CC + (extension ? 4 + 4*extensionLengthWords : 0). */
  headerLength: number;
  /** Bytes of payload, excluding header and padding. */
  payloadLength: number;
  /** Padding bytes including the count byte (0 when P=0 or when the datagram was cut by snaplen). */
  paddingLength: number;
  /** "defined by profile" field of the header extension (0xBEDE = RFC 8285 one-byte), 0 when X=0. */
  extensionProfile: number;
  /** Header extension length in 32-bit words (excluding its 4-byte header), 0 when X=0. */
  extensionLengthWords: number;
}

/** Creates a zeroed, reusable RtpHeader. */
export function newRtpHeader(): RtpHeader {
  return {
    version: 0,
    padding: false,
    extension: false,
    csrcCount: 0,
    marker: false,
    payloadType: 0,
    sequenceNumber: 0,
    timestamp: 0,
    ssrc: 0,
    headerLength: 0,
    payloadLength: 0,
    paddingLength: 0,
    extensionProfile: 0,
    extensionLengthWords: 0,
  };
}

export type RtpStatus =
  | 'ok'
  | 'rtp-too-short'
  | 'rtp-bad-version'
  | 'rtp-csrc-truncated'
  | 'rtp-extension-truncated'
  | 'rtp-bad-padding';

/** Every value of {@link RtpStatus}. */
export const RTP_STATUSES: readonly RtpStatus[] = [
  'ok',
  'rtp-too-short',
  'rtp-bad-version',
  'rtp-csrc-truncated',
  'rtp-extension-truncated',
  'rtp-bad-padding',
];

/**
 * Decodes the RTP fixed header, CSRCs, header extension and padding of the `length` bytes at
 * `offset`. `capturedLength` (<= length) is how many of them were actually captured (snaplen):
 * the header must be within the captured bytes; the padding count (last byte of the datagram) can
 * only be checked when capturedLength === length — otherwise paddingLength = 0 and
 * payloadLength = length - headerLength.
 *
 * Never throws; reads are bounded by `capturedLength`, `length` and the view. On a status other
 * than 'ok' the fields of `out` past the failing one are unspecified (lengths are zeroed).
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           timestamp                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           synchronization source (SSRC) identifier            |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |            contributing source (CSRC) identifiers             |
 * |                             ....                              |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |      defined by profile       |           length              |  (X=1)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        header extension                       |
 * |                             ....                              |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                            payload                            |
 * |                             ....              +-+-+-+-+-+-+-+-+
 * |                                               | padding count |  (P=1)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
export function decodeRtp(
  view: DataView,
  offset: number,
  length: number,
  capturedLength: number,
  out: RtpHeader,
): RtpStatus {
  out.headerLength = 0;
  out.payloadLength = 0;
  out.paddingLength = 0;
  out.extensionProfile = 0;
  out.extensionLengthWords = 0;

  // Bytes that may be read: captured, within the datagram and within the view.
  const avail = Math.min(capturedLength, length, view.byteLength - offset);
  if (!(offset >= 0) || !(avail >= RTP_FIXED_HEADER_SIZE)) return 'rtp-too-short';

  const b0 = view.getUint8(offset);
  const b1 = view.getUint8(offset + 1);
  out.version = b0 >>> VERSION_SHIFT;
  out.padding = (b0 & PADDING_MASK) !== 0;
  out.extension = (b0 & EXTENSION_MASK) !== 0;
  out.csrcCount = b0 & CSRC_COUNT_MASK;
  out.marker = (b1 & MARKER_MASK) !== 0;
  out.payloadType = b1 & PAYLOAD_TYPE_MASK;
  if (out.version !== RTP_VERSION) return 'rtp-bad-version';

  out.sequenceNumber = view.getUint16(offset + SEQUENCE_OFFSET);
  out.timestamp = view.getUint32(offset + TIMESTAMP_OFFSET);
  out.ssrc = view.getUint32(offset + SSRC_OFFSET);

  let headerLength = RTP_FIXED_HEADER_SIZE + out.csrcCount * CSRC_SIZE;
  if (avail < headerLength) return 'rtp-csrc-truncated';

  if (out.extension) {
    if (avail < headerLength + EXTENSION_HEADER_SIZE) return 'rtp-extension-truncated';
    out.extensionProfile = view.getUint16(offset + headerLength);
    out.extensionLengthWords = view.getUint16(offset + headerLength + EXTENSION_LENGTH_OFFSET);
    headerLength += EXTENSION_HEADER_SIZE + out.extensionLengthWords * WORD_SIZE;
    if (avail < headerLength) return 'rtp-extension-truncated';
  }

  let paddingLength = 0;
  // Only a fully captured datagram has its padding count byte (the last one) available.
  if (out.padding && avail === length) {
    paddingLength = view.getUint8(offset + length - 1);
    if (paddingLength === 0 || paddingLength > length - headerLength) return 'rtp-bad-padding';
  }

  out.headerLength = headerLength;
  out.paddingLength = paddingLength;
  out.payloadLength = length - headerLength - paddingLength;
  return 'ok';
}

/**
 * RFC 5761 §4: true when the second byte of a packet (RTP "M + PT" / RTCP "PT") is an RTCP packet
 * type in 192..223, i.e. an RTP marker bit with payload type 64..95 — the range that RTP must
 * avoid when RTP and RTCP share a port.
 */
export function isRtcpPayloadType(secondByte: number): boolean {
  return secondByte >= RTCP_CONFLICT_TYPE_MIN && secondByte <= RTCP_CONFLICT_TYPE_MAX;
}

/**
 * Cheap RTP/RTCP demultiplexing test for a datagram on a shared port (RFC 5761 §4, with the
 * compound validity checks of RFC 3550 Appendix A.2): true when the first packet has version 2
 * and packet type 200..207 (SR, RR, SDES, BYE, APP, RTPFB, PSFB, XR), every packet in the
 * compound has version 2, and the chain of length fields ((length + 1) * 4 bytes each) covers
 * exactly `length` bytes within at most {@link RTCP_MAX_COMPOUND_PACKETS} packets.
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|   RC    |      PT       |             length            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
export function looksLikeRtcp(view: DataView, offset: number, length: number): boolean {
  if (!(offset >= 0) || !(length >= RTCP_HEADER_SIZE) || offset + length > view.byteLength) return false;
  const pt = view.getUint8(offset + 1);
  if (pt < RTCP_FIRST_TYPE_MIN || pt > RTCP_FIRST_TYPE_MAX) return false;
  let pos = 0;
  for (let n = 0; n < RTCP_MAX_COMPOUND_PACKETS; n++) {
    if (length - pos < RTCP_HEADER_SIZE) return n > 0 && isZeroTail(view, offset + pos, offset + length);
    if (view.getUint8(offset + pos) >>> VERSION_SHIFT !== RTP_VERSION) return false;
    pos += (view.getUint16(offset + pos + RTCP_LENGTH_OFFSET) + 1) * WORD_SIZE;
    if (pos === length) return true;
    if (pos > length) return false;
  }
  return false;
}

/** Whether the bytes from `pos` to `end` are fewer than a word and all zero (trailing padding). */
export function isZeroTail(view: DataView, pos: number, end: number): boolean {
  if (end - pos >= WORD_SIZE) return false;
  for (let i = pos; i < end; i++) if (view.getUint8(i) !== 0) return false;
  return true;
}

/** RTCP extended reports (XR, RFC 3611): VoIP metrics blocks are decoded, others skipped. */
import type { RtcpXr, VoipMetrics } from './rtcp-types.ts';

/** Header (4) + SSRC of packet sender (4). */
const XR_FIXED_SIZE = 8;
const XR_SSRC_OFFSET = 4;
/** Block type (1) + type-specific (1) + block length (2). */
const BLOCK_HEADER_SIZE = 4;
const BLOCK_LENGTH_OFFSET = 2;
const WORD_SIZE = 4;

/** XR block types (RFC 3611 §4). */
export const XrBlockType = {
  LOSS_RLE: 1,
  DUPLICATE_RLE: 2,
  PACKET_RECEIPT_TIMES: 3,
  RECEIVER_REFERENCE_TIME: 4,
  DLRR: 5,
  STATISTICS_SUMMARY: 6,
  VOIP_METRICS: 7,
} as const;

/** VoIP metrics block size: block length = 8 words minus one → 36 bytes. */
export const VOIP_METRICS_SIZE = 36;
const VM_SSRC = 4;
const VM_LOSS_RATE = 8;
const VM_DISCARD_RATE = 9;
const VM_BURST_DENSITY = 10;
const VM_GAP_DENSITY = 11;
const VM_BURST_DURATION = 12;
const VM_GAP_DURATION = 14;
const VM_ROUND_TRIP_DELAY = 16;
const VM_END_SYSTEM_DELAY = 18;
const VM_SIGNAL_LEVEL = 20;
const VM_NOISE_LEVEL = 21;
const VM_RERL = 22;
const VM_GMIN = 23;
const VM_R_FACTOR = 24;
const VM_EXT_R_FACTOR = 25;
const VM_MOS_LQ = 26;
const VM_MOS_CQ = 27;
const VM_RX_CONFIG = 28;
const VM_JB_NOMINAL = 30;
const VM_JB_MAXIMUM = 32;
const VM_JB_ABS_MAX = 34;

/**
 * Decodes a VoIP metrics block (RFC 3611 §4.7) at `pos`; the caller has checked 36 bytes fit.
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     BT=7      |   reserved    |       block length = 8        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        SSRC of source                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   loss rate   | discard rate  | burst density |  gap density  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |       burst duration          |         gap duration          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     round trip delay          |       end system delay        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | signal level  |  noise level  |     RERL      |     Gmin      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   R factor    | ext. R factor |    MOS-LQ     |    MOS-CQ     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   RX config   |   reserved    |          JB nominal           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          JB maximum           |          JB abs max           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
export function decodeVoipMetrics(view: DataView, pos: number): VoipMetrics {
  return {
    ssrc: view.getUint32(pos + VM_SSRC),
    lossRate: view.getUint8(pos + VM_LOSS_RATE),
    discardRate: view.getUint8(pos + VM_DISCARD_RATE),
    burstDensity: view.getUint8(pos + VM_BURST_DENSITY),
    gapDensity: view.getUint8(pos + VM_GAP_DENSITY),
    burstDurationMs: view.getUint16(pos + VM_BURST_DURATION),
    gapDurationMs: view.getUint16(pos + VM_GAP_DURATION),
    roundTripDelayMs: view.getUint16(pos + VM_ROUND_TRIP_DELAY),
    endSystemDelayMs: view.getUint16(pos + VM_END_SYSTEM_DELAY),
    signalLevel: view.getInt8(pos + VM_SIGNAL_LEVEL),
    noiseLevel: view.getInt8(pos + VM_NOISE_LEVEL),
    rerl: view.getUint8(pos + VM_RERL),
    gmin: view.getUint8(pos + VM_GMIN),
    rFactor: view.getUint8(pos + VM_R_FACTOR),
    extRFactor: view.getUint8(pos + VM_EXT_R_FACTOR),
    mosLq: view.getUint8(pos + VM_MOS_LQ),
    mosCq: view.getUint8(pos + VM_MOS_CQ),
    rxConfig: view.getUint8(pos + VM_RX_CONFIG),
    jbNominalMs: view.getUint16(pos + VM_JB_NOMINAL),
    jbMaximumMs: view.getUint16(pos + VM_JB_MAXIMUM),
    jbAbsMaxMs: view.getUint16(pos + VM_JB_ABS_MAX),
  };
}

/**
 * Decodes an XR packet whose header is at `start` and whose content (padding removed) ends at
 * `end`. Report blocks are walked by their length field ((block length + 1) * 4 bytes); a block
 * running past the end, or a VoIP metrics block shorter than 36 bytes, is 'rtcp-truncated-block'.
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|reserved |   PT=XR=207   |             length            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                              SSRC                             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      BT       | type-specific |         block length          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * :             type-specific block contents                      :
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * :                       more report blocks                      :
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
export function decodeXr(view: DataView, start: number, end: number): RtcpXr | 'rtcp-truncated-block' {
  if (end - start < XR_FIXED_SIZE) return 'rtcp-truncated-block';
  const ssrc = view.getUint32(start + XR_SSRC_OFFSET);
  const voipMetrics: VoipMetrics[] = [];
  let pos = start + XR_FIXED_SIZE;
  // Each block advances at least 4 bytes, so this ends.
  while (pos < end) {
    if (end - pos < BLOCK_HEADER_SIZE) return 'rtcp-truncated-block';
    const blockType = view.getUint8(pos);
    const blockSize = (view.getUint16(pos + BLOCK_LENGTH_OFFSET) + 1) * WORD_SIZE;
    if (blockSize > end - pos) return 'rtcp-truncated-block';
    if (blockType === XrBlockType.VOIP_METRICS) {
      if (blockSize < VOIP_METRICS_SIZE) return 'rtcp-truncated-block';
      voipMetrics.push(decodeVoipMetrics(view, pos));
    }
    pos += blockSize;
  }
  return { type: 'xr', ssrc, voipMetrics };
}

/** RTCP sender and receiver reports (RFC 3550 §6.4.1, §6.4.2). */
import type { ReportBlock, RtcpReceiverReport, RtcpSenderReport } from './rtcp-types.ts';

/** Header (4) + SSRC of sender (4). */
const SSRC_OFFSET = 4;
const RR_FIXED_SIZE = 8;
/** Header (4) + SSRC (4) + sender info (20). */
const SR_FIXED_SIZE = 28;
const SR_NTP_SECONDS_OFFSET = 8;
const SR_NTP_FRACTION_OFFSET = 12;
const SR_RTP_TIMESTAMP_OFFSET = 16;
const SR_PACKET_COUNT_OFFSET = 20;
const SR_OCTET_COUNT_OFFSET = 24;

export const REPORT_BLOCK_SIZE = 24;
const RB_SSRC_OFFSET = 0;
const RB_LOSS_OFFSET = 4;
const RB_EXTENDED_SEQ_OFFSET = 8;
const RB_JITTER_OFFSET = 12;
const RB_LSR_OFFSET = 16;
const RB_DLSR_OFFSET = 20;
const FRACTION_LOST_SHIFT = 24;
/** Shifting left then arithmetic right by 8 sign-extends the low 24 bits. */
const CUMULATIVE_LOST_SIGN_SHIFT = 8;

/**
 * Decodes one reception report block at `pos`; the caller has checked that 24 bytes fit.
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 SSRC_1 (SSRC of first source)                 |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | fraction lost |       cumulative number of packets lost       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           extended highest sequence number received           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      interarrival jitter                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         last SR (LSR)                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                   delay since last SR (DLSR)                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
export function decodeReportBlock(view: DataView, pos: number): ReportBlock {
  const loss = view.getUint32(pos + RB_LOSS_OFFSET);
  return {
    ssrc: view.getUint32(pos + RB_SSRC_OFFSET),
    fractionLost: loss >>> FRACTION_LOST_SHIFT,
    cumulativeLost: (loss << CUMULATIVE_LOST_SIGN_SHIFT) >> CUMULATIVE_LOST_SIGN_SHIFT,
    extendedHighestSeq: view.getUint32(pos + RB_EXTENDED_SEQ_OFFSET),
    jitter: view.getUint32(pos + RB_JITTER_OFFSET),
    lsr: view.getUint32(pos + RB_LSR_OFFSET),
    dlsr: view.getUint32(pos + RB_DLSR_OFFSET),
  };
}

/** Decodes `count` report blocks from `pos`; the caller has checked that they fit. */
function decodeReportBlocks(view: DataView, pos: number, count: number): ReportBlock[] {
  const reports: ReportBlock[] = [];
  for (let i = 0; i < count; i++) reports.push(decodeReportBlock(view, pos + i * REPORT_BLOCK_SIZE));
  return reports;
}

/**
 * Decodes an SR whose header is at `start` and whose content (padding removed) ends at `end`.
 * `rc` report blocks must fit; a profile-specific extension after them is ignored.
 *
 *         0                   1                   2                   3
 *         0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * header |V=2|P|    RC   |   PT=SR=200   |             length            |
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        |                         SSRC of sender                        |
 *        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * sender |              NTP timestamp, most significant word             |
 * info   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        |             NTP timestamp, least significant word             |
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        |                         RTP timestamp                         |
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        |                     sender's packet count                     |
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        |                      sender's octet count                     |
 *        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 *        :                  report blocks (RC × 24 bytes)                :
 *        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 *        :                  profile-specific extensions                  :
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
export function decodeSenderReport(
  view: DataView,
  start: number,
  end: number,
  rc: number,
): RtcpSenderReport | 'rtcp-truncated-block' {
  if (end - start < SR_FIXED_SIZE + rc * REPORT_BLOCK_SIZE) return 'rtcp-truncated-block';
  return {
    type: 'sr',
    ssrc: view.getUint32(start + SSRC_OFFSET),
    ntpSeconds: view.getUint32(start + SR_NTP_SECONDS_OFFSET),
    ntpFraction: view.getUint32(start + SR_NTP_FRACTION_OFFSET),
    rtpTimestamp: view.getUint32(start + SR_RTP_TIMESTAMP_OFFSET),
    packetCount: view.getUint32(start + SR_PACKET_COUNT_OFFSET),
    octetCount: view.getUint32(start + SR_OCTET_COUNT_OFFSET),
    reports: decodeReportBlocks(view, start + SR_FIXED_SIZE, rc),
  };
}

/**
 * Decodes an RR whose header is at `start` and whose content (padding removed) ends at `end`.
 * `rc` report blocks must fit; a profile-specific extension after them is ignored.
 *
 *         0                   1                   2                   3
 *         0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * header |V=2|P|    RC   |   PT=RR=201   |             length            |
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        |                     SSRC of packet sender                     |
 *        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 *        :                  report blocks (RC × 24 bytes)                :
 *        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 *        :                  profile-specific extensions                  :
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
export function decodeReceiverReport(
  view: DataView,
  start: number,
  end: number,
  rc: number,
): RtcpReceiverReport | 'rtcp-truncated-block' {
  if (end - start < RR_FIXED_SIZE + rc * REPORT_BLOCK_SIZE) return 'rtcp-truncated-block';
  return {
    type: 'rr',
    ssrc: view.getUint32(start + SSRC_OFFSET),
    reports: decodeReportBlocks(view, start + RR_FIXED_SIZE, rc),
  };
}

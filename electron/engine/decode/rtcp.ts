/**
 * RTCP compound-packet decoder (RFC 3550 §6, RFC 3611 XR). RTCP rates are low, so the decoded
 * packets are plain allocated objects. Per-type decoders live in rtcp-report.ts (SR/RR),
 * rtcp-sdes.ts (SDES), rtcp-bye-app.ts (BYE/APP) and rtcp-xr.ts (XR).
 */

import { decodeApp, decodeBye } from './rtcp-bye-app.ts';
import { decodeReceiverReport, decodeSenderReport } from './rtcp-report.ts';
import { decodeSdes } from './rtcp-sdes.ts';
import {
  RTCP_HEADER_SIZE,
  type RtcpDecodeResult,
  type RtcpPacket,
  RtcpPacketType,
  type RtcpStatus,
} from './rtcp-types.ts';
import { decodeXr } from './rtcp-xr.ts';
import { isZeroTail, RTCP_MAX_COMPOUND_PACKETS } from './rtp.ts';

export type {
  ReportBlock,
  RtcpApp,
  RtcpBye,
  RtcpDecodeResult,
  RtcpOther,
  RtcpPacket,
  RtcpReceiverReport,
  RtcpSdes,
  RtcpSenderReport,
  RtcpStatus,
  RtcpXr,
  SdesItem,
  VoipMetrics,
} from './rtcp-types.ts';
export { RTCP_HEADER_SIZE, RTCP_STATUSES, RtcpPacketType } from './rtcp-types.ts';

const RTCP_VERSION = 2;
const VERSION_SHIFT = 6;
const PADDING_MASK = 0x20;
const COUNT_MASK = 0x1f;
const PACKET_TYPE_OFFSET = 1;
const LENGTH_OFFSET = 2;
const WORD_SIZE = 4;

/**
 * The middle 32 bits of a 64-bit NTP timestamp, as carried in the LSR field of report blocks.
 */
export function ntpMiddle32(ntpSeconds: number, ntpFraction: number): number {
  return (((ntpSeconds & 0xffff) << 16) | (ntpFraction >>> 16)) >>> 0;
}

/**
 * Decodes the compound RTCP packet of `length` bytes at `offset`, walking it by the length field
 * of each packet ((length + 1) * 4 bytes). Stops at the first problem and returns the packets
 * decoded before it. Never throws.
 *
 * Each packet starts with the common header; `length` counts 32-bit words minus one, header and
 * padding included. With P=1 the last byte of the packet is the padding count (normally only the
 * last packet of a compound carries padding; it is honoured wherever P=1).
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|  count  |      PT       |             length            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * :                    packet-type specific body                  :
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * :                          ...          :  padding  | pad count :  (P=1)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
export function decodeRtcpCompound(view: DataView, offset: number, length: number): RtcpDecodeResult {
  const packets: RtcpPacket[] = [];
  if (!(offset >= 0) || !(length >= RTCP_HEADER_SIZE) || offset + RTCP_HEADER_SIZE > view.byteLength) {
    return { status: 'rtcp-too-short', packets };
  }
  // Never read past the view, whatever `length` claims.
  const end = Math.min(offset + length, view.byteLength);
  let pos = offset;
  while (pos < end) {
    if (packets.length >= RTCP_MAX_COMPOUND_PACKETS) return { status: 'rtcp-too-many-packets', packets };
    if (end - pos < RTCP_HEADER_SIZE) {
      // Up to three zero bytes after the last packet are tolerated, as Wireshark does (seen in
      // SIP_CALL_RTP_G711.pcap: SR+RR+SDES of 116 bytes in a 118-byte datagram).
      return { status: isZeroTail(view, pos, end) ? 'ok' : 'rtcp-bad-length', packets };
    }
    const b0 = view.getUint8(pos);
    if (b0 >>> VERSION_SHIFT !== RTCP_VERSION) return { status: 'rtcp-bad-version', packets };
    const size = (view.getUint16(pos + LENGTH_OFFSET) + 1) * WORD_SIZE;
    if (size > end - pos) return { status: 'rtcp-bad-length', packets };
    let contentEnd = pos + size;
    if ((b0 & PADDING_MASK) !== 0) {
      const padding = view.getUint8(contentEnd - 1);
      if (padding === 0 || padding > size - RTCP_HEADER_SIZE) return { status: 'rtcp-bad-padding', packets };
      contentEnd -= padding;
    }
    const decoded = decodePacket(view, pos, contentEnd, size, b0 & COUNT_MASK);
    if (typeof decoded === 'string') return { status: decoded, packets };
    packets.push(decoded);
    pos += size;
  }
  return { status: 'ok', packets };
}

/** Dispatches one packet: `start` is its header, `end` the end of its content (padding removed). */
function decodePacket(
  view: DataView,
  start: number,
  end: number,
  size: number,
  count: number,
): RtcpPacket | RtcpStatus {
  const packetType = view.getUint8(start + PACKET_TYPE_OFFSET);
  switch (packetType) {
    case RtcpPacketType.SR:
      return decodeSenderReport(view, start, end, count);
    case RtcpPacketType.RR:
      return decodeReceiverReport(view, start, end, count);
    case RtcpPacketType.SDES:
      return decodeSdes(view, start, end, count);
    case RtcpPacketType.BYE:
      return decodeBye(view, start, end, count);
    case RtcpPacketType.APP:
      return decodeApp(view, start, end, count);
    case RtcpPacketType.XR:
      return decodeXr(view, start, end);
    default:
      return { type: 'other', packetType, length: size };
  }
}

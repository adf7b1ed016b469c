import type { DecodeStatus } from './decode-status.ts';
import type { PacketInfo } from './packet-info.ts';

const UDP_HEADER_LENGTH = 8;
const SOURCE_PORT_OFFSET = 0;
const DESTINATION_PORT_OFFSET = 2;
const LENGTH_OFFSET = 4;

/**
 * UDP header (RFC 768):
 *
 *   0      7 8     15 16    23 24    31
 *  +--------+--------+--------+--------+
 *  |     Source      |   Destination   |
 *  |      Port       |      Port       |
 *  +--------+--------+--------+--------+
 *  |     Length      |    Checksum     |
 *  +--------+--------+--------+--------+
 *  |          data octets ...
 *
 * `captured` is the number of IP-payload bytes captured from `offset`, `declared` the number the
 * IP header announces (>= captured). The UDP length field must be >= 8 and <= `declared`
 * (else 'udp-bad-length'); bytes of the IP payload beyond it are ignored. When the snap length cut
 * the datagram, `info.payloadLength` = min(UDP length - 8, captured - 8): the bytes actually
 * there, so an RTP header that survived the cut still decodes. The checksum is not verified.
 */
export function decodeUdp(
  data: Uint8Array,
  view: DataView,
  offset: number,
  captured: number,
  declared: number,
  info: PacketInfo,
): DecodeStatus {
  if (captured < UDP_HEADER_LENGTH) return 'udp-truncated';
  const length = view.getUint16(offset + LENGTH_OFFSET);
  if (length < UDP_HEADER_LENGTH || length > declared) return 'udp-bad-length';
  info.srcPort = view.getUint16(offset + SOURCE_PORT_OFFSET);
  info.dstPort = view.getUint16(offset + DESTINATION_PORT_OFFSET);
  info.payload = data;
  info.payloadView = view;
  info.payloadOffset = offset + UDP_HEADER_LENGTH;
  info.payloadLength = Math.min(length, captured) - UDP_HEADER_LENGTH;
  return 'ok';
}

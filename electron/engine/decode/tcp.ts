import type { DecodeStatus } from './decode-status.ts';
import type { PacketInfo } from './packet-info.ts';

const TCP_MIN_HEADER_LENGTH = 20;
const SOURCE_PORT_OFFSET = 0;
const DESTINATION_PORT_OFFSET = 2;
const SEQUENCE_OFFSET = 4;
const DATA_OFFSET_OFFSET = 12;
const DATA_OFFSET_SHIFT = 4;
/** The data offset counts 32-bit words. */
const DATA_OFFSET_UNIT = 4;
const MIN_DATA_OFFSET = 5;
const FLAGS_OFFSET = 13;

/**
 * TCP header (RFC 9293 section 3.1):
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |          Source Port          |       Destination Port        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                        Sequence Number                        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Acknowledgment Number                      |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Data |       |C|E|U|A|P|R|S|F|                               |
 *  | Offset| Rsrvd |W|C|R|C|S|S|Y|I|            Window             |
 *  |       |       |R|E|G|K|H|T|N|N|                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |           Checksum            |         Urgent Pointer        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Options (data offset > 5)                  |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * `captured`/`declared` as for decodeUdp. Data offset 5..15 words and within `declared` (else
 * 'tcp-bad-header-length'); the payload is the rest of the IP payload, bounded by what was
 * captured. `info.tcpFlags` gets the whole flags byte (CWR..FIN).
 */
export function decodeTcp(
  data: Uint8Array,
  view: DataView,
  offset: number,
  captured: number,
  declared: number,
  info: PacketInfo,
): DecodeStatus {
  if (captured < TCP_MIN_HEADER_LENGTH) return 'tcp-truncated';
  const dataOffset = data[offset + DATA_OFFSET_OFFSET]! >> DATA_OFFSET_SHIFT;
  if (dataOffset < MIN_DATA_OFFSET) return 'tcp-bad-header-length';
  const headerLength = dataOffset * DATA_OFFSET_UNIT;
  if (headerLength > declared) return 'tcp-bad-header-length';
  if (headerLength > captured) return 'tcp-truncated';
  info.srcPort = view.getUint16(offset + SOURCE_PORT_OFFSET);
  info.dstPort = view.getUint16(offset + DESTINATION_PORT_OFFSET);
  info.tcpSeq = view.getUint32(offset + SEQUENCE_OFFSET);
  info.tcpFlags = data[offset + FLAGS_OFFSET]!;
  info.payload = data;
  info.payloadView = view;
  info.payloadOffset = offset + headerLength;
  info.payloadLength = captured - headerLength;
  return 'ok';
}

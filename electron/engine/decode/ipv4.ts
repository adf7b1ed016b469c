import type { DecodeStatus, IpResult } from './decode-status.ts';
import type { PacketInfo } from './packet-info.ts';

const IPV4_MIN_HEADER_LENGTH = 20;
const VERSION_SHIFT = 4;
const IHL_MASK = 0x0f;
/** IHL counts 32-bit words. */
const IHL_UNIT = 4;
const MIN_IHL = 5;
const TOTAL_LENGTH_OFFSET = 2;
const IDENTIFICATION_OFFSET = 4;
const FLAGS_FRAGMENT_OFFSET = 6;
const MORE_FRAGMENTS_FLAG = 0x2000;
const FRAGMENT_OFFSET_MASK = 0x1fff;
/** The fragment offset counts 8-byte units. */
const FRAGMENT_OFFSET_UNIT = 8;
const PROTOCOL_OFFSET = 9;
const SOURCE_OFFSET = 12;
const DESTINATION_OFFSET = 16;
const ADDRESS_LENGTH = 4;

/**
 * IPv4 header (RFC 791 section 3.1):
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |Version|  IHL  |Type of Service|          Total Length         |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |         Identification        |Flags|      Fragment Offset    |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Time to Live |    Protocol   |         Header Checksum       |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                       Source Address                          |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Destination Address                        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Options (IHL > 5)          |    Padding    |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * `captured` is the number of bytes captured from `offset`; `wire` the number of bytes the packet
 * had on the wire from `offset` (>= captured; from the record's original length).
 *
 * Lengths: the total length must cover the header (else 'ip-bad-total-length') and fit in the
 * wire length (else 'ip-bad-total-length'); bytes beyond it (Ethernet padding) are ignored. When
 * the snap length cut the packet (total length > captured) the packet still decodes:
 * `out.payloadDeclared` keeps the header's length and `out.payloadCaptured` what is actually there.
 * The header checksum is not verified (capture hosts with checksum offload record garbage).
 */
export function decodeIpv4(
  data: Uint8Array,
  view: DataView,
  offset: number,
  captured: number,
  wire: number,
  info: PacketInfo,
  out: IpResult,
): DecodeStatus {
  if (captured < 1) return 'ip-truncated';
  const first = data[offset]!;
  if (first >> VERSION_SHIFT !== 4) return 'ip-bad-version';
  if (captured < IPV4_MIN_HEADER_LENGTH) return 'ip-truncated';
  const ihl = first & IHL_MASK;
  if (ihl < MIN_IHL) return 'ip-bad-header-length';
  const headerLength = ihl * IHL_UNIT;
  const totalLength = view.getUint16(offset + TOTAL_LENGTH_OFFSET);
  if (totalLength < headerLength || totalLength > wire) return 'ip-bad-total-length';
  if (headerLength > captured) return 'ip-truncated';

  info.ipVersion = 4;
  info.ipProtocol = data[offset + PROTOCOL_OFFSET]!;
  const src = info.src;
  const dst = info.dst;
  for (let i = 0; i < ADDRESS_LENGTH; i++) {
    src[i] = data[offset + SOURCE_OFFSET + i]!;
    dst[i] = data[offset + DESTINATION_OFFSET + i]!;
  }

  out.payloadOffset = offset + headerLength;
  out.payloadDeclared = totalLength - headerLength;
  out.payloadCaptured = Math.min(totalLength, captured) - headerLength;
  const fragment = view.getUint16(offset + FLAGS_FRAGMENT_OFFSET);
  out.moreFragments = (fragment & MORE_FRAGMENTS_FLAG) !== 0;
  out.fragmentOffset = (fragment & FRAGMENT_OFFSET_MASK) * FRAGMENT_OFFSET_UNIT;
  out.isFragment = out.moreFragments || out.fragmentOffset !== 0;
  out.fragmentId = view.getUint16(offset + IDENTIFICATION_OFFSET);
  out.fragmentNextHeader = info.ipProtocol;
  return 'ok';
}

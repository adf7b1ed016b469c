import type { DecodeStatus, IpResult } from './decode-status.ts';
import type { PacketInfo } from './packet-info.ts';

/** IPv6 next-header values with the extension-header layout (IANA "IPv6 Extension Header Types"). */
export const Ipv6NextHeader = {
  HOP_BY_HOP: 0,
  ROUTING: 43,
  FRAGMENT: 44,
  ESP: 50,
  AUTHENTICATION: 51,
  NO_NEXT_HEADER: 59,
  DESTINATION_OPTIONS: 60,
  MOBILITY: 135,
  HIP: 139,
  SHIM6: 140,
  EXPERIMENTAL_1: 253,
  EXPERIMENTAL_2: 254,
} as const;

/** Most extension headers followed in one chain before the packet is rejected. */
export const MAX_EXTENSION_HEADERS = 8;

const IPV6_HEADER_LENGTH = 40;
const VERSION_SHIFT = 4;
const PAYLOAD_LENGTH_OFFSET = 4;
const NEXT_HEADER_OFFSET = 6;
const SOURCE_OFFSET = 8;
const DESTINATION_OFFSET = 24;
const ADDRESS_LENGTH = 16;
/** Every extension header starts with Next Header (1 byte) and Hdr Ext Len (1 byte). */
const EXTENSION_PREFIX_LENGTH = 2;
const EXTENSION_LENGTH_OFFSET = 1;
/** Generic extension headers: length = (Hdr Ext Len + 1) * 8 bytes (RFC 8200 section 4.3). */
const EXTENSION_UNIT = 8;
/** AH: length = (Payload Len + 2) * 4 bytes (RFC 4302 section 2.2). */
const AH_UNIT = 4;
const AH_LENGTH_BIAS = 2;
const FRAGMENT_HEADER_LENGTH = 8;
const FRAGMENT_FIELD_OFFSET = 2;
const FRAGMENT_OFFSET_MASK = 0xfff8;
const FRAGMENT_MORE_FLAG = 0x0001;
const FRAGMENT_ID_OFFSET = 4;

/**
 * IPv6 fixed header (RFC 8200 section 3):
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |Version| Traffic Class |           Flow Label                  |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |         Payload Length        |  Next Header  |   Hop Limit   |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                  Source Address (128 bits)                    |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |               Destination Address (128 bits)                  |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * `captured`/`wire` as for decodeIpv4. The payload length bounds the payload (bytes beyond it are
 * padding); a payload length beyond the wire length is 'ip-bad-total-length'. Payload length 0 is
 * only accepted with next header 59 (empty packet): jumbograms (RFC 2675) are not supported.
 * Then follows the extension-header chain (see walkIpv6Extensions).
 */
export function decodeIpv6(
  data: Uint8Array,
  view: DataView,
  offset: number,
  captured: number,
  wire: number,
  info: PacketInfo,
  out: IpResult,
): DecodeStatus {
  if (captured < 1) return 'ip-truncated';
  if (data[offset]! >> VERSION_SHIFT !== 6) return 'ip-bad-version';
  if (captured < IPV6_HEADER_LENGTH) return 'ip-truncated';
  const payloadLength = view.getUint16(offset + PAYLOAD_LENGTH_OFFSET);
  const nextHeader = data[offset + NEXT_HEADER_OFFSET]!;
  if (payloadLength === 0 && nextHeader !== Ipv6NextHeader.NO_NEXT_HEADER) return 'ip-bad-total-length';
  if (IPV6_HEADER_LENGTH + payloadLength > wire) return 'ip-bad-total-length';

  info.ipVersion = 6;
  const src = info.src;
  const dst = info.dst;
  for (let i = 0; i < ADDRESS_LENGTH; i++) {
    src[i] = data[offset + SOURCE_OFFSET + i]!;
    dst[i] = data[offset + DESTINATION_OFFSET + i]!;
  }
  const available = captured - IPV6_HEADER_LENGTH;
  return walkIpv6Extensions(
    data,
    view,
    offset + IPV6_HEADER_LENGTH,
    Math.min(payloadLength, available),
    payloadLength,
    nextHeader,
    true,
    info,
    out,
  );
}

/**
 * Follows an IPv6 extension-header chain (at most MAX_EXTENSION_HEADERS) starting at `offset`
 * with header type `nextHeader`; `captured`/`declared` are the captured and declared bytes from
 * `offset`. Generic extension header (RFC 8200 section 4) and fragment header (section 4.5):
 *
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Next Header  |  Hdr Ext Len  |  (Hdr Ext Len + 1) * 8 bytes  |   AH: (Len + 2) * 4 bytes
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Next Header  |   Reserved    |      Fragment Offset    |Res|M|   fragment header (44)
 *  |                         Identification                        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Stops at the first non-extension header (UDP, TCP, ICMPv6, ESP 50, no-next-header 59, ...),
 * which lands in `info.ipProtocol`, with `out.payload*` describing what follows. A fragment header
 * stops the walk with `out.isFragment` set and `out.payload*` describing the fragment data, unless
 * it is an atomic fragment (offset 0, M = 0, RFC 6946), which is skipped. With `allowFragment`
 * false (inside a reassembled payload) a fragment header is 'fragment-overlap-or-invalid'.
 */
export function walkIpv6Extensions(
  data: Uint8Array,
  view: DataView,
  offset: number,
  captured: number,
  declared: number,
  nextHeader: number,
  allowFragment: boolean,
  info: PacketInfo,
  out: IpResult,
): DecodeStatus {
  let header = nextHeader;
  let pos = offset;
  let cap = captured;
  let decl = declared;
  out.isFragment = false;
  for (let count = 0; isExtensionHeader(header); count++) {
    if (count === MAX_EXTENSION_HEADERS) return 'ipv6-too-many-extensions';
    if (cap < EXTENSION_PREFIX_LENGTH) return 'ipv6-extension-truncated';
    const following = data[pos]!;
    let length: number;
    if (header === Ipv6NextHeader.FRAGMENT) {
      length = FRAGMENT_HEADER_LENGTH;
    } else if (header === Ipv6NextHeader.AUTHENTICATION) {
      length = (data[pos + EXTENSION_LENGTH_OFFSET]! + AH_LENGTH_BIAS) * AH_UNIT;
    } else {
      length = (data[pos + EXTENSION_LENGTH_OFFSET]! + 1) * EXTENSION_UNIT;
    }
    if (length > cap || length > decl) return 'ipv6-extension-truncated';
    const start = pos;
    pos += length;
    cap -= length;
    decl -= length;
    if (header === Ipv6NextHeader.FRAGMENT) {
      if (!allowFragment) return 'fragment-overlap-or-invalid';
      const field = view.getUint16(start + FRAGMENT_FIELD_OFFSET);
      // 13-bit offset in 8-byte units sits above 3 low bits, so masking yields bytes directly.
      const fragmentOffset = field & FRAGMENT_OFFSET_MASK;
      const more = (field & FRAGMENT_MORE_FLAG) !== 0;
      if (fragmentOffset !== 0 || more) {
        out.isFragment = true;
        out.fragmentOffset = fragmentOffset;
        out.moreFragments = more;
        out.fragmentId = view.getUint32(start + FRAGMENT_ID_OFFSET);
        out.fragmentNextHeader = following;
        header = following;
        break;
      }
    }
    header = following;
  }
  info.ipProtocol = header;
  out.payloadOffset = pos;
  out.payloadCaptured = cap;
  out.payloadDeclared = decl;
  return 'ok';
}

/** True for next-header values that have the IPv6 extension-header layout. */
export function isExtensionHeader(header: number): boolean {
  switch (header) {
    case Ipv6NextHeader.HOP_BY_HOP:
    case Ipv6NextHeader.ROUTING:
    case Ipv6NextHeader.FRAGMENT:
    case Ipv6NextHeader.AUTHENTICATION:
    case Ipv6NextHeader.DESTINATION_OPTIONS:
    case Ipv6NextHeader.MOBILITY:
    case Ipv6NextHeader.HIP:
    case Ipv6NextHeader.SHIM6:
    case Ipv6NextHeader.EXPERIMENTAL_1:
    case Ipv6NextHeader.EXPERIMENTAL_2:
      return true;
    default:
      return false;
  }
}

import type { DecodeStatus, LinkResult } from './decode-status.ts';
import type { PacketInfo } from './packet-info.ts';

/** EtherType values the link decoders recognise (IEEE 802 numbers registry). */
export const EtherType = {
  IPV4: 0x0800,
  IPV6: 0x86dd,
  /** IEEE 802.1Q customer VLAN tag. */
  VLAN: 0x8100,
  /** IEEE 802.1ad service VLAN tag (QinQ outer tag). */
  QINQ: 0x88a8,
  /** Pre-standard QinQ outer tag used by some vendors. */
  QINQ_LEGACY: 0x9100,
} as const;

/** EtherType/length field values up to this are IEEE 802.3 length fields, not EtherTypes. */
export const MAX_8023_LENGTH = 1500;
/** Most stacked VLAN tags accepted before the frame is rejected ('link-too-many-vlans'). */
export const MAX_VLAN_TAGS = 4;

const ETHERNET_HEADER_LENGTH = 14;
const ETHERNET_TYPE_OFFSET = 12;
const VLAN_TAG_LENGTH = 4;
/** Offset of the encapsulated EtherType inside a 4-byte VLAN tag (after the 2-byte TCI). */
const VLAN_INNER_TYPE_OFFSET = 2;
const VLAN_ID_MASK = 0x0fff;

/**
 * Ethernet II header (IEEE 802.3 clause 3.2.6), optionally followed by 802.1Q/802.1ad tags:
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |               Destination MAC (6 bytes) ...                   |
 *  +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                               |   Source MAC (6 bytes) ...    |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |     EtherType / length        |  (VLAN tag: TCI, EtherType)*  |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 *  VLAN tag (TPID 0x8100 / 0x88a8 / 0x9100 in the EtherType position):
 *  |PCP|D|        VLAN id (12)     |       inner EtherType         |
 *
 * `offset`/`length` delimit the frame in `view`. Records the outermost VLAN id in
 * `info.vlanId`; on 'ok' `out` holds the IP header offset and the announced IP version.
 */
export function decodeEthernet(
  view: DataView,
  offset: number,
  length: number,
  info: PacketInfo,
  out: LinkResult,
): DecodeStatus {
  if (length < ETHERNET_HEADER_LENGTH) return 'link-truncated';
  const etherType = view.getUint16(offset + ETHERNET_TYPE_OFFSET);
  return decodeEtherType(
    view,
    offset + ETHERNET_HEADER_LENGTH,
    length - ETHERNET_HEADER_LENGTH,
    etherType,
    info,
    out,
  );
}

/**
 * Resolves an EtherType found at the end of a link header (Ethernet, Linux SLL): skips up to
 * MAX_VLAN_TAGS stacked VLAN tags starting at `offset`, then maps IPv4/IPv6 to `out`.
 * `length` is the number of bytes available from `offset`.
 */
export function decodeEtherType(
  view: DataView,
  offset: number,
  length: number,
  etherType: number,
  info: PacketInfo,
  out: LinkResult,
): DecodeStatus {
  let type = etherType;
  let pos = offset;
  let left = length;
  for (let tags = 0; isVlanTpid(type); tags++) {
    if (tags === MAX_VLAN_TAGS) return 'link-too-many-vlans';
    if (left < VLAN_TAG_LENGTH) return 'link-truncated';
    if (tags === 0) info.vlanId = view.getUint16(pos) & VLAN_ID_MASK;
    type = view.getUint16(pos + VLAN_INNER_TYPE_OFFSET);
    pos += VLAN_TAG_LENGTH;
    left -= VLAN_TAG_LENGTH;
  }
  if (type <= MAX_8023_LENGTH) return 'not-ip'; // IEEE 802.3 length field (LLC/SNAP follows)
  if (type === EtherType.IPV4) {
    out.ipVersion = 4;
  } else if (type === EtherType.IPV6) {
    out.ipVersion = 6;
  } else {
    // ARP, LLDP, MPLS, PPPoE, ...
    return 'not-ip';
  }
  out.offset = pos;
  return 'ok';
}

function isVlanTpid(type: number): boolean {
  return type === EtherType.VLAN || type === EtherType.QINQ || type === EtherType.QINQ_LEGACY;
}

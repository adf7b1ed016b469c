import type { DecodeStatus, LinkResult } from './decode-status.ts';
import { decodeEtherType } from './ethernet.ts';
import type { PacketInfo } from './packet-info.ts';

const SLL_HEADER_LENGTH = 16;
const SLL_PROTOCOL_OFFSET = 14;
const SLL2_HEADER_LENGTH = 20;
const SLL2_PROTOCOL_OFFSET = 0;

/**
 * Linux cooked capture v1, LINKTYPE_LINUX_SLL (tcpdump.org/linktypes/LINKTYPE_LINUX_SLL.html):
 *
 *  +---------------------------+
 *  |  Packet type      (2)     |  offset 0
 *  |  ARPHRD_ type     (2)     |  offset 2
 *  |  Address length   (2)     |  offset 4
 *  |  Address          (8)     |  offset 6
 *  |  Protocol type    (2)     |  offset 14  (EtherType for Ethernet-like devices)
 *  +---------------------------+
 *
 * The protocol type is an EtherType; libpcap may re-insert a VLAN tag (0x8100) after the header.
 */
export function decodeLinuxSll(
  view: DataView,
  offset: number,
  length: number,
  info: PacketInfo,
  out: LinkResult,
): DecodeStatus {
  if (length < SLL_HEADER_LENGTH) return 'link-truncated';
  const protocol = view.getUint16(offset + SLL_PROTOCOL_OFFSET);
  return decodeEtherType(view, offset + SLL_HEADER_LENGTH, length - SLL_HEADER_LENGTH, protocol, info, out);
}

/**
 * Linux cooked capture v2, LINKTYPE_LINUX_SLL2 (tcpdump.org/linktypes/LINKTYPE_LINUX_SLL2.html):
 *
 *  +---------------------------+
 *  |  Protocol type    (2)     |  offset 0   (EtherType)
 *  |  Reserved (MBZ)   (2)     |  offset 2
 *  |  Interface index  (4)     |  offset 4
 *  |  ARPHRD_ type     (2)     |  offset 8
 *  |  Packet type      (1)     |  offset 10
 *  |  Address length   (1)     |  offset 11
 *  |  Address          (8)     |  offset 12
 *  +---------------------------+
 */
export function decodeLinuxSll2(
  view: DataView,
  offset: number,
  length: number,
  info: PacketInfo,
  out: LinkResult,
): DecodeStatus {
  if (length < SLL2_HEADER_LENGTH) return 'link-truncated';
  const protocol = view.getUint16(offset + SLL2_PROTOCOL_OFFSET);
  return decodeEtherType(view, offset + SLL2_HEADER_LENGTH, length - SLL2_HEADER_LENGTH, protocol, info, out);
}

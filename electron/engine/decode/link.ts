import type { Frame } from '../source/frame.ts';
import { type DecodeStatus, newIpResult, newLinkResult } from './decode-status.ts';
import { decodeEthernet } from './ethernet.ts';
import type { IpReassembler } from './ip-reassembly.ts';
import { decodeIpv4 } from './ipv4.ts';
import { decodeIpv6, isExtensionHeader, walkIpv6Extensions } from './ipv6.ts';
import { LinkType } from './link-types.ts';
import { decodeLinuxSll, decodeLinuxSll2 } from './linux-sll.ts';
import { decodeLoop, decodeNullLoopback } from './null-loopback.ts';
import { IpProtocol, type PacketInfo } from './packet-info.ts';
import { decodeRawIp } from './raw.ts';
import { decodeTcp } from './tcp.ts';
import { decodeUdp } from './udp.ts';

/**
 * Declared IP-payload length used for the first fragment of a datagram we do not reassemble: the
 * transport length checks are relaxed as for a snap-length cut, since the rest is elsewhere.
 */
const UNKNOWN_DECLARED_LENGTH = 0xffff;

// Scratch records shared by every call (decoding is synchronous and single-threaded).
const link = newLinkResult();
const ip = newIpResult();

/**
 * Decodes one frame from its link layer down to the UDP/TCP payload.
 *
 * Dispatches on `frame.linkType` (Ethernet with VLAN tags, Linux SLL/SLL2, BSD NULL/LOOP, raw IP),
 * decodes IPv4/IPv6 (with extension headers) and UDP/TCP, writing everything into `info`
 * (reset first). On 'ok' the transport payload is at info.payload[payloadOffset ..
 * payloadOffset + payloadLength): the frame's own buffer, or a reassembled datagram's buffer when
 * info.reassembled is true. IP packets carrying another protocol return 'not-udp-or-tcp' with the
 * addresses and ipProtocol filled in. Never throws; allocates only on the fragment path.
 *
 * Fragments: with a reassembler, they are stored ('fragment-held') until the datagram is complete,
 * which then decodes as one packet. Without one, non-first fragments are 'fragment-held' and a first
 * fragment decodes like a snap-length-cut packet (ports and the payload bytes it holds).
 * A fragment cut by the snap length cannot be reassembled and is 'ip-truncated'. Fragments of
 * protocols other than UDP/TCP (or, for IPv6, an extension header) are 'not-udp-or-tcp' at once.
 *
 * `timeSec` is the capture time in seconds, used only to expire reassembly state.
 */
export function decodeNetwork(
  frame: Frame,
  info: PacketInfo,
  reassembler: IpReassembler | null,
  timeSec: number,
): DecodeStatus {
  info.ipVersion = 0;
  info.ipProtocol = 0;
  info.srcPort = 0;
  info.dstPort = 0;
  info.payloadOffset = 0;
  info.payloadLength = 0;
  info.reassembled = false;
  info.tcpSeq = 0;
  info.tcpFlags = 0;
  info.vlanId = -1;

  const data = frame.data;
  const view = frame.view;
  const start = frame.start;
  // Never read past the buffer, whatever the record header claimed.
  const end = Math.min(start + frame.capturedLength, data.length);
  const length = end - start;
  if (!(start >= 0 && length >= 0)) return 'link-truncated';

  let status: DecodeStatus;
  switch (frame.linkType) {
    case LinkType.ETHERNET:
      status = decodeEthernet(view, start, length, info, link);
      break;
    case LinkType.LINUX_SLL:
      status = decodeLinuxSll(view, start, length, info, link);
      break;
    case LinkType.LINUX_SLL2:
      status = decodeLinuxSll2(view, start, length, info, link);
      break;
    case LinkType.NULL:
      status = decodeNullLoopback(view, start, length, link);
      break;
    case LinkType.LOOP:
      status = decodeLoop(view, start, length, link);
      break;
    case LinkType.RAW:
    case LinkType.RAW_ALT_12:
    case LinkType.RAW_ALT_14:
    case LinkType.IPV4:
    case LinkType.IPV6:
      status = decodeRawIp(data, start, length, link);
      break;
    default:
      return 'link-unsupported';
  }
  if (status !== 'ok') return status;

  const ipOffset = link.offset;
  const ipCaptured = end - ipOffset;
  const ipWire = Math.max(ipCaptured, frame.originalLength - (ipOffset - start));
  status =
    link.ipVersion === 4
      ? decodeIpv4(data, view, ipOffset, ipCaptured, ipWire, info, ip)
      : decodeIpv6(data, view, ipOffset, ipCaptured, ipWire, info, ip);
  if (status !== 'ok') return status;
  if (!ip.isFragment) {
    return decodeTransport(data, view, ip.payloadOffset, ip.payloadCaptured, ip.payloadDeclared, info);
  }
  return decodeFragment(data, view, info, reassembler, timeSec);
}

function decodeFragment(
  data: Uint8Array,
  view: DataView,
  info: PacketInfo,
  reassembler: IpReassembler | null,
  timeSec: number,
): DecodeStatus {
  // Fragments of protocols we never analyse (fragmented ping, ESP, ...) are not worth storing.
  const next = ip.fragmentNextHeader;
  if (
    next !== IpProtocol.UDP &&
    next !== IpProtocol.TCP &&
    (info.ipVersion === 4 || !isExtensionHeader(next))
  ) {
    return 'not-udp-or-tcp';
  }
  if (reassembler === null) {
    if (ip.fragmentOffset !== 0) return 'fragment-held';
    if (info.ipVersion === 6) {
      const status = walkIpv6Extensions(
        data,
        view,
        ip.payloadOffset,
        ip.payloadCaptured,
        UNKNOWN_DECLARED_LENGTH,
        ip.fragmentNextHeader,
        false,
        info,
        ip,
      );
      if (status !== 'ok') return status;
    }
    return decodeTransport(data, view, ip.payloadOffset, ip.payloadCaptured, UNKNOWN_DECLARED_LENGTH, info);
  }

  if (ip.payloadCaptured < ip.payloadDeclared) return 'ip-truncated';
  const status = reassembler.add(info, ip, data, timeSec);
  if (status !== 'ok') return status;
  const buffer = info.payload;
  const bufferView = info.payloadView;
  const total = info.payloadLength;
  if (info.ipVersion === 6) {
    const walked = walkIpv6Extensions(
      buffer,
      bufferView,
      0,
      total,
      total,
      ip.fragmentNextHeader,
      false,
      info,
      ip,
    );
    if (walked !== 'ok') return walked;
    return decodeTransport(
      buffer,
      bufferView,
      ip.payloadOffset,
      ip.payloadCaptured,
      ip.payloadDeclared,
      info,
    );
  }
  return decodeTransport(buffer, bufferView, 0, total, total, info);
}

function decodeTransport(
  data: Uint8Array,
  view: DataView,
  offset: number,
  captured: number,
  declared: number,
  info: PacketInfo,
): DecodeStatus {
  const protocol = info.ipProtocol;
  if (protocol === IpProtocol.UDP) return decodeUdp(data, view, offset, captured, declared, info);
  if (protocol === IpProtocol.TCP) return decodeTcp(data, view, offset, captured, declared, info);
  return 'not-udp-or-tcp';
}

/**
 * Outcome of decoding one frame down to its transport payload, plus the small scratch records the
 * layer decoders hand to each other. Decoders never throw: every way a frame can fail is one of
 * these string constants (comparing string literals is as cheap as comparing numbers in V8).
 */
export type DecodeStatus =
  /** Addresses, ports and transport payload are in the PacketInfo. */
  | 'ok'
  /** The capture's link-layer type is not one we decode. */
  | 'link-unsupported'
  /** The frame ends inside the link-layer header (or inside a VLAN tag). */
  | 'link-truncated'
  /** More stacked VLAN tags than MAX_VLAN_TAGS. */
  | 'link-too-many-vlans'
  /** The link layer carries something other than IPv4/IPv6 (ARP, LLDP, 802.3 length frames, ...). */
  | 'not-ip'
  /** The frame ends inside the IP header. */
  | 'ip-truncated'
  /** The version nibble does not match what the link layer announced (or is neither 4 nor 6). */
  | 'ip-bad-version'
  /** IPv4 IHL below 5 (fewer than 20 header bytes). */
  | 'ip-bad-header-length'
  /** IPv4 total length below the header length, IP length beyond the wire length, or IPv6 payload length 0. */
  | 'ip-bad-total-length'
  /** An IPv6 extension header runs past the IPv6 payload or past the captured bytes. */
  | 'ipv6-extension-truncated'
  /** More chained IPv6 extension headers than MAX_EXTENSION_HEADERS. */
  | 'ipv6-too-many-extensions'
  /** A fragment was stored for reassembly, or is a non-first fragment we do not reassemble. */
  | 'fragment-held'
  /** Conflicting overlap, misaligned or oversized fragment, too many fragments: the datagram was dropped. */
  | 'fragment-overlap-or-invalid'
  /** The IP packet is valid but carries neither UDP nor TCP (ICMP, ESP, no-next-header, ...). */
  | 'not-udp-or-tcp'
  /** Fewer than 8 bytes of UDP header are available. */
  | 'udp-truncated'
  /** UDP length field below 8 or beyond the IP payload. */
  | 'udp-bad-length'
  /** Fewer than 20 bytes of TCP header, or the options are cut off by the snap length. */
  | 'tcp-truncated'
  /** TCP data offset below 5 words, or a header longer than the IP payload. */
  | 'tcp-bad-header-length';

/** Every DecodeStatus value, in the order of the union above. */
export const DECODE_STATUSES: readonly DecodeStatus[] = [
  'ok',
  'link-unsupported',
  'link-truncated',
  'link-too-many-vlans',
  'not-ip',
  'ip-truncated',
  'ip-bad-version',
  'ip-bad-header-length',
  'ip-bad-total-length',
  'ipv6-extension-truncated',
  'ipv6-too-many-extensions',
  'fragment-held',
  'fragment-overlap-or-invalid',
  'not-udp-or-tcp',
  'udp-truncated',
  'udp-bad-length',
  'tcp-truncated',
  'tcp-bad-header-length',
];

/**
 * Statuses that mean a broken (or snap-length-cut) packet. The others ('ok', 'link-unsupported',
 * 'not-ip', 'not-udp-or-tcp', 'fragment-held') are traffic we simply do not analyse.
 */
export const MALFORMED: ReadonlySet<DecodeStatus> = new Set<DecodeStatus>([
  'link-truncated',
  'link-too-many-vlans',
  'ip-truncated',
  'ip-bad-version',
  'ip-bad-header-length',
  'ip-bad-total-length',
  'ipv6-extension-truncated',
  'ipv6-too-many-extensions',
  'fragment-overlap-or-invalid',
  'udp-truncated',
  'udp-bad-length',
  'tcp-truncated',
  'tcp-bad-header-length',
]);

/** Where the link layer found the network header (reused scratch, written by the link decoders). */
export interface LinkResult {
  /** Absolute offset of the IP header in the frame's buffer. */
  offset: number;
  /** IP version the link layer announced (4 or 6); the IP decoder checks the version nibble. */
  ipVersion: number;
}

/** Creates a reusable LinkResult. */
export function newLinkResult(): LinkResult {
  return { offset: 0, ipVersion: 0 };
}

/** What the IP decoders learned beyond PacketInfo (reused scratch, written by decodeIpv4/decodeIpv6). */
export interface IpResult {
  /** Absolute offset of the transport header (or of the fragment data) in the buffer. */
  payloadOffset: number;
  /** Bytes of IP payload actually captured from `payloadOffset` (<= payloadDeclared). */
  payloadCaptured: number;
  /** Bytes of IP payload from `payloadOffset` according to the IP header's length field. */
  payloadDeclared: number;
  /** True when this packet is a fragment (IPv4 MF/offset, or an IPv6 fragment header). */
  isFragment: boolean;
  /** Fragment identification (16 bits for IPv4, 32 bits for IPv6). */
  fragmentId: number;
  /** Byte offset of this fragment's data in the original datagram's payload. */
  fragmentOffset: number;
  /** More-fragments flag. */
  moreFragments: boolean;
  /** IPv6 only: the next-header value of the fragment header (the reassembled payload's first header). */
  fragmentNextHeader: number;
}

/** Creates a reusable IpResult. */
export function newIpResult(): IpResult {
  return {
    payloadOffset: 0,
    payloadCaptured: 0,
    payloadDeclared: 0,
    isFragment: false,
    fragmentId: 0,
    fragmentOffset: 0,
    moreFragments: false,
    fragmentNextHeader: 0,
  };
}

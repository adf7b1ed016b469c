/**
 * What the network decoders learned about one frame, written into a caller-owned object that is
 * reused for every frame (no allocation per packet). Valid only until the next frame is decoded.
 */
export interface PacketInfo {
  /** 4 or 6; 0 before a frame was decoded. */
  ipVersion: number;
  /** Source address bytes: 4 used for IPv4, 16 for IPv6. */
  readonly src: Uint8Array;
  /** Destination address bytes: 4 used for IPv4, 16 for IPv6. */
  readonly dst: Uint8Array;
  /** Transport protocol number after all IPv6 extension headers (17 UDP, 6 TCP, ...). */
  ipProtocol: number;
  /** Source transport port (UDP or TCP), 0 when not UDP/TCP. */
  srcPort: number;
  /** Destination transport port (UDP or TCP), 0 when not UDP/TCP. */
  dstPort: number;
  /** Bytes holding the transport payload (the frame's buffer, or a reassembled datagram's). */
  payload: Uint8Array;
  /** DataView over `payload.buffer` with the same byte offset as `payload`. */
  payloadView: DataView;
  /** Offset of the first transport-payload byte in `payload` / `payloadView`. */
  payloadOffset: number;
  /** Transport payload length in bytes (UDP: from the UDP length field, bounded by what was captured). */
  payloadLength: number;
  /** True when the datagram was rebuilt from IPv4/IPv6 fragments. */
  reassembled: boolean;
  /** TCP only: sequence number of the first payload byte (uint32). */
  tcpSeq: number;
  /** TCP only: header flags (FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10). */
  tcpFlags: number;
  /** 802.1Q VLAN id of the outermost tag, or -1 when untagged. */
  vlanId: number;
}

/** Creates an empty, reusable PacketInfo. */
export function newPacketInfo(): PacketInfo {
  const empty = new Uint8Array(0);
  return {
    ipVersion: 0,
    src: new Uint8Array(16),
    dst: new Uint8Array(16),
    ipProtocol: 0,
    srcPort: 0,
    dstPort: 0,
    payload: empty,
    payloadView: new DataView(empty.buffer),
    payloadOffset: 0,
    payloadLength: 0,
    reassembled: false,
    tcpSeq: 0,
    tcpFlags: 0,
    vlanId: -1,
  };
}

/** IP protocol numbers the engine looks at. */
export const IpProtocol = { TCP: 6, UDP: 17 } as const;

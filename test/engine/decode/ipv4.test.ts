import { describe, expect, it } from 'vitest';
import type { DecodeStatus } from '../../../electron/engine/decode/decode-status.ts';
import { decodeNetwork } from '../../../electron/engine/decode/link.ts';
import { LinkType } from '../../../electron/engine/decode/link-types.ts';
import { newPacketInfo } from '../../../electron/engine/decode/packet-info.ts';
import { ETH_IPV4, hex, IPV4_UDP, makeFrame, toHex, UDP_5004_5005 } from './net-fixtures.ts';

/** IPv4 header bytes 1..19 after the first byte, for a given total length (hex) and protocol. */
function ipv4Rest(totalLength: string, protocol = '11'): string[] {
  return [
    '00', //       DSCP / ECN
    totalLength, // total length
    'abcd', //     identification
    '4000', //     flags DF, fragment offset 0
    '40', //       TTL 64
    protocol, //   protocol
    '0000', //     header checksum (not verified)
    'c0000201', // source 192.0.2.1
    'c6336402', // destination 198.51.100.2
  ];
}

interface Case {
  name: string;
  linkType?: number;
  bytes: Uint8Array;
  /** Record's original length when the snap length cut the frame. */
  originalLength?: number;
  status: DecodeStatus;
  ipProtocol?: number;
  /** Offset of the UDP payload from the frame start. */
  payloadOffset?: number;
  payloadHex?: string;
}

const cases: Case[] = [
  {
    name: 'plain IPv4 / UDP',
    bytes: hex(...IPV4_UDP),
    status: 'ok',
    ipProtocol: 17,
    payloadOffset: 28,
    payloadHex: 'deadbeefcafef00d',
  },
  {
    name: 'IPv4 with options (IHL 6)',
    bytes: hex(
      '46', //       version 4, IHL 6 (24 bytes)
      ...ipv4Rest('0028'), // total length 40
      '01010100', // options: NOP, NOP, NOP, EOL
      ...UDP_5004_5005,
    ),
    status: 'ok',
    ipProtocol: 17,
    payloadOffset: 32,
    payloadHex: 'deadbeefcafef00d',
  },
  {
    name: 'total length shorter than the frame: Ethernet padding ignored',
    linkType: LinkType.ETHERNET,
    bytes: hex(
      ...ETH_IPV4,
      '45', //                   version 4, IHL 5
      ...ipv4Rest('001c'), //     total length 28: UDP header only
      '138c', //                 source port 5004
      '138d', //                 destination port 5005
      '0008', //                 UDP length 8 (no payload)
      '0000', //                 checksum
      '000000000000000000000000000000000000', // 18 bytes of Ethernet padding (60-byte minimum frame)
    ),
    status: 'ok',
    ipProtocol: 17,
    payloadOffset: 14 + 28,
    payloadHex: '',
  },
  {
    name: 'snap length cut inside the UDP payload: what is there decodes',
    bytes: hex(
      '45', //   version 4, IHL 5
      ...ipv4Rest('0024'), // total length 36
      '138c', // source port 5004
      '138d', // destination port 5005
      '0010', // UDP length 16
      '0000', // checksum
      'dead', // first 2 of 8 payload bytes (snap length 30)
    ),
    originalLength: 36,
    status: 'ok',
    ipProtocol: 17,
    payloadOffset: 28,
    payloadHex: 'dead',
  },
  {
    name: 'snap length cut inside the UDP header',
    bytes: hex('45', ...ipv4Rest('0024'), '138c138d'),
    originalLength: 36,
    status: 'udp-truncated',
  },
  {
    name: 'total length beyond the wire length (not a snap-length cut)',
    bytes: hex(
      '45', //              version 4, IHL 5
      ...ipv4Rest('0030'), // total length 48, but only 36 bytes were on the wire
      ...UDP_5004_5005,
    ),
    status: 'ip-bad-total-length',
  },
  {
    name: 'IHL 4 (< 5)',
    bytes: hex('44', ...ipv4Rest('0024'), ...UDP_5004_5005), // version 4, IHL 4
    status: 'ip-bad-header-length',
  },
  {
    name: 'IHL 0',
    bytes: hex('40', ...ipv4Rest('0024'), ...UDP_5004_5005), // version 4, IHL 0
    status: 'ip-bad-header-length',
  },
  {
    name: 'total length below the 20-byte header',
    bytes: hex('45', ...ipv4Rest('0010'), ...UDP_5004_5005), // total length 16
    status: 'ip-bad-total-length',
  },
  {
    name: 'total length below IHL * 4 with options',
    bytes: hex('46', ...ipv4Rest('0016'), '01010100', ...UDP_5004_5005), // IHL 6 (24), total length 22
    status: 'ip-bad-total-length',
  },
  {
    name: 'frame shorter than 20 bytes',
    bytes: hex(...IPV4_UDP).subarray(0, 19),
    status: 'ip-truncated',
  },
  {
    name: 'options cut by the snap length',
    bytes: hex(
      '4f', //              version 4, IHL 15 (60 bytes)
      ...ipv4Rest('0044'), // total length 68
      '0101010101010101', // first 8 option bytes, then the capture ends
    ),
    originalLength: 68,
    status: 'ip-truncated',
  },
  {
    name: 'ICMP: not UDP or TCP, addresses still filled',
    bytes: hex(
      '45', //              version 4, IHL 5
      ...ipv4Rest('001c', '01'), // total length 28, protocol 1 (ICMP)
      '0800f7ff00000000', // ICMP echo request
    ),
    status: 'not-udp-or-tcp',
    ipProtocol: 1,
  },
  {
    name: 'ESP: not UDP or TCP',
    bytes: hex('45', ...ipv4Rest('001c', '32'), '0000000100000001'), // protocol 50 (ESP)
    status: 'not-udp-or-tcp',
    ipProtocol: 50,
  },
];

describe('decodeIpv4 (through decodeNetwork)', () => {
  for (const c of cases) {
    it(c.name, () => {
      const info = newPacketInfo();
      const frame = makeFrame(c.linkType ?? LinkType.RAW, c.bytes, c.originalLength ?? c.bytes.length);
      expect(decodeNetwork(frame, info, null, 0)).toBe(c.status);
      if (c.ipProtocol !== undefined) {
        expect(info.ipVersion).toBe(4);
        expect(info.ipProtocol).toBe(c.ipProtocol);
        expect(Array.from(info.src.subarray(0, 4))).toEqual([192, 0, 2, 1]);
        expect(Array.from(info.dst.subarray(0, 4))).toEqual([198, 51, 100, 2]);
      }
      if (c.status === 'ok') {
        expect(info.reassembled).toBe(false);
        expect(info.payloadOffset - frame.start).toBe(c.payloadOffset);
        const payload = info.payload.subarray(info.payloadOffset, info.payloadOffset + info.payloadLength);
        expect(toHex(payload)).toBe(c.payloadHex);
        expect(info.payloadView.getUint8(info.payloadOffset - 1)).toBe(info.payload[info.payloadOffset - 1]);
      }
    });
  }
});

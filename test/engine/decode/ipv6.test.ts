import { describe, expect, it } from 'vitest';
import type { DecodeStatus } from '../../../electron/engine/decode/decode-status.ts';
import { MAX_EXTENSION_HEADERS } from '../../../electron/engine/decode/ipv6.ts';
import { decodeNetwork } from '../../../electron/engine/decode/link.ts';
import { LinkType } from '../../../electron/engine/decode/link-types.ts';
import { newPacketInfo } from '../../../electron/engine/decode/packet-info.ts';
import { ETH_IPV6, hex, IPV4_UDP, makeFrame, toHex, UDP_5004_5005 } from './net-fixtures.ts';

/** IPv6 fixed header for a payload length (4 hex digits) and next header (2 hex digits). */
function ipv6Header(payloadLength: string, nextHeader: string): string[] {
  return [
    '6000beef', //                         version 6, traffic class 0, flow label 0xbeef
    payloadLength, //                      payload length
    nextHeader, //                         next header
    '40', //                               hop limit 64
    '20010db8000000000000000000000001', // source 2001:db8::1
    '20010db8000000000000000000000002', // destination 2001:db8::2
  ];
}

/** An 8-byte destination-options header (next header given) padded with PadN. */
function destOpts(next: string): string[] {
  return [
    next, //       next header
    '00', //       header extension length 0 (8 bytes)
    '01040000', // PadN option, 4 bytes of padding
    '0000',
  ];
}

interface Case {
  name: string;
  linkType?: number;
  bytes: Uint8Array;
  originalLength?: number;
  status: DecodeStatus;
  ipProtocol?: number;
  /** Offset of the transport payload from the frame start. */
  payloadOffset?: number;
  payloadHex?: string;
}

const cases: Case[] = [
  {
    name: 'plain IPv6 / UDP',
    bytes: hex(...ipv6Header('0010', '11'), ...UDP_5004_5005), // payload length 16, next header UDP
    status: 'ok',
    ipProtocol: 17,
    payloadOffset: 48,
    payloadHex: 'deadbeefcafef00d',
  },
  {
    name: 'hop-by-hop + destination options + atomic fragment header + UDP',
    bytes: hex(
      ...ipv6Header('0028', '00'), // payload length 40, next header hop-by-hop
      '3c', //           hop-by-hop: next header 60 (destination options)
      '00', //           header extension length 0 (8 bytes)
      '010400000000', // PadN option, 4 bytes
      '2c', //           destination options: next header 44 (fragment)
      '00', //           header extension length 0 (8 bytes)
      '010400000000', // PadN option, 4 bytes
      '11', //           fragment: next header 17 (UDP)
      '00', //           reserved
      '0000', //         fragment offset 0, M = 0 (atomic fragment, RFC 6946)
      '12345678', //     identification
      ...UDP_5004_5005,
    ),
    status: 'ok',
    ipProtocol: 17,
    payloadOffset: 40 + 24 + 8,
    payloadHex: 'deadbeefcafef00d',
  },
  {
    name: 'hop-by-hop + destination options + first fragment, no reassembler: decodes what is there',
    bytes: hex(
      ...ipv6Header('0028', '00'), // payload length 40, next header hop-by-hop
      '3c00010400000000', // hop-by-hop -> destination options
      '2c00010400000000', // destination options -> fragment
      '11', //               fragment: next header 17 (UDP)
      '00', //               reserved
      '0001', //             fragment offset 0, M = 1
      '12345678', //         identification
      '138c', //             source port 5004
      '138d', //             destination port 5005
      '0020', //             UDP length 32 (the rest is in later fragments)
      '0000', //             checksum
      'deadbeefcafef00d', // first 8 payload bytes
    ),
    status: 'ok',
    ipProtocol: 17,
    payloadOffset: 40 + 24 + 8,
    payloadHex: 'deadbeefcafef00d',
  },
  {
    name: 'non-first fragment, no reassembler',
    bytes: hex(
      ...ipv6Header('0010', '2c'), // payload length 16, next header fragment
      '11', //               next header UDP
      '00', //               reserved
      '0010', //             fragment offset 2 (16 bytes), M = 0
      '12345678', //         identification
      'deadbeefcafef00d', // fragment data
    ),
    status: 'fragment-held',
    ipProtocol: 17,
  },
  {
    name: 'routing header',
    bytes: hex(
      ...ipv6Header('0018', '2b'), // payload length 24, next header 43 (routing)
      '11', //           next header UDP
      '00', //           header extension length 0
      '04', //           routing type 4
      '00', //           segments left 0
      '00000000', //     type-specific data
      ...UDP_5004_5005,
    ),
    status: 'ok',
    ipProtocol: 17,
    payloadOffset: 56,
    payloadHex: 'deadbeefcafef00d',
  },
  {
    name: 'authentication header: length in 4-byte units + 2',
    bytes: hex(
      ...ipv6Header('0028', '33'), // payload length 40, next header 51 (AH)
      '11', //                       next header UDP
      '04', //                       payload length 4: (4 + 2) * 4 = 24 bytes
      '0000', //                     reserved
      '00000100', //                 SPI
      '00000001', //                 sequence number
      '000000000000000000000000', // ICV (12 bytes)
      ...UDP_5004_5005,
    ),
    status: 'ok',
    ipProtocol: 17,
    payloadOffset: 40 + 24 + 8,
    payloadHex: 'deadbeefcafef00d',
  },
  {
    name: 'ESP stops the walk',
    bytes: hex(...ipv6Header('0008', '32'), '0000010000000001'), // next header 50: SPI, sequence
    status: 'not-udp-or-tcp',
    ipProtocol: 50,
  },
  {
    name: 'destination options then ICMPv6',
    bytes: hex(...ipv6Header('0010', '3c'), ...destOpts('3a'), '8000000000000000'), // -> 58 (ICMPv6)
    status: 'not-udp-or-tcp',
    ipProtocol: 58,
  },
  {
    name: 'no next header with payload length 0',
    bytes: hex(...ipv6Header('0000', '3b')), // next header 59
    status: 'not-udp-or-tcp',
    ipProtocol: 59,
  },
  {
    name: 'payload length 0 with UDP',
    bytes: hex(...ipv6Header('0000', '11'), ...UDP_5004_5005),
    status: 'ip-bad-total-length',
  },
  {
    name: 'jumbogram (payload length 0, hop-by-hop) is rejected',
    bytes: hex(
      ...ipv6Header('0000', '00'), // payload length 0, hop-by-hop
      '11', //                       next header UDP
      '00', //                       header extension length 0
      'c204', //                     jumbo payload option, length 4
      '00010018', //                 jumbo payload length 65560
      ...UDP_5004_5005,
    ),
    status: 'ip-bad-total-length',
  },
  {
    name: 'payload length beyond the wire length',
    bytes: hex(...ipv6Header('0020', '11'), ...UDP_5004_5005), // payload length 32, 16 on the wire
    status: 'ip-bad-total-length',
  },
  {
    name: 'bytes beyond the payload length are ignored',
    bytes: hex(...ipv6Header('0010', '11'), ...UDP_5004_5005, '0000000000000000'), // 8 trailing bytes
    status: 'ok',
    ipProtocol: 17,
    payloadOffset: 48,
    payloadHex: 'deadbeefcafef00d',
  },
  {
    name: 'snap length cut inside the UDP payload',
    bytes: hex(...ipv6Header('0010', '11'), ...UDP_5004_5005).subarray(0, 52),
    originalLength: 56,
    status: 'ok',
    ipProtocol: 17,
    payloadOffset: 48,
    payloadHex: 'deadbeef', // 4 of the 8 payload bytes were captured
  },
  {
    name: 'extension header longer than the payload',
    bytes: hex(
      ...ipv6Header('0008', '3c'), // payload length 8, destination options
      '11', //                       next header UDP
      '01', //                       header extension length 1 (16 bytes > 8)
      '010400000000',
    ),
    status: 'ipv6-extension-truncated',
  },
  {
    name: 'extension header cut by the snap length',
    bytes: hex(...ipv6Header('0018', '3c'), '1100'), // payload length 24, only 2 bytes captured
    originalLength: 64,
    status: 'ipv6-extension-truncated',
  },
  {
    name: 'extension header with no room for next header / length',
    bytes: hex(...ipv6Header('0010', '3c'), '11').subarray(0, 41),
    originalLength: 56,
    status: 'ipv6-extension-truncated',
  },
  {
    name: 'MAX_EXTENSION_HEADERS destination options headers are accepted',
    bytes: hex(
      ...ipv6Header((8 * MAX_EXTENSION_HEADERS + 16).toString(16).padStart(4, '0'), '3c'),
      ...Array.from({ length: MAX_EXTENSION_HEADERS - 1 }, () => destOpts('3c')).flat(),
      ...destOpts('11'),
      ...UDP_5004_5005,
    ),
    status: 'ok',
    ipProtocol: 17,
    payloadOffset: 40 + 8 * MAX_EXTENSION_HEADERS + 8,
    payloadHex: 'deadbeefcafef00d',
  },
  {
    name: 'too many extension headers',
    bytes: hex(
      ...ipv6Header((8 * (MAX_EXTENSION_HEADERS + 1) + 16).toString(16).padStart(4, '0'), '3c'),
      ...Array.from({ length: MAX_EXTENSION_HEADERS }, () => destOpts('3c')).flat(),
      ...destOpts('11'),
      ...UDP_5004_5005,
    ),
    status: 'ipv6-too-many-extensions',
  },
  {
    name: 'fixed header cut short',
    bytes: hex(...ipv6Header('0010', '11')).subarray(0, 39),
    status: 'ip-truncated',
  },
  {
    name: 'IPv4 packet behind the IPv6 EtherType',
    linkType: LinkType.ETHERNET,
    bytes: hex(...ETH_IPV6, ...IPV4_UDP),
    status: 'ip-bad-version',
  },
];

describe('decodeIpv6 (through decodeNetwork)', () => {
  for (const c of cases) {
    it(c.name, () => {
      const info = newPacketInfo();
      const frame = makeFrame(c.linkType ?? LinkType.RAW, c.bytes, c.originalLength ?? c.bytes.length);
      expect(decodeNetwork(frame, info, null, 0)).toBe(c.status);
      if (c.ipProtocol !== undefined) {
        expect(info.ipVersion).toBe(6);
        expect(info.ipProtocol).toBe(c.ipProtocol);
        expect(toHex(info.src)).toBe('20010db8000000000000000000000001');
        expect(toHex(info.dst)).toBe('20010db8000000000000000000000002');
      }
      if (c.status === 'ok') {
        expect(info.srcPort).toBe(5004);
        expect(info.dstPort).toBe(5005);
        expect(info.payloadOffset - frame.start).toBe(c.payloadOffset);
        const payload = info.payload.subarray(info.payloadOffset, info.payloadOffset + info.payloadLength);
        expect(toHex(payload)).toBe(c.payloadHex);
      }
    });
  }
});

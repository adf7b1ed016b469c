import { describe, expect, it } from 'vitest';
import type { DecodeStatus } from '../../../electron/engine/decode/decode-status.ts';
import { decodeNetwork } from '../../../electron/engine/decode/link.ts';
import { LinkType } from '../../../electron/engine/decode/link-types.ts';
import { newPacketInfo } from '../../../electron/engine/decode/packet-info.ts';
import { hex, IPV4_UDP, IPV6_UDP, makeFrame, toHex, UDP_PAYLOAD_HEX } from './net-fixtures.ts';

/** SLL v1 header up to (not including) the protocol field. */
const SLL_PREFIX = [
  '0000', //             packet type 0 (to us)
  '0001', //             ARPHRD_ETHER
  '0006', //             address length 6
  '0a00000000020000', // address (6 used, 2 padding)
];

/** SLL2 header after the protocol field. */
const SLL2_SUFFIX = [
  '0000', //             reserved
  '00000002', //         interface index 2
  '0001', //             ARPHRD_ETHER
  '04', //               packet type 4 (outgoing)
  '06', //               address length 6
  '0a00000000020000', // address (6 used, 2 padding)
];

interface Case {
  name: string;
  linkType: number;
  bytes: Uint8Array;
  status: DecodeStatus;
  ipVersion?: number;
  vlanId?: number;
}

const cases: Case[] = [
  {
    name: 'SLL v1, IPv4',
    linkType: LinkType.LINUX_SLL,
    bytes: hex(...SLL_PREFIX, '0800', ...IPV4_UDP), // protocol IPv4
    status: 'ok',
    ipVersion: 4,
  },
  {
    name: 'SLL v1, IPv6',
    linkType: LinkType.LINUX_SLL,
    bytes: hex(...SLL_PREFIX, '86dd', ...IPV6_UDP), // protocol IPv6
    status: 'ok',
    ipVersion: 6,
  },
  {
    name: 'SLL v1 with a VLAN tag re-inserted by libpcap',
    linkType: LinkType.LINUX_SLL,
    bytes: hex(
      ...SLL_PREFIX,
      '8100', // protocol 802.1Q
      '002a', // VLAN id 42
      '0800', // EtherType IPv4
      ...IPV4_UDP,
    ),
    status: 'ok',
    ipVersion: 4,
    vlanId: 42,
  },
  {
    name: 'SLL v1, ARP',
    linkType: LinkType.LINUX_SLL,
    bytes: hex(...SLL_PREFIX, '0806', '0001'),
    status: 'not-ip',
  },
  {
    name: 'SLL v1 truncated header',
    linkType: LinkType.LINUX_SLL,
    bytes: hex(...SLL_PREFIX, '08'),
    status: 'link-truncated',
  },
  {
    name: 'SLL2, IPv4',
    linkType: LinkType.LINUX_SLL2,
    bytes: hex('0800', ...SLL2_SUFFIX, ...IPV4_UDP), // protocol IPv4
    status: 'ok',
    ipVersion: 4,
  },
  {
    name: 'SLL2, IPv6',
    linkType: LinkType.LINUX_SLL2,
    bytes: hex('86dd', ...SLL2_SUFFIX, ...IPV6_UDP), // protocol IPv6
    status: 'ok',
    ipVersion: 6,
  },
  {
    name: 'SLL2, non-IP protocol',
    linkType: LinkType.LINUX_SLL2,
    bytes: hex('0004', ...SLL2_SUFFIX, 'aaaa'), // protocol ETH_P_802_2
    status: 'not-ip',
  },
  {
    name: 'SLL2 truncated header',
    linkType: LinkType.LINUX_SLL2,
    bytes: hex('0800', '0000', '00000002'),
    status: 'link-truncated',
  },
  {
    name: 'SLL2 header complete, IP header missing',
    linkType: LinkType.LINUX_SLL2,
    bytes: hex('0800', ...SLL2_SUFFIX),
    status: 'ip-truncated',
  },
];

describe('Linux cooked capture', () => {
  for (const c of cases) {
    it(c.name, () => {
      const info = newPacketInfo();
      const frame = makeFrame(c.linkType, c.bytes);
      expect(decodeNetwork(frame, info, null, 0)).toBe(c.status);
      if (c.status !== 'ok') return;
      expect(info.ipVersion).toBe(c.ipVersion);
      expect(info.vlanId).toBe(c.vlanId ?? -1);
      expect(info.srcPort).toBe(5004);
      expect(info.dstPort).toBe(5005);
      expect(info.payloadOffset + info.payloadLength).toBe(frame.start + frame.capturedLength);
      expect(toHex(info.payload.subarray(info.payloadOffset, info.payloadOffset + info.payloadLength))).toBe(
        UDP_PAYLOAD_HEX,
      );
    });
  }
});

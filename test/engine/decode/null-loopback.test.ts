import { describe, expect, it } from 'vitest';
import type { DecodeStatus } from '../../../electron/engine/decode/decode-status.ts';
import { decodeNetwork } from '../../../electron/engine/decode/link.ts';
import { LinkType } from '../../../electron/engine/decode/link-types.ts';
import { newPacketInfo } from '../../../electron/engine/decode/packet-info.ts';
import { hex, IPV4_UDP, IPV6_UDP, makeFrame } from './net-fixtures.ts';

interface Case {
  name: string;
  linkType: number;
  bytes: Uint8Array;
  status: DecodeStatus;
  ipVersion?: number;
}

const cases: Case[] = [
  {
    name: 'NULL, AF_INET little-endian writer',
    linkType: LinkType.NULL,
    bytes: hex('02000000', ...IPV4_UDP), // AF 2, host order LE
    status: 'ok',
    ipVersion: 4,
  },
  {
    name: 'NULL, AF_INET big-endian writer',
    linkType: LinkType.NULL,
    bytes: hex('00000002', ...IPV4_UDP), // AF 2, host order BE
    status: 'ok',
    ipVersion: 4,
  },
  {
    name: 'NULL, AF_INET6 macOS (30) little-endian',
    linkType: LinkType.NULL,
    bytes: hex('1e000000', ...IPV6_UDP), // AF 30
    status: 'ok',
    ipVersion: 6,
  },
  {
    name: 'NULL, AF_INET6 FreeBSD (28) big-endian',
    linkType: LinkType.NULL,
    bytes: hex('0000001c', ...IPV6_UDP), // AF 28
    status: 'ok',
    ipVersion: 6,
  },
  {
    name: 'NULL, AF_INET6 NetBSD/OpenBSD (24) little-endian',
    linkType: LinkType.NULL,
    bytes: hex('18000000', ...IPV6_UDP), // AF 24
    status: 'ok',
    ipVersion: 6,
  },
  {
    name: 'NULL, unknown family',
    linkType: LinkType.NULL,
    bytes: hex('07000000', ...IPV4_UDP), // AF 7
    status: 'not-ip',
  },
  {
    name: 'NULL, AF_INET but the packet is IPv6',
    linkType: LinkType.NULL,
    bytes: hex('02000000', ...IPV6_UDP),
    status: 'ip-bad-version',
  },
  { name: 'NULL, truncated family', linkType: LinkType.NULL, bytes: hex('020000'), status: 'link-truncated' },
  {
    name: 'LOOP, AF_INET network order',
    linkType: LinkType.LOOP,
    bytes: hex('00000002', ...IPV4_UDP), // AF 2, big-endian
    status: 'ok',
    ipVersion: 4,
  },
  {
    name: 'LOOP, AF_INET6 (24) network order',
    linkType: LinkType.LOOP,
    bytes: hex('00000018', ...IPV6_UDP), // AF 24, big-endian
    status: 'ok',
    ipVersion: 6,
  },
  {
    name: 'LOOP never reads host order',
    linkType: LinkType.LOOP,
    bytes: hex('02000000', ...IPV4_UDP), // AF 2 little-endian: not valid for LOOP
    status: 'not-ip',
  },
  { name: 'LOOP, truncated family', linkType: LinkType.LOOP, bytes: hex('00'), status: 'link-truncated' },
];

describe('BSD loopback (NULL / LOOP)', () => {
  for (const c of cases) {
    it(c.name, () => {
      const info = newPacketInfo();
      expect(decodeNetwork(makeFrame(c.linkType, c.bytes), info, null, 0)).toBe(c.status);
      if (c.status !== 'ok') return;
      expect(info.ipVersion).toBe(c.ipVersion);
      expect(info.srcPort).toBe(5004);
      expect(info.payloadLength).toBe(8);
    });
  }
});

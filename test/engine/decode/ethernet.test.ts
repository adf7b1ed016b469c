import { describe, expect, it } from 'vitest';
import { type DecodeStatus, newLinkResult } from '../../../electron/engine/decode/decode-status.ts';
import { decodeEthernet, MAX_VLAN_TAGS } from '../../../electron/engine/decode/ethernet.ts';
import { decodeNetwork } from '../../../electron/engine/decode/link.ts';
import { LinkType } from '../../../electron/engine/decode/link-types.ts';
import { newPacketInfo } from '../../../electron/engine/decode/packet-info.ts';
import { ETH_IPV4, hex, IPV4_UDP, IPV6_UDP, makeFrame } from './net-fixtures.ts';

const MACS = [
  '0a0000000001', // destination MAC
  '0a0000000002', // source MAC
];

interface Case {
  name: string;
  bytes: Uint8Array;
  status: DecodeStatus;
  /** Offset of the IP header from the frame start. */
  ipOffset?: number;
  ipVersion?: number;
  vlanId?: number;
}

const cases: Case[] = [
  {
    name: 'plain Ethernet II, IPv4',
    bytes: hex(...MACS, '0800', '45'),
    status: 'ok',
    ipOffset: 14,
    ipVersion: 4,
    vlanId: -1,
  },
  {
    name: 'plain Ethernet II, IPv6',
    bytes: hex(...MACS, '86dd', '60'),
    status: 'ok',
    ipOffset: 14,
    ipVersion: 6,
    vlanId: -1,
  },
  {
    name: 'single 802.1Q tag',
    bytes: hex(
      ...MACS,
      '8100', // TPID 802.1Q
      'a064', // PCP 5, DEI 0, VLAN id 100
      '0800', // EtherType IPv4
      '45',
    ),
    status: 'ok',
    ipOffset: 18,
    ipVersion: 4,
    vlanId: 100,
  },
  {
    name: 'QinQ: 802.1ad outer + 802.1Q inner, outermost id recorded',
    bytes: hex(
      ...MACS,
      '88a8', // TPID 802.1ad (service tag)
      '00c8', // VLAN id 200
      '8100', // TPID 802.1Q (customer tag)
      '0064', // VLAN id 100
      '86dd', // EtherType IPv6
      '60',
    ),
    status: 'ok',
    ipOffset: 22,
    ipVersion: 6,
    vlanId: 200,
  },
  {
    name: 'legacy QinQ 0x9100 outer tag',
    bytes: hex(
      ...MACS,
      '9100', // TPID pre-standard QinQ
      '0fff', // VLAN id 4095
      '8100', // TPID 802.1Q
      '0001', // VLAN id 1
      '0800', // EtherType IPv4
    ),
    status: 'ok',
    ipOffset: 22,
    ipVersion: 4,
    vlanId: 4095,
  },
  {
    name: 'priority tag (VLAN id 0)',
    bytes: hex(...MACS, '8100', 'e000', '0800'),
    status: 'ok',
    ipOffset: 18,
    ipVersion: 4,
    vlanId: 0,
  },
  {
    name: '802.3 length frame',
    bytes: hex(
      ...MACS,
      '0026', // length 38 (<= 1500: IEEE 802.3, not an EtherType)
      'aaaa03', // LLC: DSAP/SSAP SNAP, UI
    ),
    status: 'not-ip',
  },
  {
    name: '802.3 length 1500 exactly',
    bytes: hex(...MACS, '05dc'),
    status: 'not-ip',
  },
  { name: 'ARP', bytes: hex(...MACS, '0806', '0001'), status: 'not-ip' },
  {
    name: 'ARP inside a VLAN tag',
    bytes: hex(...MACS, '8100', '0005', '0806'),
    status: 'not-ip',
    vlanId: 5,
  },
  { name: 'empty frame', bytes: hex(''), status: 'link-truncated' },
  { name: 'header cut before the EtherType', bytes: hex(...MACS, '08'), status: 'link-truncated' },
  {
    name: 'frame ends inside a VLAN tag',
    bytes: hex(...MACS, '8100', '0064', '08'),
    status: 'link-truncated',
    vlanId: -1,
  },
  {
    name: 'too many stacked tags',
    bytes: hex(...MACS, ...Array.from({ length: MAX_VLAN_TAGS + 1 }, () => '81000001'), '0800', '45'),
    status: 'link-too-many-vlans',
  },
  {
    name: 'MAX_VLAN_TAGS tags are accepted',
    bytes: hex(...MACS, ...Array.from({ length: MAX_VLAN_TAGS }, () => '81000007'), '0800', '45'),
    status: 'ok',
    ipOffset: 14 + 4 * MAX_VLAN_TAGS,
    ipVersion: 4,
    vlanId: 7,
  },
];

describe('decodeEthernet', () => {
  for (const c of cases) {
    it(c.name, () => {
      const frame = makeFrame(LinkType.ETHERNET, c.bytes);
      const info = newPacketInfo();
      const out = newLinkResult();
      expect(decodeEthernet(frame.view, frame.start, frame.capturedLength, info, out)).toBe(c.status);
      if (c.vlanId !== undefined) expect(info.vlanId).toBe(c.vlanId);
      if (c.status === 'ok') {
        expect(out.offset - frame.start).toBe(c.ipOffset);
        expect(out.ipVersion).toBe(c.ipVersion);
      }
    });
  }
});

describe('decodeNetwork over Ethernet', () => {
  it('decodes a plain IPv4/UDP frame', () => {
    const info = newPacketInfo();
    const frame = makeFrame(LinkType.ETHERNET, hex(...ETH_IPV4, ...IPV4_UDP));
    expect(decodeNetwork(frame, info, null, 0)).toBe('ok');
    expect(info.vlanId).toBe(-1);
    expect(info.ipVersion).toBe(4);
    expect(info.srcPort).toBe(5004);
    expect(info.payloadOffset - frame.start).toBe(14 + 20 + 8);
    expect(info.payloadLength).toBe(8);
    expect(info.payload).toBe(frame.data);
  });

  it('decodes QinQ-tagged IPv6/UDP and resets vlanId on the next frame', () => {
    const info = newPacketInfo();
    const tagged = hex(...MACS, '88a8', '0123', '8100', '0064', '86dd', ...IPV6_UDP);
    expect(decodeNetwork(makeFrame(LinkType.ETHERNET, tagged), info, null, 0)).toBe('ok');
    expect(info.vlanId).toBe(0x123);
    expect(info.ipVersion).toBe(6);
    expect(info.dstPort).toBe(5005);
    expect(decodeNetwork(makeFrame(LinkType.ETHERNET, hex(...ETH_IPV4, ...IPV4_UDP)), info, null, 0)).toBe(
      'ok',
    );
    expect(info.vlanId).toBe(-1);
  });

  it('rejects an IPv6 packet behind an IPv4 EtherType', () => {
    const info = newPacketInfo();
    expect(decodeNetwork(makeFrame(LinkType.ETHERNET, hex(...ETH_IPV4, ...IPV6_UDP)), info, null, 0)).toBe(
      'ip-bad-version',
    );
  });
});

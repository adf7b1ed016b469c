import { describe, expect, it } from 'vitest';
import { decodeNetwork } from '../../../electron/engine/decode/link.ts';
import { LinkType } from '../../../electron/engine/decode/link-types.ts';
import { newPacketInfo } from '../../../electron/engine/decode/packet-info.ts';
import { hex, IPV4_UDP, IPV6_UDP, makeFrame } from './net-fixtures.ts';

const RAW_TYPES = [
  ['RAW', LinkType.RAW],
  ['IPV4', LinkType.IPV4],
  ['IPV6', LinkType.IPV6],
  ['RAW_ALT_12', LinkType.RAW_ALT_12],
  ['RAW_ALT_14', LinkType.RAW_ALT_14],
] as const;

describe('raw IP link types: the version nibble decides', () => {
  for (const [name, linkType] of RAW_TYPES) {
    it(`${name}: IPv4`, () => {
      const info = newPacketInfo();
      expect(decodeNetwork(makeFrame(linkType, hex(...IPV4_UDP)), info, null, 0)).toBe('ok');
      expect(info.ipVersion).toBe(4);
      expect(info.dstPort).toBe(5005);
    });

    it(`${name}: IPv6`, () => {
      const info = newPacketInfo();
      expect(decodeNetwork(makeFrame(linkType, hex(...IPV6_UDP)), info, null, 0)).toBe('ok');
      expect(info.ipVersion).toBe(6);
      expect(info.dstPort).toBe(5005);
    });

    it(`${name}: version 5 is rejected`, () => {
      const info = newPacketInfo();
      const bytes = hex('55', ...IPV4_UDP.slice(1)); // version 5, IHL 5
      expect(decodeNetwork(makeFrame(linkType, bytes), info, null, 0)).toBe('ip-bad-version');
    });

    it(`${name}: empty frame`, () => {
      expect(decodeNetwork(makeFrame(linkType, hex('')), newPacketInfo(), null, 0)).toBe('ip-truncated');
    });
  }

  it('unknown link types are unsupported', () => {
    expect(decodeNetwork(makeFrame(127, hex(...IPV4_UDP)), newPacketInfo(), null, 0)).toBe(
      'link-unsupported',
    );
  });
});

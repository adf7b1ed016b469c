import { describe, expect, it } from 'vitest';
import { DECODE_STATUSES, type DecodeStatus } from '../../../electron/engine/decode/decode-status.ts';
import { IpReassembler } from '../../../electron/engine/decode/ip-reassembly.ts';
import { decodeNetwork } from '../../../electron/engine/decode/link.ts';
import { LinkType } from '../../../electron/engine/decode/link-types.ts';
import { newPacketInfo } from '../../../electron/engine/decode/packet-info.ts';
import {
  ETH_IPV4,
  ETH_IPV6,
  hex,
  IPV4_UDP,
  IPV6_UDP,
  ipv4Fragment,
  makeFrame,
  seededRandom,
  udpDatagram,
} from './net-fixtures.ts';

const LINK_TYPES = Object.values(LinkType);
const KNOWN = new Set<DecodeStatus>(DECODE_STATUSES);

/** Valid frames per link type, used as seeds for mutation fuzzing. */
const SEEDS: [number, Uint8Array][] = [
  [LinkType.ETHERNET, hex(...ETH_IPV4, ...IPV4_UDP)],
  [LinkType.ETHERNET, hex(...ETH_IPV6, ...IPV6_UDP)],
  [LinkType.ETHERNET, hex('0a00000000010a0000000002', '88a8', '0001', '8100', '0002', '0800', ...IPV4_UDP)],
  [LinkType.LINUX_SLL, hex('00000001000600000000000000000800', ...IPV4_UDP)],
  [LinkType.LINUX_SLL2, hex('86dd', '0000', '00000001', '0001', '00', '06', '0a00000000020000', ...IPV6_UDP)],
  [LinkType.NULL, hex('1e000000', ...IPV6_UDP)],
  [LinkType.LOOP, hex('00000002', ...IPV4_UDP)],
  [LinkType.RAW, hex(...IPV6_UDP)],
  [
    LinkType.RAW,
    ipv4Fragment({ id: 1, offset: 0, more: true, data: udpDatagram(1, 2, new Uint8Array(24)).slice(0, 16) }),
  ],
  [LinkType.RAW, ipv4Fragment({ id: 1, offset: 16, more: false, data: new Uint8Array(16) })],
  [
    LinkType.RAW,
    hex(
      '60000000', // version 6
      '0028', // payload length 40
      '00', // hop-by-hop
      '40', // hop limit
      '20010db8000000000000000000000001',
      '20010db8000000000000000000000002',
      '3c00010400000000', // hop-by-hop -> destination options
      '2c00010400000000', // destination options -> fragment
      '1100000112345678', // fragment: UDP, offset 0, M = 1
      '138c138d00100000deadbeefcafef00d',
    ),
  ],
];

describe('decodeNetwork', () => {
  it('resets the PacketInfo fields on every call', () => {
    const info = newPacketInfo();
    const tagged = hex('0a00000000010a0000000002', '8100', '0064', '0800', ...IPV4_UDP);
    expect(decodeNetwork(makeFrame(LinkType.ETHERNET, tagged), info, null, 0)).toBe('ok');
    expect(info.vlanId).toBe(100);
    expect(
      decodeNetwork(makeFrame(LinkType.ETHERNET, hex('0a00000000010a0000000002', '0806')), info, null, 0),
    ).toBe('not-ip');
    expect(info.vlanId).toBe(-1);
    expect(info.ipVersion).toBe(0);
    expect(info.srcPort).toBe(0);
    expect(info.payloadLength).toBe(0);
  });

  it('every fuzz seed decodes', () => {
    const expected = ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'fragment-held', 'ok'];
    const statuses = SEEDS.map(([linkType, bytes]) =>
      decodeNetwork(makeFrame(linkType, bytes), newPacketInfo(), null, 0),
    );
    expect(statuses).toEqual(expected);
  });

  it('never reads past the buffer when capturedLength lies', () => {
    const frame = makeFrame(LinkType.RAW, hex(...IPV4_UDP));
    frame.capturedLength = 10_000;
    frame.originalLength = 10_000;
    expect(KNOWN.has(decodeNetwork(frame, newPacketInfo(), null, 0))).toBe(true);
  });

  it('property: 20 000 random frames never throw and return a known status', () => {
    const random = seededRandom(0xc0ffee);
    const info = newPacketInfo();
    const reassembler = new IpReassembler();
    const seen = new Set<DecodeStatus>();
    for (let i = 0; i < 20_000; i++) {
      const length = Math.floor(random() * 201);
      const bytes = new Uint8Array(length);
      for (let b = 0; b < length; b++) bytes[b] = Math.floor(random() * 256);
      // Bias the raw types towards a plausible version nibble so the IP layers get exercised too.
      if (length > 0 && random() < 0.5) bytes[0] = (random() < 0.5 ? 0x40 : 0x60) | (bytes[0]! & 0x0f);
      const linkType = LINK_TYPES[i % LINK_TYPES.length]!;
      const frame = makeFrame(linkType, bytes, random() < 0.2 ? length + Math.floor(random() * 100) : length);
      const status = decodeNetwork(frame, info, i % 2 === 0 ? reassembler : null, i / 100);
      expect(KNOWN.has(status)).toBe(true);
      seen.add(status);
    }
    expect(seen.size).toBeGreaterThan(5);
  });

  it('property: mutated and truncated valid frames never throw and return a known status', () => {
    const random = seededRandom(42);
    const info = newPacketInfo();
    const reassembler = new IpReassembler({ maxPendingDatagrams: 8 });
    const seen = new Set<DecodeStatus>();
    for (let i = 0; i < 20_000; i++) {
      const [linkType, seed] = SEEDS[i % SEEDS.length]!;
      const bytes = seed.slice(0, Math.floor(random() * (seed.length + 1)));
      const flips = Math.floor(random() * 4);
      for (let f = 0; f < flips && bytes.length > 0; f++) {
        bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      }
      const frame = makeFrame(linkType, bytes, random() < 0.5 ? seed.length : bytes.length);
      const status = decodeNetwork(frame, info, i % 3 === 0 ? null : reassembler, i / 50);
      expect(KNOWN.has(status)).toBe(true);
      seen.add(status);
      if (status === 'ok') {
        expect(info.payloadLength).toBeGreaterThanOrEqual(0);
        expect(info.payloadOffset + info.payloadLength).toBeLessThanOrEqual(info.payload.length);
      }
    }
    expect(seen.has('ok')).toBe(true);
    expect(seen.size).toBeGreaterThan(10);
  });
});

import { describe, expect, it } from 'vitest';
import type { DecodeStatus } from '../../../electron/engine/decode/decode-status.ts';
import { decodeNetwork } from '../../../electron/engine/decode/link.ts';
import { LinkType } from '../../../electron/engine/decode/link-types.ts';
import { newPacketInfo } from '../../../electron/engine/decode/packet-info.ts';
import { decodeTcp } from '../../../electron/engine/decode/tcp.ts';
import { ETH_IPV4, hex, makeFrame, toHex } from './net-fixtures.ts';

/** TCP header bytes 0..11: ports 5060 -> 40000, sequence 0x01020304, ack 0. */
const TCP_START = [
  '13c4', //     source port 5060
  '9c40', //     destination port 40000
  '01020304', // sequence number
  '00000000', // acknowledgment number
];

const TCP_END = [
  'ffff', // window
  '0000', // checksum (not verified)
  '0000', // urgent pointer
];

interface Case {
  name: string;
  bytes: Uint8Array;
  declared?: number;
  status: DecodeStatus;
  flags?: number;
  payloadOffset?: number;
  payloadHex?: string;
}

const cases: Case[] = [
  {
    name: 'no options, with payload',
    bytes: hex(
      ...TCP_START,
      '50', //       data offset 5 (20 bytes)
      '18', //       flags PSH ACK
      ...TCP_END,
      '494e56495445', // payload "INVITE"
    ),
    status: 'ok',
    flags: 0x18,
    payloadOffset: 20,
    payloadHex: '494e56495445',
  },
  {
    name: 'options (data offset 8), SYN, no payload',
    bytes: hex(
      ...TCP_START,
      '80', //               data offset 8 (32 bytes)
      '02', //               flags SYN
      ...TCP_END,
      '020405b4', //         MSS 1460
      '01030307', //         NOP, window scale 7
      '0101080a00000000', // NOP, NOP, timestamps (start)
    ).subarray(0, 32),
    status: 'ok',
    flags: 0x02,
    payloadOffset: 32,
    payloadHex: '',
  },
  {
    name: 'snap length cut: payload is what was captured',
    bytes: hex(...TCP_START, '50', '10', ...TCP_END, 'aabb'), // data offset 5, ACK
    declared: 1000,
    status: 'ok',
    flags: 0x10,
    payloadOffset: 20,
    payloadHex: 'aabb',
  },
  {
    name: 'data offset 4 (< 5)',
    bytes: hex(...TCP_START, '40', '10', ...TCP_END), // data offset 4
    status: 'tcp-bad-header-length',
  },
  {
    name: 'data offset beyond the IP payload',
    bytes: hex(...TCP_START, '60', '10', ...TCP_END, '0000'), // data offset 6 (24) > 22
    status: 'tcp-bad-header-length',
  },
  {
    name: 'options cut by the snap length',
    bytes: hex(...TCP_START, 'f0', '10', ...TCP_END, '01010101'), // data offset 15 (60 bytes)
    declared: 60,
    status: 'tcp-truncated',
  },
  {
    name: 'fixed header cut short',
    bytes: hex(...TCP_START, '50', '10', 'ffff', '0000'), // 18 bytes
    status: 'tcp-truncated',
  },
];

describe('decodeTcp', () => {
  for (const c of cases) {
    it(c.name, () => {
      const info = newPacketInfo();
      const view = new DataView(c.bytes.buffer, c.bytes.byteOffset);
      expect(decodeTcp(c.bytes, view, 0, c.bytes.length, c.declared ?? c.bytes.length, info)).toBe(c.status);
      if (c.status !== 'ok') return;
      expect(info.srcPort).toBe(5060);
      expect(info.dstPort).toBe(40000);
      expect(info.tcpSeq).toBe(0x01020304);
      expect(info.tcpFlags).toBe(c.flags);
      expect(info.payloadOffset).toBe(c.payloadOffset);
      const payload = c.bytes.subarray(info.payloadOffset, info.payloadOffset + info.payloadLength);
      expect(toHex(payload)).toBe(c.payloadHex);
    });
  }

  it('decodes TCP over Ethernet / IPv4 with a high sequence number', () => {
    const bytes = hex(
      ...ETH_IPV4,
      '45', //       version 4, IHL 5
      '00', //       DSCP / ECN
      '002a', //     total length 42 = 20 + 20 + 2
      '0001', //     identification
      '4000', //     DF
      '40', //       TTL 64
      '06', //       protocol 6 (TCP)
      '0000', //     header checksum
      '0a000001', // source 10.0.0.1
      '0a000002', // destination 10.0.0.2
      '13c4', //     source port 5060
      '13c5', //     destination port 5061
      'fffffffe', // sequence number 2^32 - 2
      '00000000', // acknowledgment number
      '50', //       data offset 5
      '11', //       flags FIN ACK
      ...TCP_END,
      '0d0a', //     payload CRLF
      '00000000', // Ethernet padding
    );
    const info = newPacketInfo();
    const frame = makeFrame(LinkType.ETHERNET, bytes);
    expect(decodeNetwork(frame, info, null, 0)).toBe('ok');
    expect(info.ipProtocol).toBe(6);
    expect(info.srcPort).toBe(5060);
    expect(info.dstPort).toBe(5061);
    expect(info.tcpSeq).toBe(0xfffffffe);
    expect(info.tcpFlags).toBe(0x11);
    expect(info.payloadOffset - frame.start).toBe(54);
    expect(info.payloadLength).toBe(2);
  });
});

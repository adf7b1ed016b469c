import { describe, expect, it } from 'vitest';
import type { DecodeStatus } from '../../../electron/engine/decode/decode-status.ts';
import { newPacketInfo } from '../../../electron/engine/decode/packet-info.ts';
import { decodeUdp } from '../../../electron/engine/decode/udp.ts';
import { hex, toHex } from './net-fixtures.ts';

interface Case {
  name: string;
  bytes: Uint8Array;
  /** IP payload length announced by the IP header (defaults to bytes.length). */
  declared?: number;
  status: DecodeStatus;
  srcPort?: number;
  dstPort?: number;
  payloadHex?: string;
}

const cases: Case[] = [
  {
    name: 'header and payload',
    bytes: hex(
      '13c4', //     source port 5060
      '4e20', //     destination port 20000
      '000c', //     length 12
      'ffff', //     checksum (not verified)
      '80000001', // payload
    ),
    status: 'ok',
    srcPort: 5060,
    dstPort: 20000,
    payloadHex: '80000001',
  },
  {
    name: 'empty payload (length 8)',
    bytes: hex('0001', '0002', '0008', '0000'), // ports 1 -> 2, length 8
    status: 'ok',
    srcPort: 1,
    dstPort: 2,
    payloadHex: '',
  },
  {
    name: 'UDP length shorter than the IP payload: the rest is ignored',
    bytes: hex(
      '0001', // source port 1
      '0002', // destination port 2
      '000a', // length 10
      '0000', // checksum
      'aabbccdd', // 2 payload bytes + 2 trailing bytes
    ),
    status: 'ok',
    srcPort: 1,
    dstPort: 2,
    payloadHex: 'aabb',
  },
  {
    name: 'snap length cut: payload is what was captured',
    bytes: hex(
      '0001', //   source port 1
      '0002', //   destination port 2
      '0064', //   length 100
      '0000', //   checksum
      'aabbcc', // 3 of 92 payload bytes captured
    ),
    declared: 100,
    status: 'ok',
    srcPort: 1,
    dstPort: 2,
    payloadHex: 'aabbcc',
  },
  {
    name: 'length below 8',
    bytes: hex('0001', '0002', '0007', '0000', 'aa'), // length 7
    status: 'udp-bad-length',
  },
  {
    name: 'length 0 (jumbogram marker, unsupported)',
    bytes: hex('0001', '0002', '0000', '0000'), // length 0
    status: 'udp-bad-length',
  },
  {
    name: 'length beyond the IP payload',
    bytes: hex('0001', '0002', '0014', '0000', 'aabbccdd'), // length 20 > 12
    status: 'udp-bad-length',
  },
  {
    name: 'header cut short',
    bytes: hex('0001', '0002', '0008'), // 6 bytes
    status: 'udp-truncated',
  },
  {
    name: 'header cut by the snap length',
    bytes: hex('0001', '0002', '0010'),
    declared: 16,
    status: 'udp-truncated',
  },
];

describe('decodeUdp', () => {
  for (const c of cases) {
    it(c.name, () => {
      // Place the header at offset 2 of a larger buffer.
      const data = new Uint8Array(c.bytes.length + 4).fill(0xee);
      data.set(c.bytes, 2);
      const view = new DataView(data.buffer);
      const info = newPacketInfo();
      expect(decodeUdp(data, view, 2, c.bytes.length, c.declared ?? c.bytes.length, info)).toBe(c.status);
      if (c.status !== 'ok') return;
      expect(info.srcPort).toBe(c.srcPort);
      expect(info.dstPort).toBe(c.dstPort);
      expect(info.payload).toBe(data);
      expect(info.payloadView).toBe(view);
      expect(info.payloadOffset).toBe(10);
      expect(toHex(data.subarray(info.payloadOffset, info.payloadOffset + info.payloadLength))).toBe(
        c.payloadHex,
      );
    });
  }
});

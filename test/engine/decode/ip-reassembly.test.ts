import { describe, expect, it } from 'vitest';
import type { DecodeStatus } from '../../../electron/engine/decode/decode-status.ts';
import { IpReassembler } from '../../../electron/engine/decode/ip-reassembly.ts';
import { decodeNetwork } from '../../../electron/engine/decode/link.ts';
import { LinkType } from '../../../electron/engine/decode/link-types.ts';
import { newPacketInfo, type PacketInfo } from '../../../electron/engine/decode/packet-info.ts';
import {
  hex,
  type Ipv4FragmentSpec,
  ipv4Fragment,
  ipv6Fragment,
  makeFrame,
  udpDatagram,
} from './net-fixtures.ts';

/** n payload bytes 0, 1, 2, ... (mod 256) plus `seed`. */
function pattern(n: number, seed = 0): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (i + seed) & 0xff);
}

/** UDP 5060 -> 5062 carrying 40 pattern bytes: 48 bytes, cut into [0,16) [16,32) [32,48). */
const DATAGRAM = udpDatagram(5060, 5062, pattern(40));

function piece(start: number, end: number, more: boolean, id = 7, source = DATAGRAM): Ipv4FragmentSpec {
  return { id, offset: start, more, data: source.slice(start, end) };
}

const F1 = piece(0, 16, true);
const F2 = piece(16, 32, true);
const F3 = piece(32, 48, false);

function feed(
  reassembler: IpReassembler | null,
  info: PacketInfo,
  spec: Ipv4FragmentSpec,
  timeSec = 0,
  build = ipv4Fragment,
): DecodeStatus {
  const bytes = build(spec);
  return decodeNetwork(makeFrame(LinkType.RAW, bytes), info, reassembler, timeSec);
}

function payloadOf(info: PacketInfo): Uint8Array {
  return info.payload.slice(info.payloadOffset, info.payloadOffset + info.payloadLength);
}

function expectDatagram(info: PacketInfo, srcPort = 5060, dstPort = 5062, payload = pattern(40)): void {
  expect(info.reassembled).toBe(true);
  expect(info.ipProtocol).toBe(17);
  expect(info.srcPort).toBe(srcPort);
  expect(info.dstPort).toBe(dstPort);
  expect(payloadOf(info)).toEqual(payload);
  expect(info.payloadView.getUint8(info.payloadOffset)).toBe(payload[0]);
}

describe('IpReassembler with IPv4', () => {
  it('three fragments in order', () => {
    const r = new IpReassembler();
    const info = newPacketInfo();
    expect(feed(r, info, F1)).toBe('fragment-held');
    expect(info.reassembled).toBe(false);
    expect(feed(r, info, F2)).toBe('fragment-held');
    expect(r.pendingCount).toBe(1);
    expect(feed(r, info, F3)).toBe('ok');
    expectDatagram(info);
    expect(info.ipVersion).toBe(4);
    expect(Array.from(info.src.subarray(0, 4))).toEqual([192, 0, 2, 1]);
    expect(r.pendingCount).toBe(0);
  });

  it('three fragments out of order', () => {
    const r = new IpReassembler();
    const info = newPacketInfo();
    expect(feed(r, info, F3)).toBe('fragment-held');
    expect(feed(r, info, F1)).toBe('fragment-held');
    expect(feed(r, info, F2)).toBe('ok');
    expectDatagram(info);
  });

  it('a duplicate fragment is accepted once', () => {
    const r = new IpReassembler();
    const info = newPacketInfo();
    expect(feed(r, info, F1)).toBe('fragment-held');
    expect(feed(r, info, F1)).toBe('fragment-held');
    expect(feed(r, info, F3)).toBe('fragment-held');
    expect(feed(r, info, F2)).toBe('ok');
    expectDatagram(info);
  });

  it('overlapping fragments with identical bytes complete', () => {
    const r = new IpReassembler();
    const info = newPacketInfo();
    expect(feed(r, info, piece(0, 24, true))).toBe('fragment-held');
    expect(feed(r, info, piece(16, 48, false))).toBe('ok');
    expectDatagram(info);
  });

  it('overlapping fragments with different bytes drop the datagram', () => {
    const r = new IpReassembler();
    const info = newPacketInfo();
    expect(feed(r, info, piece(0, 24, true))).toBe('fragment-held');
    const conflicting = piece(16, 48, false);
    conflicting.data[4] = conflicting.data[4]! ^ 0xff; // datagram byte 20 differs
    expect(feed(r, info, conflicting)).toBe('fragment-overlap-or-invalid');
    expect(r.pendingCount).toBe(0);
    expect(r.droppedCount).toBe(1);
    // The rest of the datagram no longer completes.
    expect(feed(r, info, F3)).toBe('fragment-held');
  });

  it('missing last fragment: the datagram expires after the timeout', () => {
    const r = new IpReassembler({ timeoutSec: 30 });
    const info = newPacketInfo();
    expect(feed(r, info, F1, 100)).toBe('fragment-held');
    expect(feed(r, info, F2, 110)).toBe('fragment-held');
    expect(feed(r, info, piece(0, 16, true, 8), 130)).toBe('fragment-held'); // another datagram
    expect(r.pendingCount).toBe(2);
    expect(r.expiredCount).toBe(0);
    expect(feed(r, info, piece(16, 32, true, 8), 130.5)).toBe('fragment-held'); // 30.5 s after F1
    expect(r.expiredCount).toBe(1);
    expect(r.pendingCount).toBe(1);
    expect(feed(r, info, F3, 131)).toBe('fragment-held'); // too late: F1 and F2 are gone
    r.expire(1000);
    expect(r.pendingCount).toBe(0);
    expect(r.expiredCount).toBe(3);
  });

  it('a fragment claiming to end beyond 65535 bytes is invalid', () => {
    const r = new IpReassembler();
    const info = newPacketInfo();
    expect(feed(r, info, F1)).toBe('fragment-held');
    // offset 8191 * 8 = 65528, 16 bytes: ends at 65544
    expect(feed(r, info, { id: 7, offset: 65528, more: false, data: pattern(16) })).toBe(
      'fragment-overlap-or-invalid',
    );
    expect(r.pendingCount).toBe(0);
    // Ending exactly at the limit is fine.
    expect(feed(r, info, { id: 9, offset: 65528, more: false, data: pattern(7) })).toBe('fragment-held');
  });

  it('a non-last fragment whose length is not a multiple of 8 is invalid', () => {
    const r = new IpReassembler();
    expect(feed(r, newPacketInfo(), { id: 7, offset: 0, more: true, data: DATAGRAM.slice(0, 12) })).toBe(
      'fragment-overlap-or-invalid',
    );
  });

  it('two last fragments with different ends are invalid', () => {
    const r = new IpReassembler();
    const info = newPacketInfo();
    expect(feed(r, info, F3)).toBe('fragment-held');
    expect(feed(r, info, piece(16, 40, false))).toBe('fragment-overlap-or-invalid');
  });

  it('a fragment beyond the known end is invalid', () => {
    const r = new IpReassembler();
    const info = newPacketInfo();
    expect(feed(r, info, piece(16, 32, false))).toBe('fragment-held'); // last fragment: the end is 32
    expect(feed(r, info, piece(32, 48, true))).toBe('fragment-overlap-or-invalid');
    expect(r.pendingCount).toBe(0);
  });

  it('a last fragment ending before data already received is invalid', () => {
    const r = new IpReassembler();
    const info = newPacketInfo();
    expect(feed(r, info, piece(32, 48, true))).toBe('fragment-held');
    expect(feed(r, info, piece(16, 32, false))).toBe('fragment-overlap-or-invalid');
  });

  it('interleaved datagrams with different ids stay apart', () => {
    const r = new IpReassembler();
    const info = newPacketInfo();
    const other = udpDatagram(1111, 2222, pattern(40, 100));
    expect(feed(r, info, piece(0, 16, true, 1))).toBe('fragment-held');
    expect(feed(r, info, piece(0, 16, true, 2, other))).toBe('fragment-held');
    expect(feed(r, info, piece(16, 48, false, 2, other))).toBe('ok');
    expectDatagram(info, 1111, 2222, pattern(40, 100));
    expect(feed(r, info, piece(16, 48, false, 1))).toBe('ok');
    expectDatagram(info);
  });

  it('evicts the oldest datagram beyond maxPendingDatagrams', () => {
    const r = new IpReassembler({ maxPendingDatagrams: 2 });
    const info = newPacketInfo();
    expect(feed(r, info, piece(0, 16, true, 1))).toBe('fragment-held');
    expect(feed(r, info, piece(0, 16, true, 2))).toBe('fragment-held');
    expect(feed(r, info, piece(0, 16, true, 3))).toBe('fragment-held');
    expect(r.pendingCount).toBe(2);
    expect(r.evictedCount).toBe(1);
    expect(feed(r, info, piece(16, 48, false, 1))).toBe('fragment-held'); // id 1 was evicted
    expect(feed(r, info, piece(16, 48, false, 3))).toBe('ok');
  });

  it('drops a datagram with more than maxFragmentsPerDatagram fragments', () => {
    const r = new IpReassembler({ maxFragmentsPerDatagram: 2 });
    const info = newPacketInfo();
    expect(feed(r, info, F1)).toBe('fragment-held');
    expect(feed(r, info, F2)).toBe('fragment-held');
    expect(feed(r, info, F3)).toBe('fragment-overlap-or-invalid');
  });

  it('fragments of other protocols are not stored', () => {
    const r = new IpReassembler();
    const info = newPacketInfo();
    expect(feed(r, info, { ...F1, protocol: 1 })).toBe('not-udp-or-tcp'); // ICMP
    expect(info.ipProtocol).toBe(1);
    expect(feed(r, info, { ...F2, protocol: 50 }, 0, ipv6Fragment)).toBe('not-udp-or-tcp'); // ESP
    expect(r.pendingCount).toBe(0);
  });

  it('reassembles a large datagram from MTU-sized fragments', () => {
    const r = new IpReassembler();
    const info = newPacketInfo();
    const big = udpDatagram(5060, 5060, pattern(8000, 3));
    const statuses: DecodeStatus[] = [];
    for (let start = 0; start < big.length; start += 1480) {
      const end = Math.min(start + 1480, big.length);
      statuses.push(feed(r, info, piece(start, end, end < big.length, 77, big)));
    }
    expect(statuses).toEqual([
      'fragment-held',
      'fragment-held',
      'fragment-held',
      'fragment-held',
      'fragment-held',
      'ok',
    ]);
    expectDatagram(info, 5060, 5060, pattern(8000, 3));
  });

  it('a reassembled datagram with a bad UDP length is reported', () => {
    const r = new IpReassembler();
    const info = newPacketInfo();
    const bad = DATAGRAM.slice();
    bad[5] = 0x40; // UDP length 64 > 48 reassembled bytes
    expect(feed(r, info, piece(0, 16, true, 7, bad))).toBe('fragment-held');
    expect(feed(r, info, piece(16, 48, false, 7, bad))).toBe('udp-bad-length');
  });

  it('a fragment cut by the snap length cannot be reassembled', () => {
    const r = new IpReassembler();
    const bytes = ipv4Fragment(F1);
    const frame = makeFrame(LinkType.RAW, bytes.subarray(0, 30), bytes.length);
    expect(decodeNetwork(frame, newPacketInfo(), r, 0)).toBe('ip-truncated');
    expect(r.pendingCount).toBe(0);
  });

  it('without a reassembler: non-first fragments are held, the first decodes what it holds', () => {
    const info = newPacketInfo();
    expect(feed(null, info, F2)).toBe('fragment-held');
    expect(info.ipProtocol).toBe(17);
    expect(feed(null, info, F3)).toBe('fragment-held');
    expect(feed(null, info, F1)).toBe('ok');
    expect(info.reassembled).toBe(false);
    expect(info.srcPort).toBe(5060);
    expect(payloadOf(info)).toEqual(pattern(8)); // 16-byte fragment minus the UDP header
  });
});

describe('IpReassembler with IPv6 fragment headers', () => {
  it('reassembles two fragments', () => {
    const r = new IpReassembler();
    const info = newPacketInfo();
    expect(feed(r, info, { ...piece(0, 24, true), id: 0x89abcdef }, 0, ipv6Fragment)).toBe('fragment-held');
    expect(feed(r, info, { ...piece(24, 48, false), id: 0x89abcdef }, 0, ipv6Fragment)).toBe('ok');
    expectDatagram(info);
    expect(info.ipVersion).toBe(6);
  });

  it('reassembles when the fragmentable part starts with a destination options header', () => {
    const r = new IpReassembler();
    const info = newPacketInfo();
    const fragmentable = new Uint8Array([
      ...hex(
        '11', //           destination options: next header 17 (UDP)
        '00', //           header extension length 0 (8 bytes)
        '010400000000', // PadN
      ),
      ...DATAGRAM,
    ]);
    const first = { id: 5, offset: 0, more: true, data: fragmentable.slice(0, 32), protocol: 60 };
    const last = { id: 5, offset: 32, more: false, data: fragmentable.slice(32), protocol: 60 };
    expect(feed(r, info, last, 0, ipv6Fragment)).toBe('fragment-held');
    expect(feed(r, info, first, 0, ipv6Fragment)).toBe('ok');
    expectDatagram(info);
    expect(info.payloadOffset).toBe(16);
  });

  it('a fragment header inside the reassembled payload is invalid', () => {
    const r = new IpReassembler();
    const info = newPacketInfo();
    const nested = new Uint8Array([...hex('11000000', '00000001'), ...DATAGRAM]); // fragment header inside
    const first = { id: 6, offset: 0, more: true, data: nested.slice(0, 32), protocol: 44 };
    const last = { id: 6, offset: 32, more: false, data: nested.slice(32), protocol: 44 };
    expect(feed(r, info, first, 0, ipv6Fragment)).toBe('fragment-held');
    expect(feed(r, info, last, 0, ipv6Fragment)).toBe('fragment-overlap-or-invalid');
  });

  it('IPv4 and IPv6 fragments with the same id do not mix', () => {
    const r = new IpReassembler();
    const info = newPacketInfo();
    expect(feed(r, info, F1, 0, ipv6Fragment)).toBe('fragment-held');
    expect(feed(r, info, F2)).toBe('fragment-held');
    expect(feed(r, info, F3)).toBe('fragment-held');
    expect(r.pendingCount).toBe(2);
  });
});

/** Shared helpers and hex building blocks for the network-decoder tests. */
import type { Frame } from '../../../electron/engine/source/frame.ts';

/** Bytes from hex strings; whitespace ignored. */
export function hex(...parts: string[]): Uint8Array {
  const text = parts.join('').replace(/\s+/g, '');
  if (text.length % 2 !== 0 || /[^0-9a-fA-F]/.test(text)) throw new Error(`bad hex: ${text}`);
  const bytes = new Uint8Array(text.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

/** Lower-case hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Guard value around the frame: a decoder reading outside the frame sees these. */
const GUARD = 0xee;
const BUFFER_OFFSET = 4;
const FRAME_START = 3;

/**
 * A Frame holding `bytes` the way sources hand them over: at a non-zero `start`, inside a
 * Uint8Array that itself has a non-zero byteOffset, surrounded by guard bytes.
 */
export function makeFrame(linkType: number, bytes: Uint8Array, originalLength = bytes.length): Frame {
  const buffer = new ArrayBuffer(BUFFER_OFFSET + FRAME_START + bytes.length + 8);
  const data = new Uint8Array(buffer, BUFFER_OFFSET, FRAME_START + bytes.length + 4);
  new Uint8Array(buffer).fill(GUARD);
  data.set(bytes, FRAME_START);
  return {
    tsSec: 0,
    tsNsec: 0,
    linkType,
    data,
    view: new DataView(buffer, BUFFER_OFFSET),
    start: FRAME_START,
    capturedLength: bytes.length,
    originalLength,
    fileOffset: 0,
    interfaceId: 0,
  };
}

/** Ethernet II header announcing IPv4. */
export const ETH_IPV4 = [
  '0a0000000001', // destination MAC
  '0a0000000002', // source MAC
  '0800', //         EtherType IPv4
];

/** Ethernet II header announcing IPv6. */
export const ETH_IPV6 = [
  '0a0000000001', // destination MAC
  '0a0000000002', // source MAC
  '86dd', //         EtherType IPv6
];

/** UDP 5004 -> 5005 with 8 payload bytes (16 bytes). */
export const UDP_5004_5005 = [
  '138c', //             source port 5004
  '138d', //             destination port 5005
  '0010', //             length 16
  '0000', //             checksum (not verified)
  'deadbeefcafef00d', // payload
];

/** IPv4 192.0.2.1 -> 198.51.100.2 carrying UDP_5004_5005 (36 bytes). */
export const IPV4_UDP = [
  '45', //       version 4, IHL 5
  '00', //       DSCP / ECN
  '0024', //     total length 36
  '1234', //     identification
  '0000', //     flags 0, fragment offset 0
  '40', //       TTL 64
  '11', //       protocol 17 (UDP)
  '0000', //     header checksum (not verified)
  'c0000201', // source 192.0.2.1
  'c6336402', // destination 198.51.100.2
  ...UDP_5004_5005,
];

/** IPv6 2001:db8::1 -> 2001:db8::2 carrying UDP_5004_5005 (56 bytes). */
export const IPV6_UDP = [
  '60000000', //                         version 6, traffic class 0, flow label 0
  '0010', //                             payload length 16
  '11', //                               next header 17 (UDP)
  '40', //                               hop limit 64
  '20010db8000000000000000000000001', // source 2001:db8::1
  '20010db8000000000000000000000002', // destination 2001:db8::2
  ...UDP_5004_5005,
];

export const UDP_PAYLOAD_HEX = 'deadbeefcafef00d';

/** A UDP datagram (header + payload) with a correct length field. */
export function udpDatagram(srcPort: number, dstPort: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + payload.length);
  const view = new DataView(out.buffer);
  view.setUint16(0, srcPort);
  view.setUint16(2, dstPort);
  view.setUint16(4, out.length);
  out.set(payload, 8);
  return out;
}

export interface Ipv4FragmentSpec {
  id: number;
  /** Fragment offset in bytes (multiple of 8). */
  offset: number;
  more: boolean;
  data: Uint8Array;
  protocol?: number;
}

/** A raw IPv4 packet 192.0.2.1 -> 198.51.100.2 carrying one fragment. */
export function ipv4Fragment(spec: Ipv4FragmentSpec): Uint8Array {
  const out = new Uint8Array(20 + spec.data.length);
  const view = new DataView(out.buffer);
  out[0] = 0x45;
  view.setUint16(2, out.length);
  view.setUint16(4, spec.id);
  view.setUint16(6, (spec.more ? 0x2000 : 0) | (spec.offset / 8));
  out[8] = 64;
  out[9] = spec.protocol ?? 17;
  out.set([192, 0, 2, 1], 12);
  out.set([198, 51, 100, 2], 16);
  out.set(spec.data, 20);
  return out;
}

/** A raw IPv6 packet 2001:db8::1 -> 2001:db8::2 with a fragment header and one fragment. */
export function ipv6Fragment(spec: Ipv4FragmentSpec): Uint8Array {
  const out = new Uint8Array(48 + spec.data.length);
  const view = new DataView(out.buffer);
  out[0] = 0x60;
  view.setUint16(4, 8 + spec.data.length);
  out[6] = 44; // fragment header
  out[7] = 64;
  out.set(hex('20010db8000000000000000000000001'), 8);
  out.set(hex('20010db8000000000000000000000002'), 24);
  out[40] = spec.protocol ?? 17;
  view.setUint16(42, spec.offset | (spec.more ? 1 : 0));
  view.setUint32(44, spec.id);
  out.set(spec.data, 48);
  return out;
}

/** Deterministic PRNG (mulberry32) so property tests are reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

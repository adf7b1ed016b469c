/**
 * Builds small classic-pcap captures of RTP over Ethernet/IPv4/UDP for tests: the project's own
 * fixtures, made in code so every byte is explained here.
 */

/** One RTP packet to put in a capture. */
export interface RtpSpec {
  /** Capture time, seconds since the epoch (fractional: microseconds are kept). */
  time: number;
  seq: number;
  timestamp: number;
  ssrc: number;
  payloadType?: number;
  marker?: boolean;
  payloadBytes?: number;
  src?: [string, number];
  dst?: [string, number];
}

const DEFAULT_SRC: [string, number] = ['192.0.2.1', 40000];
const DEFAULT_DST: [string, number] = ['192.0.2.2', 50000];

function ipv4Bytes(address: string): number[] {
  return address.split('.').map(Number);
}

/** RTP header (12 bytes, RFC 3550 §5.1) followed by `payloadBytes` of 0xd5. */
export function rtpBytes(spec: RtpSpec): Uint8Array {
  const payload = spec.payloadBytes ?? 160;
  const bytes = new Uint8Array(12 + payload).fill(0xd5);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, 0x80); // V=2, P=0, X=0, CC=0
  view.setUint8(1, ((spec.marker ? 1 : 0) << 7) | (spec.payloadType ?? 0)); // M, PT
  view.setUint16(2, spec.seq & 0xffff);
  view.setUint32(4, spec.timestamp >>> 0);
  view.setUint32(8, spec.ssrc >>> 0);
  return bytes;
}

/** Ethernet II + IPv4 (no options, checksum 0) + UDP around a UDP payload. */
export function udpFrame(src: [string, number], dst: [string, number], payload: Uint8Array): Uint8Array {
  const frame = new Uint8Array(14 + 20 + 8 + payload.length);
  const view = new DataView(frame.buffer);
  frame.set([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1], 0); // dst MAC, src MAC
  view.setUint16(12, 0x0800); // EtherType IPv4
  view.setUint8(14, 0x45); // version 4, IHL 5
  view.setUint16(16, 20 + 8 + payload.length); // total length
  view.setUint8(22, 64); // TTL
  view.setUint8(23, 17); // protocol UDP
  frame.set(ipv4Bytes(src[0]), 26);
  frame.set(ipv4Bytes(dst[0]), 30);
  view.setUint16(34, src[1]);
  view.setUint16(36, dst[1]);
  view.setUint16(38, 8 + payload.length); // UDP length
  frame.set(payload, 42);
  return frame;
}

/** A classic pcap file (little-endian, microseconds, Ethernet) holding `frames` at `times` (s). */
export function pcapFile(records: { time: number; frame: Uint8Array }[]): Uint8Array {
  const size = 24 + records.reduce((sum, r) => sum + 16 + r.frame.length, 0);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0xa1b2c3d4, true); // magic, microseconds
  view.setUint16(4, 2, true); // version major
  view.setUint16(6, 4, true); // version minor
  view.setUint32(16, 65_535, true); // snaplen
  view.setUint32(20, 1, true); // LINKTYPE_ETHERNET
  let at = 24;
  for (const { time, frame } of records) {
    const seconds = Math.floor(time);
    const micros = Math.round((time - seconds) * 1e6);
    view.setUint32(at, seconds, true);
    view.setUint32(at + 4, micros, true);
    view.setUint32(at + 8, frame.length, true); // captured length
    view.setUint32(at + 12, frame.length, true); // original length
    out.set(frame, at + 16);
    at += 16 + frame.length;
  }
  return out;
}

/** A pcap of RTP packets described by `specs`, in time order (stable for equal times). */
export function rtpCapture(specs: readonly RtpSpec[]): Uint8Array {
  const ordered = [...specs].sort((a, b) => a.time - b.time);
  return pcapFile(
    ordered.map((spec) => ({
      time: spec.time,
      frame: udpFrame(spec.src ?? DEFAULT_SRC, spec.dst ?? DEFAULT_DST, rtpBytes(spec)),
    })),
  );
}

/** A regular 20 ms G.711 stream: `count` packets from `seq0`/`ts0` starting at `time0` seconds. */
export function regularStream(
  count: number,
  options: { time0?: number; seq0?: number; ts0?: number; ssrc?: number; payloadType?: number } = {},
): RtpSpec[] {
  const { time0 = 1_700_000_000, seq0 = 1000, ts0 = 160_000, ssrc = 0x11223344, payloadType = 0 } = options;
  return Array.from({ length: count }, (_, i) => ({
    time: time0 + i * 0.02,
    seq: (seq0 + i) & 0xffff,
    timestamp: (ts0 + i * 160) >>> 0,
    ssrc,
    payloadType,
  }));
}

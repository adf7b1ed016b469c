/**
 * Test helpers that assemble pcap / pcapng bytes field by field, and a sink that copies every frame
 * (the parser reuses one Frame object, so tests must copy what they keep).
 */
import type { Frame } from '../../../electron/engine/source/frame.ts';
import { CaptureStreamParser } from '../../../electron/engine/source/pcap-parser.ts';

export type ByteOrder = 'le' | 'be';
export type Bytes = readonly number[] | Uint8Array;

export const u8 = (value: number): number[] => [value & 0xff];

export function u16(value: number, order: ByteOrder): number[] {
  const bytes = [(value >>> 8) & 0xff, value & 0xff];
  return order === 'be' ? bytes : bytes.reverse();
}

export function u32(value: number, order: ByteOrder): number[] {
  const bytes = [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
  return order === 'be' ? bytes : bytes.reverse();
}

/** 64-bit two's complement. */
export function u64(value: bigint, order: ByteOrder): number[] {
  const unsigned = BigInt.asUintN(64, value);
  const bytes: number[] = [];
  for (let shift = 56n; shift >= 0n; shift -= 8n) bytes.push(Number((unsigned >> shift) & 0xffn));
  return order === 'be' ? bytes : bytes.reverse();
}

export const u16le = (value: number): number[] => u16(value, 'le');
export const u32le = (value: number): number[] => u32(value, 'le');
export const u32be = (value: number): number[] => u32(value, 'be');

export function concat(...parts: Bytes[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Zero bytes up to the next multiple of 4. */
export function pad4(bytes: Bytes): Uint8Array {
  return concat(bytes, new Array((4 - (bytes.length % 4)) % 4).fill(0));
}

/** `count` bytes 0, 1, 2, ... (mod 256) plus `seed`, so frames are told apart by content. */
export function payload(count: number, seed = 0): Uint8Array {
  return Uint8Array.from({ length: count }, (_, i) => (i + seed) & 0xff);
}

// ---------------------------------------------------------------------------------------------------
// Classic pcap

export const MAGIC_MICROSECONDS = 0xa1b2c3d4;
export const MAGIC_NANOSECONDS = 0xa1b23c4d;
export const MAGIC_KUZNETZOV = 0xa1b2cd34;

export interface PcapHeaderFields {
  order?: ByteOrder;
  magic?: number;
  snapLength?: number;
  network?: number;
}

export function pcapHeader({
  order = 'le',
  magic = MAGIC_MICROSECONDS,
  snapLength = 65_535,
  network = 1,
}: PcapHeaderFields = {}): Uint8Array {
  return concat(
    u32(magic, order), // magic, in the writer's byte order (µs, ns or Kuznetzov)
    u16(2, order), // version major
    u16(4, order), // version minor
    u32(0, order), // thiszone
    u32(0, order), // sigfigs
    u32(snapLength, order), // snaplen
    u32(network, order), // network: link type (+ FCS bits above bit 26)
  );
}

export interface PcapRecordFields {
  order?: ByteOrder;
  seconds: number;
  /** µs or ns, as the magic says. */
  fraction: number;
  data: Bytes;
  originalLength?: number;
  /** Claimed captured length (default: data.length). */
  includedLength?: number;
  kuznetzov?: boolean;
}

export function pcapRecord(fields: PcapRecordFields): Uint8Array {
  const order = fields.order ?? 'le';
  const extra = fields.kuznetzov
    ? concat(
        u32(3, order), // ifindex
        u16(0x0800, order), // protocol
        u8(0), // pkt_type
        u8(0), // pad
      )
    : [];
  return concat(
    u32(fields.seconds, order), // ts_sec
    u32(fields.fraction, order), // ts_usec or ts_nsec
    u32(fields.includedLength ?? fields.data.length, order), // incl_len
    u32(fields.originalLength ?? fields.data.length, order), // orig_len
    extra,
    fields.data,
  );
}

// ---------------------------------------------------------------------------------------------------
// pcapng

export const SHB_TYPE = 0x0a0d0d0a;
export const IDB_TYPE = 1;
export const OPB_TYPE = 2;
export const SPB_TYPE = 3;
export const NRB_TYPE = 4;
export const ISB_TYPE = 5;
export const EPB_TYPE = 6;

/** A block: type, total length, body padded to 4 bytes, total length again. */
export function block(order: ByteOrder, type: number, body: Bytes): Uint8Array {
  const padded = pad4(body);
  const total = padded.length + 12;
  return concat(
    u32(type, order), // block type
    u32(total, order), // block total length
    padded, // body
    u32(total, order), // block total length, again
  );
}

/** One option: code, length, value padded to 4 bytes. */
export function option(order: ByteOrder, code: number, value: Bytes): Uint8Array {
  return concat(
    u16(code, order), // option code
    u16(value.length, order), // option length (unpadded)
    pad4(value), // value
  );
}

export const endOfOptions = (order: ByteOrder): Uint8Array => option(order, 0, []);
/** if_tsresol: MSB clear = 10^-n s, set = 2^-n s. */
export const tsresol = (order: ByteOrder, value: number): Uint8Array => option(order, 9, [value]);
/** if_tsoffset, in seconds. */
export const tsoffset = (order: ByteOrder, seconds: bigint): Uint8Array =>
  option(order, 14, u64(seconds, order));

export function shb(order: ByteOrder, options: Bytes = []): Uint8Array {
  return block(
    order,
    SHB_TYPE,
    concat(
      u32(0x1a2b3c4d, order), // byte-order magic
      u16(1, order), // major version
      u16(0, order), // minor version
      u64(-1n, order), // section length: unknown
      options,
    ),
  );
}

export function idb(
  order: ByteOrder,
  linkType: number,
  snapLength: number,
  options: Bytes[] = [],
): Uint8Array {
  return block(
    order,
    IDB_TYPE,
    concat(
      u16(linkType, order), // link type
      u16(0, order), // reserved
      u32(snapLength, order), // snap length (0 = none)
      ...options,
      options.length > 0 ? endOfOptions(order) : [],
    ),
  );
}

export interface PacketFields {
  interfaceId?: number;
  /** Timestamp in the interface's units. */
  timestamp?: bigint;
  data: Bytes;
  originalLength?: number;
  /** Claimed captured length (default: data.length). */
  capturedLength?: number;
}

function timestampWords(order: ByteOrder, timestamp: bigint): number[][] {
  return [
    u32(Number(timestamp >> 32n), order), // timestamp, high 32 bits
    u32(Number(timestamp & 0xffff_ffffn), order), // timestamp, low 32 bits
  ];
}

export function epb(order: ByteOrder, fields: PacketFields): Uint8Array {
  return block(
    order,
    EPB_TYPE,
    concat(
      u32(fields.interfaceId ?? 0, order), // interface id
      ...timestampWords(order, fields.timestamp ?? 0n),
      u32(fields.capturedLength ?? fields.data.length, order), // captured length
      u32(fields.originalLength ?? fields.data.length, order), // original length
      pad4(fields.data), // packet data
    ),
  );
}

export function opb(order: ByteOrder, fields: PacketFields & { drops?: number }): Uint8Array {
  return block(
    order,
    OPB_TYPE,
    concat(
      u16(fields.interfaceId ?? 0, order), // interface id
      u16(fields.drops ?? 0, order), // drops count
      ...timestampWords(order, fields.timestamp ?? 0n),
      u32(fields.capturedLength ?? fields.data.length, order), // captured length
      u32(fields.originalLength ?? fields.data.length, order), // original length
      pad4(fields.data), // packet data
    ),
  );
}

export function spb(order: ByteOrder, data: Bytes, originalLength = data.length): Uint8Array {
  return block(
    order,
    SPB_TYPE,
    concat(
      u32(originalLength, order), // original length
      pad4(data), // packet data
    ),
  );
}

/** Stream offset of each part when the parts are concatenated. */
export function offsetsOf(parts: readonly Bytes[]): number[] {
  const offsets: number[] = [];
  let at = 0;
  for (const part of parts) {
    offsets.push(at);
    at += part.length;
  }
  return offsets;
}

// ---------------------------------------------------------------------------------------------------
// Collecting frames

/** A copy of everything a Frame says. */
export interface FrameCopy {
  tsSec: number;
  tsNsec: number;
  linkType: number;
  interfaceId: number;
  fileOffset: number;
  capturedLength: number;
  originalLength: number;
  bytes: number[];
}

export function copyFrame(frame: Frame): FrameCopy {
  return {
    tsSec: frame.tsSec,
    tsNsec: frame.tsNsec,
    linkType: frame.linkType,
    interfaceId: frame.interfaceId,
    fileOffset: frame.fileOffset,
    capturedLength: frame.capturedLength,
    originalLength: frame.originalLength,
    bytes: Array.from(frame.data.subarray(frame.start, frame.start + frame.capturedLength)),
  };
}

export interface ParseResult {
  frames: FrameCopy[];
  parser: CaptureStreamParser;
  /** What push() or end() threw, if anything. */
  error: unknown;
}

/** Feeds `bytes` in chunks of `chunkSize` (default: all at once), then ends the input. */
export function parseCapture(bytes: Uint8Array, chunkSize = bytes.length || 1): ParseResult {
  const frames: FrameCopy[] = [];
  const parser = new CaptureStreamParser((frame) => frames.push(copyFrame(frame)));
  let error: unknown;
  try {
    for (let at = 0; at < bytes.length; at += chunkSize) parser.push(bytes.subarray(at, at + chunkSize));
    parser.end();
  } catch (caught) {
    error = caught;
  }
  return { frames, parser, error };
}

/**
 * Writes classic pcap files (nanosecond timestamps, magic 0xa1b23c4d, LINKTYPE_ETHERNET) of UDP
 * datagrams framed as Ethernet II + IPv4 or IPv6 + UDP, with correct IPv4 header checksums and UDP
 * checksums (mandatory for IPv6, computed for IPv4 too).
 *
 * Records are packed into fixed-size chunks handed to a file write stream, so memory stays at a few
 * chunks whatever the file size: `write*()` returns false once the stream is full, and the caller
 * awaits `drain()` before writing on. Everything goes to `FILE.part`, renamed to `FILE` by `close()`:
 * an interrupted run never leaves a half file under the final name (`abort()` removes the part file).
 */

import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { parseAddress } from '../decode/address.ts';

/** An address (IPv4 or IPv6 text) and a UDP port. */
export type UdpEndpoint = readonly [string, number];

/** Magic number of a classic pcap file with nanosecond timestamps. */
export const PCAP_NANOSECOND_MAGIC = 0xa1b23c4d;
/** LINKTYPE_ETHERNET. */
export const LINKTYPE_ETHERNET = 1;
/** Snap length written in the header: nothing is ever cut. */
export const PCAP_SNAP_LENGTH = 262_144;
/** Default size of the chunks handed to the file stream, bytes. */
export const DEFAULT_CHUNK_BYTES = 256 * 1024;

const FILE_HEADER_BYTES = 24;
const RECORD_HEADER_BYTES = 16;
const ETHERNET_BYTES = 14;
const IPV4_BYTES = 20;
const IPV6_BYTES = 40;
const UDP_BYTES = 8;
const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;
const PROTOCOL_UDP = 17;
const TTL = 64;
const IPV4_DONT_FRAGMENT = 0x4000;
const MAX_IPV4_PAYLOAD = 0xffff - IPV4_BYTES - UDP_BYTES;
const MAX_IPV6_PAYLOAD = 0xffff - UDP_BYTES;
const NS_PER_S = 1_000_000_000;
const UINT32_MAX = 0xffff_ffff;

interface ParsedAddress {
  ipVersion: 4 | 6;
  bytes: Uint8Array;
}

function parse(address: string): ParsedAddress {
  const parsed = parseAddress(address);
  if (parsed === null) throw new RangeError(`not an IPv4 or IPv6 address: '${address}'`);
  return parsed;
}

/** Adds the big-endian 16-bit words of bytes[start..end) to `sum` (an odd last byte is padded with 0). */
function addWords(bytes: Uint8Array, start: number, end: number, sum: number): number {
  let s = sum;
  let i = start;
  for (; i + 1 < end; i += 2) s += (bytes[i]! << 8) | bytes[i + 1]!;
  if (i < end) s += bytes[i]! << 8;
  return s;
}

/** Folds a sum of 16-bit words into the one's-complement checksum (RFC 1071). */
function fold(sum: number): number {
  let s = sum;
  while (s > 0xffff) s = (s & 0xffff) + Math.floor(s / 0x1_0000);
  return ~s & 0xffff;
}

/** Bytes of the frame for a UDP payload of `payloadLength` bytes. */
function frameLength(ipVersion: 4 | 6, payloadLength: number): number {
  return ETHERNET_BYTES + (ipVersion === 4 ? IPV4_BYTES : IPV6_BYTES) + UDP_BYTES + payloadLength;
}

/**
 * Writes Ethernet II + IP + UDP + payload at `at` of `out`; returns the frame's length. The MAC
 * addresses are locally administered ones made from the last 4 bytes of each IP address.
 */
function writeFrame(
  out: Uint8Array,
  view: DataView,
  at: number,
  src: ParsedAddress,
  srcPort: number,
  dst: ParsedAddress,
  dstPort: number,
  payload: Uint8Array,
  ipId: number,
): number {
  if (src.ipVersion !== dst.ipVersion)
    throw new RangeError('source and destination must be of one IP version');
  const v6 = src.ipVersion === 6;
  if (payload.length > (v6 ? MAX_IPV6_PAYLOAD : MAX_IPV4_PAYLOAD)) {
    throw new RangeError(`UDP payload of ${payload.length} bytes does not fit in one datagram`);
  }
  if (!(srcPort >= 0 && srcPort <= 0xffff && dstPort >= 0 && dstPort <= 0xffff)) {
    throw new RangeError(`UDP ports must be 0-65535, got ${srcPort} and ${dstPort}`);
  }
  const length = frameLength(src.ipVersion, payload.length);
  const n = src.bytes.length;
  // Ethernet II: destination MAC, source MAC (02:00 + last 4 address bytes), EtherType.
  out[at] = 0x02;
  out[at + 1] = 0;
  out.set(dst.bytes.subarray(n - 4), at + 2);
  out[at + 6] = 0x02;
  out[at + 7] = 0;
  out.set(src.bytes.subarray(n - 4), at + 8);
  view.setUint16(at + 12, v6 ? ETHERTYPE_IPV6 : ETHERTYPE_IPV4);
  const ip = at + ETHERNET_BYTES;
  const udpLength = UDP_BYTES + payload.length;
  let udp: number;
  // Pseudo-header sum for the UDP checksum: addresses, protocol, UDP length.
  let sum = addWords(src.bytes, 0, n, 0) + addWords(dst.bytes, 0, n, 0) + PROTOCOL_UDP + udpLength;
  if (v6) {
    view.setUint32(ip, 0x6000_0000); // version 6, traffic class 0, flow label 0
    view.setUint16(ip + 4, udpLength); // payload length
    out[ip + 6] = PROTOCOL_UDP; // next header
    out[ip + 7] = TTL; // hop limit
    out.set(src.bytes, ip + 8);
    out.set(dst.bytes, ip + 24);
    udp = ip + IPV6_BYTES;
  } else {
    out[ip] = 0x45; // version 4, IHL 5 words
    out[ip + 1] = 0; // DSCP/ECN
    view.setUint16(ip + 2, IPV4_BYTES + udpLength); // total length
    view.setUint16(ip + 4, ipId & 0xffff); // identification
    view.setUint16(ip + 6, IPV4_DONT_FRAGMENT); // flags DF, fragment offset 0
    out[ip + 8] = TTL;
    out[ip + 9] = PROTOCOL_UDP;
    view.setUint16(ip + 10, 0); // header checksum, filled in below
    out.set(src.bytes, ip + 12);
    out.set(dst.bytes, ip + 16);
    view.setUint16(ip + 10, fold(addWords(out, ip, ip + IPV4_BYTES, 0)));
    udp = ip + IPV4_BYTES;
  }
  view.setUint16(udp, srcPort);
  view.setUint16(udp + 2, dstPort);
  view.setUint16(udp + 4, udpLength);
  view.setUint16(udp + 6, 0);
  out.set(payload, udp + UDP_BYTES);
  sum = addWords(out, udp, udp + udpLength, sum);
  const checksum = fold(sum);
  view.setUint16(udp + 6, checksum === 0 ? 0xffff : checksum); // 0 means "none": sent as all ones
  return length;
}

const viewOf = (bytes: Uint8Array): DataView =>
  new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** One Ethernet II + IPv4/IPv6 + UDP frame around `payload` (checksums computed). */
export function udpFrame(src: UdpEndpoint, dst: UdpEndpoint, payload: Uint8Array): Uint8Array {
  const from = parse(src[0]);
  const to = parse(dst[0]);
  const frame = new Uint8Array(frameLength(from.ipVersion, payload.length));
  writeFrame(frame, new DataView(frame.buffer), 0, from, src[1], to, dst[1], payload, 0);
  return frame;
}

/** The 24-byte file header: nanosecond magic, version 2.4, snap length, LINKTYPE_ETHERNET (little-endian). */
export function pcapFileHeader(): Uint8Array {
  const header = new Uint8Array(FILE_HEADER_BYTES);
  const view = new DataView(header.buffer);
  view.setUint32(0, PCAP_NANOSECOND_MAGIC, true);
  view.setUint16(4, 2, true); // version major
  view.setUint16(6, 4, true); // version minor
  view.setInt32(8, 0, true); // thiszone
  view.setUint32(12, 0, true); // sigfigs
  view.setUint32(16, PCAP_SNAP_LENGTH, true);
  view.setUint32(20, LINKTYPE_ETHERNET, true);
  return header;
}

/**
 * A capture time: seconds since the epoch as one number (kept to about 0.25 µs near today's dates,
 * the precision of a double), or whole seconds and nanoseconds.
 */
export type CaptureTimestamp = number | readonly [seconds: number, nanoseconds: number];

/**
 * Whole seconds and nanoseconds of `baseSec + offsetSec`, computed so that the offset keeps its
 * full precision (the sum as one double would lose it).
 */
export function timestampOf(baseSec: number, offsetSec: number): [number, number] {
  const whole = Math.floor(baseSec);
  const fraction = baseSec - whole + offsetSec;
  const carry = Math.floor(fraction);
  return normalise(whole + carry, Math.round((fraction - carry) * NS_PER_S));
}

function normalise(seconds: number, nanoseconds: number): [number, number] {
  let s = seconds;
  let ns = nanoseconds;
  if (ns >= NS_PER_S) {
    s += Math.floor(ns / NS_PER_S);
    ns %= NS_PER_S;
  }
  if (!(s >= 0 && s <= UINT32_MAX && ns >= 0 && Number.isInteger(ns))) {
    throw new RangeError(`capture time out of range: ${seconds} s ${nanoseconds} ns`);
  }
  return [s, ns];
}

/** Splits a capture time into whole seconds and nanoseconds (0..999 999 999). */
export function splitTime(time: CaptureTimestamp): [number, number] {
  if (typeof time !== 'number') return normalise(time[0], Math.round(time[1]));
  if (!(time >= 0 && time <= UINT32_MAX)) throw new RangeError(`capture time out of range: ${time}`);
  const seconds = Math.floor(time);
  return normalise(seconds, Math.round((time - seconds) * NS_PER_S));
}

/** Options of {@link PcapWriter.create}. */
export interface PcapWriterOptions {
  /** Bytes per chunk handed to the file stream (default 256 KiB). */
  chunkBytes?: number;
}

/** A pcap file being written; see the module comment. */
export class PcapWriter {
  readonly #stream: WriteStream;
  readonly #chunkBytes: number;
  readonly #addresses = new Map<string, ParsedAddress>();
  #chunk: Buffer;
  #view: DataView;
  #position = 0;
  #needDrain = false;
  #error: Error | null = null;
  #closed = false;
  #ipId = 0;
  /** Records written. */
  packets = 0;
  /** Bytes written (file header included). */
  bytes = FILE_HEADER_BYTES;

  private constructor(
    readonly path: string,
    readonly partPath: string,
    stream: WriteStream,
    chunkBytes: number,
  ) {
    this.#stream = stream;
    this.#chunkBytes = chunkBytes;
    this.#chunk = Buffer.allocUnsafe(chunkBytes);
    this.#view = viewOf(this.#chunk);
    stream.on('error', (error) => {
      this.#error ??= error;
    });
    stream.on('drain', () => {
      this.#needDrain = false;
    });
    this.#chunk.set(pcapFileHeader(), 0);
    this.#position = FILE_HEADER_BYTES;
  }

  /** Opens `path + '.part'` for writing (rejects when it can't be created). */
  static async create(path: string, options: PcapWriterOptions = {}): Promise<PcapWriter> {
    const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
    if (!Number.isInteger(chunkBytes) || chunkBytes < FILE_HEADER_BYTES) {
      throw new RangeError(`chunkBytes must be an integer >= ${FILE_HEADER_BYTES}, got ${chunkBytes}`);
    }
    const partPath = `${path}.part`;
    const stream = createWriteStream(partPath, { flags: 'w', highWaterMark: chunkBytes });
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', reject);
    });
    return new PcapWriter(path, partPath, stream, chunkBytes);
  }

  #address(text: string): ParsedAddress {
    let parsed = this.#addresses.get(text);
    if (parsed === undefined) {
      parsed = parse(text);
      this.#addresses.set(text, parsed);
    }
    return parsed;
  }

  /** Room for `bytes` more in the current chunk (a new chunk, or a one-off buffer for a huge record). */
  #reserve(bytes: number): void {
    if (this.#closed) throw new Error('pcap writer is closed');
    if (this.#error !== null) throw this.#error;
    if (this.#position + bytes <= this.#chunk.length) return;
    this.#flush();
    if (bytes > this.#chunk.length) {
      this.#chunk = Buffer.allocUnsafe(bytes);
      this.#view = viewOf(this.#chunk);
    }
  }

  #flush(): void {
    if (this.#position === 0) return;
    const full = this.#chunk.subarray(0, this.#position);
    if (!this.#stream.write(full)) this.#needDrain = true;
    this.#chunk = Buffer.allocUnsafe(this.#chunkBytes);
    this.#view = viewOf(this.#chunk);
    this.#position = 0;
  }

  #recordHeader(at: number, time: CaptureTimestamp, length: number): void {
    const [seconds, nanoseconds] = splitTime(time);
    const chunk = this.#chunk;
    chunk.writeUInt32LE(seconds, at);
    chunk.writeUInt32LE(nanoseconds, at + 4);
    chunk.writeUInt32LE(length, at + 8); // captured length
    chunk.writeUInt32LE(length, at + 12); // original length
  }

  /**
   * Writes one UDP datagram captured at `time` (seconds since the epoch, or [seconds, nanoseconds]).
   * Returns false when the caller should `await drain()` before writing more.
   */
  writeUdp(time: CaptureTimestamp, src: UdpEndpoint, dst: UdpEndpoint, payload: Uint8Array): boolean {
    const from = this.#address(src[0]);
    const to = this.#address(dst[0]);
    const length = frameLength(from.ipVersion, payload.length);
    this.#reserve(RECORD_HEADER_BYTES + length);
    const at = this.#position;
    writeFrame(
      this.#chunk,
      this.#view,
      at + RECORD_HEADER_BYTES,
      from,
      src[1],
      to,
      dst[1],
      payload,
      this.#ipId++,
    );
    this.#recordHeader(at, time, length);
    this.#commit(RECORD_HEADER_BYTES + length);
    return !this.#needDrain;
  }

  /** Writes one ready-made Ethernet frame; returns false like `writeUdp`. */
  writeFrame(time: CaptureTimestamp, frame: Uint8Array): boolean {
    this.#reserve(RECORD_HEADER_BYTES + frame.length);
    const at = this.#position;
    this.#recordHeader(at, time, frame.length);
    this.#chunk.set(frame, at + RECORD_HEADER_BYTES);
    this.#commit(RECORD_HEADER_BYTES + frame.length);
    return !this.#needDrain;
  }

  #commit(bytes: number): void {
    this.#position += bytes;
    this.bytes += bytes;
    this.packets++;
  }

  /** Resolves once the file stream can take more (at once when it can); rejects on a write error. */
  async drain(): Promise<void> {
    if (this.#error !== null) throw this.#error;
    if (!this.#needDrain) return;
    await new Promise<void>((resolve, reject) => {
      const done = (): void => {
        this.#stream.off('drain', done);
        this.#stream.off('error', failed);
        resolve();
      };
      const failed = (error: Error): void => {
        this.#stream.off('drain', done);
        reject(error);
      };
      this.#stream.on('drain', done);
      this.#stream.once('error', failed);
    });
  }

  /** Flushes everything, closes the file and renames `FILE.part` to `FILE`. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#flush();
    this.#closed = true;
    await this.#end();
    if (this.#error !== null) {
      await rm(this.partPath, { force: true });
      throw this.#error;
    }
    await rename(this.partPath, this.path);
  }

  /** Stops writing and removes `FILE.part` (the final name is never touched). */
  async abort(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      this.#stream.destroy();
      await new Promise<void>((resolve) => {
        if (this.#stream.closed) resolve();
        else this.#stream.once('close', () => resolve());
      });
    }
    await rm(this.partPath, { force: true });
  }

  #end(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.#stream.once('close', () => resolve());
      this.#stream.end();
    });
  }
}

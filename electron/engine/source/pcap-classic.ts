/**
 * Classic libpcap files: a 24-byte file header, then records of a 16-byte header plus the frame bytes
 * (24-byte header in Alexey Kuznetzov's "modified" variant). Byte order and timestamp resolution come
 * from the magic number.
 */
import type { CaptureInterface } from './capture-interface.ts';
import { CaptureFormatError, type Frame, type FrameSink } from './frame.ts';
import { MAX_RECORD_LENGTH, type RecordReader } from './record-reader.ts';
import { NS_PER_SECOND } from './timestamp.ts';

/** Magic of a file with microsecond timestamps, as written by the host (so read in its byte order). */
export const PCAP_MAGIC_MICROSECONDS = 0xa1b2c3d4;
/** Magic of a file with nanosecond timestamps. */
export const PCAP_MAGIC_NANOSECONDS = 0xa1b23c4d;
/** Magic of Kuznetzov's modified format (microseconds, 8 extra bytes per record header). */
export const PCAP_MAGIC_KUZNETZOV = 0xa1b2cd34;

/** Length of the file header, in bytes. */
export const PCAP_FILE_HEADER_LENGTH = 24;
/** Length of a record header, in bytes. */
export const PCAP_RECORD_HEADER_LENGTH = 16;
/** Extra record header bytes in the Kuznetzov format (ifindex u32, protocol u16, pkt_type u8, pad u8). */
export const KUZNETZOV_EXTRA_LENGTH = 8;
/** A record may always be this long (bytes), whatever the snap length says. */
export const PCAP_MIN_RECORD_LIMIT = 262_144;

// File header fields (after the 4-byte magic): version major u16, minor u16, thiszone i32, sigfigs u32.
const SNAPLEN_OFFSET = 16;
const NETWORK_OFFSET = 20;
/** `network` holds the link type in its low 26 bits, FCS information above (libpcap LT_LINKTYPE). */
const LINK_TYPE_MASK = 0x03ffffff;

// Record header fields.
const TS_SEC_OFFSET = 0;
const TS_FRACTION_OFFSET = 4;
const INCL_LEN_OFFSET = 8;
const ORIG_LEN_OFFSET = 12;

const MICROS_PER_SECOND = 1_000_000;

/** What a classic magic says about the file. */
export interface ClassicVariant {
  /** Multi-byte fields are little-endian. */
  readonly littleEndian: boolean;
  /** The record's second timestamp word counts nanoseconds (else microseconds). */
  readonly nanoseconds: boolean;
  /** Record headers carry Kuznetzov's 8 extra bytes. */
  readonly kuznetzov: boolean;
}

const MAGICS: readonly [number, Omit<ClassicVariant, 'littleEndian'>][] = [
  [PCAP_MAGIC_MICROSECONDS, { nanoseconds: false, kuznetzov: false }],
  [PCAP_MAGIC_NANOSECONDS, { nanoseconds: true, kuznetzov: false }],
  [PCAP_MAGIC_KUZNETZOV, { nanoseconds: false, kuznetzov: true }],
];

/** Recognises a classic magic from the file's first 4 bytes read as little- and as big-endian. */
export function classicVariant(
  magicLittleEndian: number,
  magicBigEndian: number,
): ClassicVariant | undefined {
  for (const [magic, variant] of MAGICS) {
    if (magicLittleEndian === magic) return { littleEndian: true, ...variant };
    if (magicBigEndian === magic) return { littleEndian: false, ...variant };
  }
  return undefined;
}

/** Reads the file header and then one record per step. */
export class ClassicPcapReader implements RecordReader {
  needed = PCAP_FILE_HEADER_LENGTH;
  pendingKind = 'file header';
  readonly interfaces: CaptureInterface[] = [];
  private readonly littleEndian: boolean;
  private readonly recordHeaderLength: number;
  private readonly fractionPerSecond: number;
  private readonly nsPerFraction: number;
  private readonly frame: Frame;
  private readonly sink: FrameSink;
  private recordLimit = 0;
  private linkType = 0;

  constructor(variant: ClassicVariant, frame: Frame, sink: FrameSink) {
    this.frame = frame;
    this.sink = sink;
    this.littleEndian = variant.littleEndian;
    this.recordHeaderLength = PCAP_RECORD_HEADER_LENGTH + (variant.kuznetzov ? KUZNETZOV_EXTRA_LENGTH : 0);
    this.fractionPerSecond = variant.nanoseconds ? NS_PER_SECOND : MICROS_PER_SECOND;
    this.nsPerFraction = NS_PER_SECOND / this.fractionPerSecond;
  }

  step(data: Uint8Array, view: DataView, pos: number, available: number, streamOffset: number): number {
    if (this.interfaces.length === 0) return this.readFileHeader(view, pos, available);
    const headerLength = this.recordHeaderLength;
    if (available < headerLength) return this.wait(headerLength);
    const le = this.littleEndian;
    const capturedLength = view.getUint32(pos + INCL_LEN_OFFSET, le);
    if (capturedLength > this.recordLimit) {
      throw new CaptureFormatError(
        `record length ${capturedLength} exceeds the limit of ${this.recordLimit} bytes`,
        streamOffset + pos,
      );
    }
    const total = headerLength + capturedLength;
    if (available < total) return this.wait(total);

    const frame = this.frame;
    let seconds = view.getUint32(pos + TS_SEC_OFFSET, le);
    let fraction = view.getUint32(pos + TS_FRACTION_OFFSET, le);
    if (fraction >= this.fractionPerSecond) {
      // Out-of-range sub-second field (seen in damaged or hand-made files): carry it into the seconds.
      seconds += Math.floor(fraction / this.fractionPerSecond);
      fraction %= this.fractionPerSecond;
    }
    frame.tsSec = seconds;
    frame.tsNsec = fraction * this.nsPerFraction;
    frame.linkType = this.linkType;
    frame.data = data;
    frame.view = view;
    frame.start = pos + headerLength;
    frame.capturedLength = capturedLength;
    frame.originalLength = view.getUint32(pos + ORIG_LEN_OFFSET, le);
    frame.fileOffset = streamOffset + pos;
    frame.interfaceId = 0;
    this.sink(frame);
    return total;
  }

  /** The 24-byte file header; `thiszone` and `sigfigs` are ignored (always 0 in practice). */
  private readFileHeader(view: DataView, pos: number, available: number): number {
    if (available < PCAP_FILE_HEADER_LENGTH) return this.wait(PCAP_FILE_HEADER_LENGTH);
    const snapLength = view.getUint32(pos + SNAPLEN_OFFSET, this.littleEndian);
    this.linkType = view.getUint32(pos + NETWORK_OFFSET, this.littleEndian) & LINK_TYPE_MASK;
    this.recordLimit = Math.min(Math.max(snapLength, PCAP_MIN_RECORD_LIMIT), MAX_RECORD_LENGTH);
    this.interfaces.push({ linkType: this.linkType, snapLength, tsUnitsPerSecond: this.fractionPerSecond });
    this.pendingKind = 'record';
    return PCAP_FILE_HEADER_LENGTH;
  }

  private wait(bytes: number): 0 {
    this.needed = bytes;
    return 0;
  }
}

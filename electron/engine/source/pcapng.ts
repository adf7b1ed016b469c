/**
 * pcapng files: a sequence of blocks. Each Section Header Block sets the byte order of its section and
 * starts a new interface list; packet blocks name their interface by its index in the current section.
 */
import type { CaptureInterface } from './capture-interface.ts';
import { CaptureFormatError, type Frame, type FrameSink } from './frame.ts';
import type { StatisticsSink } from './interface-statistics.ts';
import {
  BLOCK_HEADER_LENGTH,
  BLOCK_LENGTH_OFFSET,
  BLOCK_TRAILER_LENGTH,
  checkBlockLength,
  EPB_BLOCK_TYPE,
  IDB_BLOCK_TYPE,
  IDB_LINK_TYPE_OFFSET,
  IDB_OPTIONS_OFFSET,
  IDB_SNAPLEN_OFFSET,
  type InterfaceClock,
  ISB_BLOCK_TYPE,
  ISB_INTERFACE_OFFSET,
  ISB_MIN_LENGTH,
  ISB_OPTIONS_OFFSET,
  ISB_TS_HIGH_OFFSET,
  ISB_TS_LOW_OFFSET,
  OPB_BLOCK_TYPE,
  PACKET_CAPLEN_OFFSET,
  PACKET_DATA_OFFSET,
  PACKET_INTERFACE_OFFSET,
  PACKET_ORIGLEN_OFFSET,
  PACKET_TS_HIGH_OFFSET,
  PACKET_TS_LOW_OFFSET,
  readInterfaceClock,
  readStatisticsCounters,
  SHB_BLOCK_TYPE,
  SHB_MAJOR_OFFSET,
  SHB_MINOR_OFFSET,
  SHB_PROBE_LENGTH,
  SPB_BLOCK_TYPE,
  SPB_DATA_OFFSET,
  SPB_ORIGLEN_OFFSET,
  SUPPORTED_MAJOR_VERSION,
  sectionByteOrder,
} from './pcapng-layout.ts';
import type { RecordReader } from './record-reader.ts';
import { type Timestamp, ticksToTime } from './timestamp.ts';

interface InterfaceState extends InterfaceClock {
  readonly info: CaptureInterface;
}

const TWO_POW_32 = 0x1_0000_0000;

/** Reads one block per step; the parser has already seen the first SHB's block type. */
export class PcapngReader implements RecordReader {
  needed = BLOCK_HEADER_LENGTH;
  readonly pendingKind = 'block';
  /** All interfaces of all sections, in order of appearance. */
  readonly interfaces: CaptureInterface[] = [];
  /** Interfaces of the current section, indexed by packet blocks. */
  private section: InterfaceState[] = [];
  private littleEndian = true;
  private readonly frame: Frame;
  private readonly sink: FrameSink;
  private readonly onStatistics: StatisticsSink | undefined;

  /** Without `onStatistics`, Interface Statistics Blocks are skipped unread. */
  constructor(frame: Frame, sink: FrameSink, onStatistics?: StatisticsSink) {
    this.frame = frame;
    this.sink = sink;
    this.onStatistics = onStatistics;
  }

  step(data: Uint8Array, view: DataView, pos: number, available: number, streamOffset: number): number {
    if (available < BLOCK_HEADER_LENGTH) return this.wait(BLOCK_HEADER_LENGTH);
    const at = streamOffset + pos;
    let le = this.littleEndian;
    const type = view.getUint32(pos, le);
    if (type === SHB_BLOCK_TYPE) {
      if (available < SHB_PROBE_LENGTH) return this.wait(SHB_PROBE_LENGTH);
      le = sectionByteOrder(view, pos, at);
    }
    const length = view.getUint32(pos + BLOCK_LENGTH_OFFSET, le);
    checkBlockLength(type, length, at);
    if (available < length) return this.wait(length);
    const trailer = view.getUint32(pos + length - BLOCK_TRAILER_LENGTH, le);
    if (trailer !== length) {
      throw new CaptureFormatError(
        `block trailing length ${trailer} does not match its leading length ${length}`,
        at,
      );
    }
    switch (type) {
      case SHB_BLOCK_TYPE:
        this.startSection(view, pos, le, at);
        break;
      case IDB_BLOCK_TYPE:
        this.addInterface(view, pos, length, at);
        break;
      case EPB_BLOCK_TYPE:
        this.emitTimestamped(data, view, pos, length, at, view.getUint32(pos + PACKET_INTERFACE_OFFSET, le));
        break;
      case OPB_BLOCK_TYPE:
        this.emitTimestamped(data, view, pos, length, at, view.getUint16(pos + PACKET_INTERFACE_OFFSET, le));
        break;
      case SPB_BLOCK_TYPE:
        this.emitSimple(data, view, pos, length, at);
        break;
      case ISB_BLOCK_TYPE:
        if (this.onStatistics !== undefined) this.emitStatistics(view, pos, length, at, this.onStatistics);
        break;
      default:
        // Name resolution, decryption secrets, custom and unknown blocks hold no frames.
        break;
    }
    return length;
  }

  private startSection(view: DataView, pos: number, le: boolean, at: number): void {
    const major = view.getUint16(pos + SHB_MAJOR_OFFSET, le);
    if (major !== SUPPORTED_MAJOR_VERSION) {
      const minor = view.getUint16(pos + SHB_MINOR_OFFSET, le);
      throw new CaptureFormatError(`unsupported pcapng version ${major}.${minor}`, at);
    }
    this.littleEndian = le;
    this.section = [];
  }

  private addInterface(view: DataView, pos: number, length: number, at: number): void {
    const le = this.littleEndian;
    const optionsEnd = pos + length - BLOCK_TRAILER_LENGTH;
    const clock = readInterfaceClock(view, pos + IDB_OPTIONS_OFFSET, optionsEnd, le, at);
    const info: CaptureInterface = {
      linkType: view.getUint16(pos + IDB_LINK_TYPE_OFFSET, le),
      snapLength: view.getUint32(pos + IDB_SNAPLEN_OFFSET, le),
      tsUnitsPerSecond: clock.base.unitsPerSecond,
    };
    this.section.push({ ...clock, info });
    this.interfaces.push(info);
  }

  /** Enhanced and Obsolete Packet Blocks. */
  private emitTimestamped(
    data: Uint8Array,
    view: DataView,
    pos: number,
    length: number,
    at: number,
    interfaceId: number,
  ): void {
    const le = this.littleEndian;
    const iface = this.interfaceAt(interfaceId, at);
    const capturedLength = view.getUint32(pos + PACKET_CAPLEN_OFFSET, le);
    const space = length - PACKET_DATA_OFFSET - BLOCK_TRAILER_LENGTH;
    if (capturedLength > space) {
      throw new CaptureFormatError(
        `captured length ${capturedLength} exceeds the block's ${space} bytes of space`,
        at,
      );
    }
    const high = view.getUint32(pos + PACKET_TS_HIGH_OFFSET, le);
    const low = view.getUint32(pos + PACKET_TS_LOW_OFFSET, le);
    if (!ticksToTime(high, low, iface.base, this.frame)) {
      throw new CaptureFormatError(`timestamp of ${high * TWO_POW_32 + low} ticks is out of range`, at);
    }
    this.frame.tsSec += iface.offsetSeconds;
    const originalLength = view.getUint32(pos + PACKET_ORIGLEN_OFFSET, le);
    this.emit(data, view, pos + PACKET_DATA_OFFSET, capturedLength, originalLength, at, interfaceId, iface);
  }

  /**
   * Simple Packet Blocks: interface 0, no timestamp (the frame gets 0 s + 0 ns, if_tsoffset is not
   * applied), and a captured length of min(original length, interface 0's snap length, block space).
   */
  private emitSimple(data: Uint8Array, view: DataView, pos: number, length: number, at: number): void {
    const iface = this.interfaceAt(0, at);
    const originalLength = view.getUint32(pos + SPB_ORIGLEN_OFFSET, this.littleEndian);
    let capturedLength = Math.min(originalLength, length - SPB_DATA_OFFSET - BLOCK_TRAILER_LENGTH);
    if (iface.info.snapLength > 0) capturedLength = Math.min(capturedLength, iface.info.snapLength);
    this.frame.tsSec = 0;
    this.frame.tsNsec = 0;
    this.emit(data, view, pos + SPB_DATA_OFFSET, capturedLength, originalLength, at, 0, iface);
  }

  private emit(
    data: Uint8Array,
    view: DataView,
    start: number,
    capturedLength: number,
    originalLength: number,
    at: number,
    interfaceId: number,
    iface: InterfaceState,
  ): void {
    const frame = this.frame;
    frame.linkType = iface.info.linkType;
    frame.data = data;
    frame.view = view;
    frame.start = start;
    frame.capturedLength = capturedLength;
    frame.originalLength = originalLength;
    frame.fileOffset = at;
    frame.interfaceId = interfaceId;
    this.sink(frame);
  }

  /** Interface Statistics Blocks: timestamp in the interface's units, counters from the options. */
  private emitStatistics(
    view: DataView,
    pos: number,
    length: number,
    at: number,
    onStatistics: StatisticsSink,
  ): void {
    const le = this.littleEndian;
    if (length < ISB_MIN_LENGTH) {
      throw new CaptureFormatError(
        `interface statistics block of ${length} bytes is shorter than ${ISB_MIN_LENGTH}`,
        at,
      );
    }
    const interfaceId = view.getUint32(pos + ISB_INTERFACE_OFFSET, le);
    const iface = this.section[interfaceId];
    if (iface === undefined) {
      throw new CaptureFormatError(
        `interface statistics block refers to interface ${interfaceId}, but only ${this.section.length} interface(s) are described`,
        at,
      );
    }
    const high = view.getUint32(pos + ISB_TS_HIGH_OFFSET, le);
    const low = view.getUint32(pos + ISB_TS_LOW_OFFSET, le);
    const time: Timestamp = { tsSec: 0, tsNsec: 0 };
    if (!ticksToTime(high, low, iface.base, time)) {
      throw new CaptureFormatError(`timestamp of ${high * TWO_POW_32 + low} ticks is out of range`, at);
    }
    const optionsEnd = pos + length - BLOCK_TRAILER_LENGTH;
    const counters = readStatisticsCounters(view, pos + ISB_OPTIONS_OFFSET, optionsEnd, le, at);
    onStatistics({ interfaceId, tsSec: time.tsSec + iface.offsetSeconds, tsNsec: time.tsNsec, ...counters });
  }

  private interfaceAt(interfaceId: number, at: number): InterfaceState {
    const iface = this.section[interfaceId];
    if (iface === undefined) {
      const described = this.section.length;
      throw new CaptureFormatError(
        `packet block refers to interface ${interfaceId}, but only ${described} interface(s) are described`,
        at,
      );
    }
    return iface;
  }

  private wait(bytes: number): 0 {
    this.needed = bytes;
    return 0;
  }
}

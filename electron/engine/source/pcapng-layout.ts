/**
 * pcapng block layout (offsets from the start of a block, in bytes) and the checks that need no reader
 * state. Every block: type u32, total length u32, body, total length u32 again.
 */
import { CaptureFormatError } from './frame.ts';
import { MAX_RECORD_LENGTH } from './record-reader.ts';
import { describeTsresol, MICROSECONDS, type TimeBase, timeBaseFromTsresol } from './timestamp.ts';

/** Section Header Block type: the same bytes in either byte order, so it is also the file's magic. */
export const SHB_BLOCK_TYPE = 0x0a0d0d0a;
/** Interface Description Block type. */
export const IDB_BLOCK_TYPE = 1;
/** Obsolete Packet Block type. */
export const OPB_BLOCK_TYPE = 2;
/** Simple Packet Block type. */
export const SPB_BLOCK_TYPE = 3;
/** Interface Statistics Block type. */
export const ISB_BLOCK_TYPE = 5;
/** Enhanced Packet Block type. */
export const EPB_BLOCK_TYPE = 6;
/** SHB byte-order magic, as the section's writer wrote it. */
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const BYTE_ORDER_MAGIC_SWAPPED = 0x4d3c2b1a;

// Every block.
export const BLOCK_LENGTH_OFFSET = 4;
export const BLOCK_HEADER_LENGTH = 8;
export const BLOCK_TRAILER_LENGTH = 4;
const MIN_BLOCK_LENGTH = BLOCK_HEADER_LENGTH + BLOCK_TRAILER_LENGTH;
const BLOCK_ALIGNMENT = 4;
// Section Header Block: byte-order magic u32, major u16, minor u16, section length i64, options.
const SHB_BYTE_ORDER_OFFSET = 8;
export const SHB_MAJOR_OFFSET = 12;
export const SHB_MINOR_OFFSET = 14;
/** Bytes of an SHB needed to know its byte order and length. */
export const SHB_PROBE_LENGTH = 12;
const SHB_OPTIONS_OFFSET = 24;
export const SUPPORTED_MAJOR_VERSION = 1;
// Interface Description Block: link type u16, reserved u16, snap length u32, options.
export const IDB_LINK_TYPE_OFFSET = 8;
export const IDB_SNAPLEN_OFFSET = 12;
export const IDB_OPTIONS_OFFSET = 16;
// Enhanced Packet Block: interface u32 (Obsolete Packet Block: interface u16, drops u16), timestamp
// high u32, low u32, captured length u32, original length u32, data padded to 4 bytes, options.
export const PACKET_INTERFACE_OFFSET = 8;
export const PACKET_TS_HIGH_OFFSET = 12;
export const PACKET_TS_LOW_OFFSET = 16;
export const PACKET_CAPLEN_OFFSET = 20;
export const PACKET_ORIGLEN_OFFSET = 24;
export const PACKET_DATA_OFFSET = 28;
// Simple Packet Block: original length u32, data.
export const SPB_ORIGLEN_OFFSET = 8;
export const SPB_DATA_OFFSET = 12;
// Interface Statistics Block: interface u32, timestamp high u32, low u32, options.
export const ISB_INTERFACE_OFFSET = 8;
export const ISB_TS_HIGH_OFFSET = 12;
export const ISB_TS_LOW_OFFSET = 16;
export const ISB_OPTIONS_OFFSET = 20;
/** Smallest valid ISB, in bytes; only checked when statistics are read (otherwise ISBs are skipped). */
export const ISB_MIN_LENGTH = ISB_OPTIONS_OFFSET + BLOCK_TRAILER_LENGTH;
// Options: code u16, length u16, value padded to 4 bytes.
const OPTION_HEADER_LENGTH = 4;
const OPTION_LENGTH_OFFSET = 2;
const OPT_ENDOFOPT = 0;
const IF_TSRESOL = 9;
const IF_TSRESOL_LENGTH = 1;
const IF_TSOFFSET = 14;
const IF_TSOFFSET_LENGTH = 8;
const ISB_IFRECV = 4;
const ISB_IFDROP = 5;
const ISB_OSDROP = 7;
const ISB_USRDELIV = 8;
const COUNTER_LENGTH = 8;
const WORD_LENGTH = 4;
const TWO_POW_32 = 0x1_0000_0000;

/** Smallest valid total length per block type, in bytes. */
const MIN_LENGTH_BY_TYPE = new Map<number, number>([
  [SHB_BLOCK_TYPE, SHB_OPTIONS_OFFSET + BLOCK_TRAILER_LENGTH],
  [IDB_BLOCK_TYPE, IDB_OPTIONS_OFFSET + BLOCK_TRAILER_LENGTH],
  [OPB_BLOCK_TYPE, PACKET_DATA_OFFSET + BLOCK_TRAILER_LENGTH],
  [SPB_BLOCK_TYPE, SPB_DATA_OFFSET + BLOCK_TRAILER_LENGTH],
  [EPB_BLOCK_TYPE, PACKET_DATA_OFFSET + BLOCK_TRAILER_LENGTH],
]);

/** Timestamp settings of an interface, from its IDB options. */
export interface InterfaceClock {
  /** if_tsresol (default 10^-6 s). */
  readonly base: TimeBase;
  /** if_tsoffset, in seconds, added to every timestamp of the interface (default 0). */
  readonly offsetSeconds: number;
}

/** `0x` + 8 hex digits. */
export const hex32 = (value: number): string => `0x${value.toString(16).padStart(8, '0')}`;

/** Byte order of a section from its SHB's byte-order magic: true = little-endian. */
export function sectionByteOrder(view: DataView, pos: number, at: number): boolean {
  const magic = view.getUint32(pos + SHB_BYTE_ORDER_OFFSET, true);
  if (magic === BYTE_ORDER_MAGIC) return true;
  if (magic === BYTE_ORDER_MAGIC_SWAPPED) return false;
  const inFileOrder = view.getUint32(pos + SHB_BYTE_ORDER_OFFSET, false);
  throw new CaptureFormatError(`bad pcapng byte-order magic ${hex32(inFileOrder)}`, at);
}

/** Rejects a block total length that is too short, unaligned or absurdly long, before anything is buffered. */
export function checkBlockLength(type: number, length: number, at: number): void {
  if (length < MIN_BLOCK_LENGTH) {
    throw new CaptureFormatError(
      `block length ${length} is less than the minimum of ${MIN_BLOCK_LENGTH}`,
      at,
    );
  }
  if (length % BLOCK_ALIGNMENT !== 0) {
    throw new CaptureFormatError(`block length ${length} is not a multiple of ${BLOCK_ALIGNMENT}`, at);
  }
  if (length > MAX_RECORD_LENGTH) {
    throw new CaptureFormatError(
      `block length ${length} exceeds the limit of ${MAX_RECORD_LENGTH} bytes`,
      at,
    );
  }
  const minimum = MIN_LENGTH_BY_TYPE.get(type) ?? MIN_BLOCK_LENGTH;
  if (length < minimum) {
    throw new CaptureFormatError(
      `block type ${hex32(type)} of ${length} bytes is shorter than ${minimum}`,
      at,
    );
  }
}

/**
 * Calls `visit(code, value, size)` for each option between `start` and `end` (offsets in `view`) up to
 * opt_endofopt; `value` is the offset of the option's value. `kind` names the block in errors.
 */
function forEachOption(
  view: DataView,
  start: number,
  end: number,
  le: boolean,
  at: number,
  kind: string,
  visit: (code: number, value: number, size: number) => void,
): void {
  let option = start;
  while (option + OPTION_HEADER_LENGTH <= end) {
    const code = view.getUint16(option, le);
    const size = view.getUint16(option + OPTION_LENGTH_OFFSET, le);
    if (code === OPT_ENDOFOPT) break;
    const value = option + OPTION_HEADER_LENGTH;
    if (value + size > end) {
      throw new CaptureFormatError(`${kind} option ${code} of ${size} bytes overruns its block`, at);
    }
    visit(code, value, size);
    option = value + alignUp(size);
  }
}

/** Reads if_tsresol and if_tsoffset from the options between `start` and `end` (offsets in `view`). */
export function readInterfaceClock(
  view: DataView,
  start: number,
  end: number,
  le: boolean,
  at: number,
): InterfaceClock {
  let base = MICROSECONDS;
  let offsetSeconds = 0;
  forEachOption(view, start, end, le, at, 'interface', (code, value, size) => {
    if (code === IF_TSRESOL) base = readTsresol(view, value, size, at);
    else if (code === IF_TSOFFSET) offsetSeconds = readTsoffset(view, value, size, le, at);
  });
  return { base, offsetSeconds };
}

/** The counters of an ISB; null where the block has no such option. */
export interface StatisticsCounters {
  /** isb_ifrecv. */
  received: number | null;
  /** isb_ifdrop. */
  interfaceDropped: number | null;
  /** isb_osdrop. */
  osDropped: number | null;
  /** isb_usrdeliv. */
  delivered: number | null;
}

const COUNTER_NAMES = new Map<number, string>([
  [ISB_IFRECV, 'isb_ifrecv'],
  [ISB_IFDROP, 'isb_ifdrop'],
  [ISB_OSDROP, 'isb_osdrop'],
  [ISB_USRDELIV, 'isb_usrdeliv'],
]);

/** Reads the ISB counter options between `start` and `end`; other options (start/end time, ...) are skipped. */
export function readStatisticsCounters(
  view: DataView,
  start: number,
  end: number,
  le: boolean,
  at: number,
): StatisticsCounters {
  const counters: StatisticsCounters = {
    received: null,
    interfaceDropped: null,
    osDropped: null,
    delivered: null,
  };
  forEachOption(view, start, end, le, at, 'statistics', (code, value, size) => {
    const name = COUNTER_NAMES.get(code);
    if (name === undefined) return;
    if (size !== COUNTER_LENGTH) {
      throw new CaptureFormatError(`${name} option of ${size} bytes (expected ${COUNTER_LENGTH})`, at);
    }
    const count = readUint64(view, value, le);
    if (code === ISB_IFRECV) counters.received = count;
    else if (code === ISB_IFDROP) counters.interfaceDropped = count;
    else if (code === ISB_OSDROP) counters.osDropped = count;
    else counters.delivered = count;
  });
  return counters;
}

/** An unsigned 64-bit value as a number (exact up to 2^53, rounded above). */
function readUint64(view: DataView, at: number, le: boolean): number {
  const high = view.getUint32(le ? at + WORD_LENGTH : at, le);
  const low = view.getUint32(le ? at : at + WORD_LENGTH, le);
  return high * TWO_POW_32 + low;
}

function readTsresol(view: DataView, value: number, size: number, at: number): TimeBase {
  if (size !== IF_TSRESOL_LENGTH) {
    throw new CaptureFormatError(`if_tsresol option of ${size} bytes (expected ${IF_TSRESOL_LENGTH})`, at);
  }
  const resolution = view.getUint8(value);
  const base = timeBaseFromTsresol(resolution);
  if (base === undefined) {
    throw new CaptureFormatError(
      `unsupported if_tsresol ${resolution} (${describeTsresol(resolution)}; the finest supported are 10^-9 and 2^-30 s)`,
      at,
    );
  }
  return base;
}

/** if_tsoffset: a signed 64-bit count of seconds, in the section's byte order. */
function readTsoffset(view: DataView, value: number, size: number, le: boolean, at: number): number {
  if (size !== IF_TSOFFSET_LENGTH) {
    throw new CaptureFormatError(`if_tsoffset option of ${size} bytes (expected ${IF_TSOFFSET_LENGTH})`, at);
  }
  const high = view.getInt32(le ? value + WORD_LENGTH : value, le);
  const low = view.getUint32(le ? value : value + WORD_LENGTH, le);
  const seconds = high * TWO_POW_32 + low;
  if (!Number.isSafeInteger(seconds))
    throw new CaptureFormatError(`if_tsoffset ${seconds} s is out of range`, at);
  return seconds;
}

function alignUp(size: number): number {
  return (size + BLOCK_ALIGNMENT - 1) & ~(BLOCK_ALIGNMENT - 1);
}

/**
 * Exact timestamp arithmetic: capture files count time in ticks (µs, ns, 2^-n s, ...) in up to 64 bits,
 * which is beyond the 2^53 a JS number holds exactly, so the split into seconds + nanoseconds is done
 * by long division in 16-bit limbs.
 */

/** A clock's ticks per second plus the exact factor that turns a tick remainder into nanoseconds. */
export interface TimeBase {
  /** Timestamp ticks per second (10^0 .. 10^9 or 2^0 .. 2^30). */
  readonly unitsPerSecond: number;
  /** nanoseconds = round(remainder · nsNumerator / nsDenominator); the product always stays below 2^53. */
  readonly nsNumerator: number;
  /** Power of two (1 for decimal resolutions), so the division is exact. */
  readonly nsDenominator: number;
}

/** Where a converted timestamp is written (a Frame fits). */
export interface Timestamp {
  /** Whole seconds. */
  tsSec: number;
  /** Nanoseconds within the second (0 .. 999 999 999). */
  tsNsec: number;
}

/** Nanoseconds per second. */
export const NS_PER_SECOND = 1_000_000_000;
/** Finest decimal resolution supported: 10^-9 s. */
export const MAX_DECIMAL_DIGITS = 9;
/** Finest binary resolution supported: 2^-30 s. */
export const MAX_BINARY_BITS = 30;
/** 10^9 = 2^9 · 1 953 125: a binary remainder (< 2^30) times the odd factor stays below 2^53. */
const NS_TWO_EXPONENT = 9;
const NS_ODD_FACTOR = 1_953_125;
const DECIMAL_POWERS = [
  1,
  10,
  100,
  1_000,
  10_000,
  100_000,
  1_000_000,
  10_000_000,
  100_000_000,
  NS_PER_SECOND,
];
/** pcapng if_tsresol: set MSB = power of two, clear = power of ten; the other 7 bits are the exponent. */
const TSRESOL_BINARY_FLAG = 0x80;
const TSRESOL_EXPONENT_MASK = 0x7f;
const LIMB = 0x1_0000;
const LIMB_MASK = 0xffff;
const LIMB_BITS = 16;
const TWO_POW_32 = 0x1_0000_0000;

/** Resolution of 10^-digits s (digits 0..9). */
export function decimalTimeBase(digits: number): TimeBase {
  const unitsPerSecond = DECIMAL_POWERS[digits];
  if (unitsPerSecond === undefined) throw new RangeError(`decimal resolution 10^-${digits} is not supported`);
  return { unitsPerSecond, nsNumerator: NS_PER_SECOND / unitsPerSecond, nsDenominator: 1 };
}

/** Resolution of 2^-bits s (bits 0..30). */
export function binaryTimeBase(bits: number): TimeBase {
  if (!Number.isInteger(bits) || bits < 0 || bits > MAX_BINARY_BITS) {
    throw new RangeError(`binary resolution 2^-${bits} is not supported`);
  }
  const unitsPerSecond = 2 ** bits;
  if (bits <= NS_TWO_EXPONENT)
    return { unitsPerSecond, nsNumerator: NS_PER_SECOND / unitsPerSecond, nsDenominator: 1 };
  return { unitsPerSecond, nsNumerator: NS_ODD_FACTOR, nsDenominator: 2 ** (bits - NS_TWO_EXPONENT) };
}

/** Microsecond resolution (classic pcap, pcapng default). */
export const MICROSECONDS = decimalTimeBase(6);
/** Nanosecond resolution. */
export const NANOSECONDS = decimalTimeBase(9);

/** The time base of a pcapng `if_tsresol` option value, or undefined when it is finer than supported. */
export function timeBaseFromTsresol(value: number): TimeBase | undefined {
  const exponent = value & TSRESOL_EXPONENT_MASK;
  if ((value & TSRESOL_BINARY_FLAG) !== 0)
    return exponent <= MAX_BINARY_BITS ? binaryTimeBase(exponent) : undefined;
  return exponent <= MAX_DECIMAL_DIGITS ? decimalTimeBase(exponent) : undefined;
}

/** Human form of an if_tsresol value, e.g. "10^-6 s" or "2^-10 s". */
export function describeTsresol(value: number): string {
  const base = (value & TSRESOL_BINARY_FLAG) !== 0 ? 2 : 10;
  return `${base}^-${value & TSRESOL_EXPONENT_MASK} s`;
}

/**
 * Splits the 64-bit tick count `hi · 2^32 + lo` (both unsigned 32-bit) into whole seconds and
 * nanoseconds (rounded to nearest), exactly. Writes `out` and returns true, or returns false (leaving
 * `out` alone) when the seconds exceed 2^53 - 1.
 */
export function ticksToTime(hi: number, lo: number, base: TimeBase, out: Timestamp): boolean {
  const units = base.unitsPerSecond;
  const qh = Math.floor(hi / units);
  const rh = hi - qh * units;
  const a = rh * LIMB + (lo >>> LIMB_BITS);
  const q1 = Math.floor(a / units);
  const b = (a - q1 * units) * LIMB + (lo & LIMB_MASK);
  const q2 = Math.floor(b / units);
  const remainder = b - q2 * units;
  let seconds = qh * TWO_POW_32 + q1 * LIMB + q2;
  let nanoseconds = Math.round((remainder * base.nsNumerator) / base.nsDenominator);
  if (nanoseconds >= NS_PER_SECOND) {
    // Unreachable while unitsPerSecond < 2·10^9 (a tick is then never within 0.5 ns of a second), kept for safety.
    seconds += 1;
    nanoseconds -= NS_PER_SECOND;
  }
  if (seconds > Number.MAX_SAFE_INTEGER) return false;
  out.tsSec = seconds;
  out.tsNsec = nanoseconds;
  return true;
}

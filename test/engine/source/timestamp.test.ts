import { describe, expect, it } from 'vitest';
import {
  binaryTimeBase,
  decimalTimeBase,
  describeTsresol,
  MICROSECONDS,
  NANOSECONDS,
  type TimeBase,
  type Timestamp,
  ticksToTime,
  timeBaseFromTsresol,
} from '../../../electron/engine/source/timestamp.ts';

function convert(ticks: bigint, base: TimeBase): Timestamp | undefined {
  const out: Timestamp = { tsSec: -1, tsNsec: -1 };
  const ok = ticksToTime(Number(ticks >> 32n), Number(ticks & 0xffff_ffffn), base, out);
  return ok ? out : undefined;
}

/** Reference in BigInt: seconds, and nanoseconds rounded half up with carry. */
function reference(ticks: bigint, unitsPerSecond: number): Timestamp {
  const units = BigInt(unitsPerSecond);
  let seconds = ticks / units;
  let nanoseconds = ((ticks % units) * 2_000_000_000n + units) / (2n * units);
  if (nanoseconds === 1_000_000_000n) {
    seconds += 1n;
    nanoseconds = 0n;
  }
  return { tsSec: Number(seconds), tsNsec: Number(nanoseconds) };
}

/** Deterministic 64-bit values (xorshift64*). */
function* randomTicks(count: number, seed = 0x9e3779b97f4a7c15n): Generator<bigint> {
  let state = seed;
  for (let i = 0; i < count; i++) {
    state ^= state >> 12n;
    state ^= BigInt.asUintN(64, state << 25n);
    state ^= state >> 27n;
    yield BigInt.asUintN(64, state * 0x2545f4914f6cdd1dn);
  }
}

describe('ticksToTime', () => {
  it('splits a 64-bit nanosecond count beyond 2^53 exactly', () => {
    expect(convert(1_700_000_000_123_456_789n, NANOSECONDS)).toEqual({
      tsSec: 1_700_000_000,
      tsNsec: 123_456_789,
    });
    expect(convert(1_700_000_000_999_999_999n, NANOSECONDS)).toEqual({
      tsSec: 1_700_000_000,
      tsNsec: 999_999_999,
    });
  });

  it('converts microseconds', () => {
    expect(convert(1_700_000_000_123_456n, MICROSECONDS)).toEqual({
      tsSec: 1_700_000_000,
      tsNsec: 123_456_000,
    });
    expect(convert(0n, MICROSECONDS)).toEqual({ tsSec: 0, tsNsec: 0 });
  });

  it('converts binary fractions, rounding to the nearest nanosecond', () => {
    // 2^-10 s: 1023 ticks = 0.9990234375 s
    expect(convert(5n * 1024n + 1023n, binaryTimeBase(10))).toEqual({ tsSec: 5, tsNsec: 999_023_438 });
    // 2^-30 s: the last tick of a second is 0.999 999 999 07 s
    expect(convert(2n ** 30n - 1n, binaryTimeBase(30))).toEqual({ tsSec: 0, tsNsec: 999_999_999 });
    expect(convert(1n, binaryTimeBase(30))).toEqual({ tsSec: 0, tsNsec: 1 });
  });

  it('matches a BigInt reference for every supported resolution', () => {
    const bases = [
      ...Array.from({ length: 10 }, (_, digits) => decimalTimeBase(digits)),
      ...Array.from({ length: 31 }, (_, bits) => binaryTimeBase(bits)),
    ];
    for (const base of bases) {
      for (const raw of randomTicks(200, BigInt(base.unitsPerSecond) * 7919n + 1n)) {
        // keep the seconds below 2^53 so the value is representable
        const ticks = raw % (BigInt(base.unitsPerSecond) * 2n ** 52n);
        expect(convert(ticks, base), `${ticks} at ${base.unitsPerSecond}/s`).toEqual(
          reference(ticks, base.unitsPerSecond),
        );
      }
    }
  });

  it('refuses seconds beyond 2^53 - 1 and leaves the output alone', () => {
    expect(convert(2n ** 64n - 1n, decimalTimeBase(0))).toBeUndefined();
    expect(convert(2n ** 53n - 1n, decimalTimeBase(0))).toEqual({ tsSec: 2 ** 53 - 1, tsNsec: 0 });
  });
});

describe('timeBaseFromTsresol', () => {
  it('reads powers of ten and of two', () => {
    expect(timeBaseFromTsresol(6)?.unitsPerSecond).toBe(1_000_000);
    expect(timeBaseFromTsresol(9)?.unitsPerSecond).toBe(1_000_000_000);
    expect(timeBaseFromTsresol(0)?.unitsPerSecond).toBe(1);
    expect(timeBaseFromTsresol(0x80 | 10)?.unitsPerSecond).toBe(1024);
    expect(timeBaseFromTsresol(0x80 | 30)?.unitsPerSecond).toBe(2 ** 30);
  });

  it('rejects resolutions finer than 10^-9 or 2^-30 s', () => {
    expect(timeBaseFromTsresol(10)).toBeUndefined();
    expect(timeBaseFromTsresol(0x7f)).toBeUndefined();
    expect(timeBaseFromTsresol(0x80 | 31)).toBeUndefined();
    expect(describeTsresol(12)).toBe('10^-12 s');
    expect(describeTsresol(0x80 | 40)).toBe('2^-40 s');
  });
});

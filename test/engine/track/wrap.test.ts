import { describe, expect, it } from 'vitest';
import {
  extendSeq,
  isWithinHalfRangeAfter,
  seqDelta,
  timestampDelta,
  timestampForward,
} from '../../../electron/engine/track/wrap.ts';

describe('sequence number wrap (16 bit)', () => {
  it.each([
    [65535, 0, 1],
    [0, 65535, -1],
    [100, 101, 1],
    [101, 100, -1],
    [0, 32767, 32767],
    [0, 32768, -32768],
    [32768, 0, -32768],
    [65000, 500, 1036],
  ])('seqDelta(%i, %i) = %i', (from, to, delta) => {
    expect(seqDelta(from, to)).toBe(delta);
  });

  it.each([
    [65535, 0, 65536],
    [65536 + 10, 5, 65536 + 5],
    [2 * 65536 + 1, 65535, 2 * 65536 - 1],
    [32768, 0, 0],
    [100, 32867, 32867],
  ])('extendSeq(%i, %i) = %i', (reference, seq, extended) => {
    expect(extendSeq(reference, seq)).toBe(extended);
  });
});

describe('timestamp wrap (32 bit)', () => {
  const MAX = 0xffff_ffff;
  it('counts forward across 2^32', () => {
    expect(timestampForward(MAX, 0)).toBe(1);
    expect(timestampForward(MAX - 159, 0x60)).toBe(160 + 0x60);
    expect(timestampForward(5, 4)).toBe(MAX);
  });

  it('signed difference treats half the range as the turning point', () => {
    expect(timestampDelta(MAX, 0)).toBe(1);
    expect(timestampDelta(0, MAX)).toBe(-1);
    expect(timestampDelta(0, 0x7fff_ffff)).toBe(0x7fff_ffff);
    expect(timestampDelta(0, 0x8000_0000)).toBe(-0x8000_0000);
  });

  it('in-time-sequence test against the first timestamp (Wireshark 4.0)', () => {
    expect(isWithinHalfRangeAfter(1000, 1000)).toBe(true);
    expect(isWithinHalfRangeAfter(1000, 999)).toBe(false);
    expect(isWithinHalfRangeAfter(MAX - 10, 5)).toBe(true);
    expect(isWithinHalfRangeAfter(0, 0x7fff_ffff)).toBe(true);
    expect(isWithinHalfRangeAfter(0, 0x8000_0000)).toBe(false);
    // Across the wrap Wireshark's test is off by one: exactly 2^31 ahead still counts.
    expect(isWithinHalfRangeAfter(0x8000_0001, 1)).toBe(true);
    expect(isWithinHalfRangeAfter(0x8000_0001, 2)).toBe(false);
  });
});
